"""Notifications through Apprise: phones (ntfy, Pushover, …), e-mail, chats, any ``json://`` hook."""
from __future__ import annotations

import apprise

from models import ReminderSchedule
from scheduler.channels.base import PermanentDeliveryError, RetryableDeliveryError
from scheduler.channels.guard import guarded_send
from scheduler.messages import ReminderMessage

_ERROR_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
# One URL per channel: Apprise's thread pool for parallel sends would only add overhead.
_ASSET = apprise.AppriseAsset(async_mode=False)


class AppriseChannel:
    """One Apprise URL."""

    def __init__(self, url: str):
        self.url = url

    def deliver(self, message: ReminderMessage) -> None:
        notifier = apprise.Apprise(asset=_ASSET)
        if not notifier.add(self.url):
            raise PermanentDeliveryError("Apprise can no longer parse this notification address")
        with guarded_send(self.url):
            result = notifier.notify(body=message.body, title=message.title)
        if not result:
            problems = [entry.message for entry in result.logs() if entry.level in _ERROR_LEVELS]
            raise RetryableDeliveryError("; ".join(problems) or "Apprise reported a failed notification")


def apprise_channel_for(schedule: ReminderSchedule, reference: str) -> AppriseChannel | None:
    """The channel for ``apprise:<notification channel id>``, if the schedule still has it."""
    for channel in schedule.notify_channels:
        if str(channel.id) == reference:
            return AppriseChannel(channel.apprise_url)
    return None
