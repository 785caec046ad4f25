"""Where reminders go. Each channel has one method, ``deliver(message)``, which returns when the
message was handed over and raises a ``DeliveryError`` (retryable, permanent, a timeout, or a
rate limit) when it was not.

A schedule's channels are named by keys stored in the delivery log: ``apprise:<id>`` for each of
its notification addresses, ``account:<id>`` for each of its user's account-wide addresses (unless
the schedule opts out, or has the same address itself), and ``alexa`` when its Alexa channel is on. The registry maps the
part before the colon to a factory (``reminders.channels.alexa`` for ``alexa``). ``routes`` is
the one place that decides where a schedule's occurrence goes, and why it cannot go anywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from models import ReminderSchedule
from reminders.channels.alexa import alexa_channel_for
from reminders.channels.apprise_channel import AppriseChannels, account_addresses
from reminders.channels.base import (Channel, DeliveryError, DeliveryTimeout, PermanentDeliveryError,
                                     RateLimited, RetryableDeliveryError, Unavailable)
from reminders.channels.keys import ACCOUNT, ALEXA, APPRISE, NO_CHANNEL, account_key, apprise_key

__all__ = ["Channel", "ChannelFactory", "ChannelRegistry", "DeliveryError", "DeliveryTimeout", "PermanentDeliveryError",
           "RateLimited", "RetryableDeliveryError", "Routes", "Unavailable", "default_registry"]


ChannelFactory = Callable[[ReminderSchedule, str], "Channel | Unavailable | None"]
"""Builds the channel for a schedule and the key's part after the colon (``""`` if none);
``Unavailable(reason)`` when the schedule has it but it cannot deliver now, ``None`` when the
schedule no longer has that channel."""


@dataclass(frozen=True)
class Routes:
    keys: list[str]
    """The channel keys an occurrence goes to now."""
    undeliverable: str | None
    """Why it can go nowhere, when ``keys`` is empty."""
    undeliverable_key: str = NO_CHANNEL


class ChannelRegistry:
    """The channel factories by kind (``apprise``, ``alexa``, …)."""

    def __init__(self, factories: dict[str, ChannelFactory]):
        self.factories = dict(factories)

    def register(self, kind: str, factory: ChannelFactory) -> None:
        self.factories[kind] = factory

    def configured_keys(self, schedule: ReminderSchedule) -> list[str]:
        """Every channel key the schedule names, whether or not it can deliver now."""
        keys = [ALEXA] if schedule.alexa_enabled else []
        keys += [apprise_key(channel) for channel in schedule.notify_channels]
        return keys + [account_key(address) for address in account_addresses(schedule)]

    def routes(self, schedule: ReminderSchedule) -> Routes:
        """The keys a schedule's occurrence goes to now: its channels whose kind is registered
        here and whose factory can build them; the reason when there is none."""
        configured = self.configured_keys(schedule)
        keys, reasons = [], []
        for key in configured:
            channel = self.channel_for(schedule, key)
            if isinstance(channel, Unavailable):
                reasons.append(channel.reason)
            elif channel is not None:
                keys.append(key)
        if keys:
            return Routes(keys, None)
        if not configured:
            return Routes([], "no channel: Alexa is off and there is no notification address")
        return Routes([], reasons[0] if reasons else "no channel this worker can deliver to", configured[0])

    def channel_for(self, schedule: ReminderSchedule, key: str) -> Channel | Unavailable | None:
        kind, _, reference = key.partition(":")
        factory = self.factories.get(kind)
        return factory(schedule, reference) if factory is not None else None


def default_registry(delivery_timeout: float = 10.0) -> ChannelRegistry:
    """Apprise notifications (one Apprise object per address, reused) and the Alexa reminders."""
    apprise_channels = AppriseChannels(delivery_timeout)
    return ChannelRegistry({APPRISE: apprise_channels.channel_for, ACCOUNT: apprise_channels.account_channel_for,
                            ALEXA: alexa_channel_for})


def undeliverable_reason(schedule: ReminderSchedule) -> str | None:
    """Why the schedule's reminders cannot reach anyone now (for lists and pages), or ``None``."""
    return default_registry().routes(schedule).undeliverable
