"""One line of what a dispatch pass did: who, which reminder, when locally, where, and the result."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import apprise

from models import ReminderSchedule
from reminders.channels.keys import apprise_key


@dataclass(frozen=True)
class Outcome:
    """Built for every delivery of a pass (which mostly only counts them), so the parts of the
    line that take work (local time, the address) are worked out when read."""

    schedule: ReminderSchedule
    occurs_at: datetime
    channel: str
    status: str
    detail: str | None = None

    @classmethod
    def of(cls, schedule: ReminderSchedule, occurs_at: datetime, channel: str, status: str,
           detail: str | None = None) -> "Outcome":
        return cls(schedule, occurs_at, channel, status, detail)

    @property
    def alexa_user_id(self) -> str:
        return self.schedule.user.alexa_user_id

    @property
    def kind(self) -> str:
        return self.schedule.kind

    @property
    def local_time(self) -> datetime:
        return self.occurs_at.astimezone(ZoneInfo(self.schedule.time_zone))

    @property
    def target(self) -> str | None:
        """The Apprise URL for ``apprise:`` channels, shown with its secrets masked."""
        return next((notify.apprise_url for notify in self.schedule.notify_channels
                     if self.channel == apprise_key(notify)), None)

    def line(self) -> str:
        """``user  kind  local time  channel  status`` with the reason for anything but sent."""
        target = self.target
        where = self.channel if target is None else f"{self.channel} {masked_url(target)}"
        text = f"{self.alexa_user_id}  {self.kind}  {self.local_time:%Y-%m-%d %H:%M %Z}  {where}  {self.status}"
        return f"{text}  ({self.detail})" if self.detail else text


def masked_url(url: str) -> str:
    """The Apprise URL without its query and with passwords and tokens masked."""
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    return plugin.url(privacy=True).split("?")[0] if plugin is not None else "(unreadable address)"
