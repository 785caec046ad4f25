"""One line of what a dispatch pass did: who, which reminder, when locally, where, and the result."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import apprise

from models import ReminderSchedule


@dataclass(frozen=True)
class Outcome:
    alexa_user_id: str
    kind: str
    local_time: datetime
    channel: str
    target: str | None
    """The Apprise URL for ``apprise:`` channels, shown with its secrets masked."""
    status: str
    detail: str | None = None

    @classmethod
    def of(cls, schedule: ReminderSchedule, occurs_at: datetime, channel: str, status: str,
           detail: str | None = None) -> "Outcome":
        target = next((notify.apprise_url for notify in schedule.notify_channels
                       if channel == f"apprise:{notify.id}"), None)
        return cls(schedule.user.alexa_user_id, schedule.kind,
                   occurs_at.astimezone(ZoneInfo(schedule.time_zone)), channel, target, status, detail)

    def line(self) -> str:
        """``user  kind  local time  channel  status`` with the reason for anything but sent."""
        where = self.channel if self.target is None else f"{self.channel} {masked_url(self.target)}"
        text = f"{self.alexa_user_id}  {self.kind}  {self.local_time:%Y-%m-%d %H:%M %Z}  {where}  {self.status}"
        return f"{text}  ({self.detail})" if self.detail else text


def masked_url(url: str) -> str:
    """The Apprise URL without its query and with passwords and tokens masked."""
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    return plugin.url(privacy=True).split("?")[0] if plugin is not None else "(unreadable address)"
