"""Notifications through Apprise: phones (ntfy, Pushover, …), e-mail, chats, any ``json://`` hook.

Parsing an Apprise URL and building its service object costs more than a local send, so each
address gets one ``Apprise`` object, kept and reused for every message to it (sends to the same
address take turns). Every send is bounded by the delivery timeout: connecting may take half of
it, waiting for the answer all of it.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict

import apprise

from models import AccountAddress, ReminderSchedule
from reminders.channels.base import DeliveryTimeout, PermanentDeliveryError, RateLimited, RetryableDeliveryError
from reminders.channels.guard import guarded_send
from reminders.messages import ReminderMessage

_ERROR_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
# One URL per Apprise object: Apprise's own thread pool would only add overhead.
_ASSET = apprise.AppriseAsset(async_mode=False)
# Addresses kept ready; beyond this the least recently used is rebuilt when next needed.
CACHED_ADDRESSES = 10_000
# Apprise reports a timeout as a "connection error"; one that lasted this share of the read
# timeout was a receiver that took the request and did not answer in time.
_TIMED_OUT_SHARE = 0.9


class AppriseChannel:
    """One Apprise URL, parsed once."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url
        self.timeout = timeout
        self._lock = threading.Lock()
        self._notifier = apprise.Apprise(asset=_ASSET)
        self._usable = self._notifier.add(url)
        for service in self._notifier:
            service.socket_connect_timeout = min(service.socket_connect_timeout, timeout / 2)
            service.socket_read_timeout = min(service.socket_read_timeout, timeout)

    def deliver(self, message: ReminderMessage) -> None:
        if not self._usable:
            raise PermanentDeliveryError("Apprise can no longer parse this notification address")
        with self._lock, guarded_send(self.url):   # the outbound rules again, at the moment of sending
            started = time.monotonic()
            result = self._notifier.notify(body=message.body, title=message.title)
            elapsed = time.monotonic() - started
        if result:
            return
        problems = [entry.message for entry in result.logs() if entry.level in _ERROR_LEVELS]
        text = "; ".join(problems) or "Apprise reported a failed notification"
        if "error=429" in text or "Too Many Requests" in text:
            raise RateLimited(text, retry_after=max(1.0, self.timeout))
        if "Connection error" in text and elapsed >= _TIMED_OUT_SHARE * self.timeout:
            raise DeliveryTimeout(f"timed out: no answer within {self.timeout:g} s "
                                  "(it may have arrived, so it is not sent again)", may_have_arrived=True)
        if "Connection error" in text and elapsed >= _TIMED_OUT_SHARE * self.timeout / 2:
            raise DeliveryTimeout(f"timed out connecting (more than {self.timeout / 2:g} s)", may_have_arrived=False)
        raise RetryableDeliveryError(text)


class AppriseChannels:
    """The ``apprise`` factory: one ``AppriseChannel`` per address, reused across messages."""

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout
        self._channels: OrderedDict[str, AppriseChannel] = OrderedDict()
        self._lock = threading.Lock()

    def channel_for(self, schedule: ReminderSchedule, reference: str) -> AppriseChannel | None:
        """The channel for ``apprise:<notification channel id>``, if the schedule still has it."""
        for notify in schedule.notify_channels:
            if str(notify.id) == reference:
                return self.address(notify.apprise_url)
        return None

    def account_channel_for(self, schedule: ReminderSchedule, reference: str) -> AppriseChannel | None:
        """The channel for ``account:<account address id>``, if the schedule still goes there."""
        for address in account_addresses(schedule):
            if str(address.id) == reference:
                return self.address(address.apprise_url)
        return None

    def address(self, url: str) -> AppriseChannel:
        with self._lock:
            channel = self._channels.get(url)
            if channel is not None:
                self._channels.move_to_end(url)
                return channel
        channel = AppriseChannel(url, self.timeout)
        with self._lock:
            channel = self._channels.setdefault(url, channel)
            while len(self._channels) > CACHED_ADDRESSES:
                self._channels.popitem(last=False)
        return channel


def account_addresses(schedule: ReminderSchedule) -> list[AccountAddress]:
    """The user's account-wide addresses this schedule goes to: none if it opts out, and not one
    it already has as its own address (so nobody gets the same reminder twice)."""
    if not schedule.use_account_addresses:
        return []
    own = {channel.apprise_url for channel in schedule.notify_channels}
    return [address for address in schedule.user.account_addresses if address.apprise_url not in own]
