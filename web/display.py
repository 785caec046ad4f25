"""How schedules, times and channels read on the pages."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from models import ReminderSchedule, User
from reminders.channels.keys import ALEXA, account_key, apprise_key
from reminders.outcome import masked_url
from reminders.wording import KIND_WORDS, clock_words


def display_zone(user: User, schedule: ReminderSchedule | None = None) -> ZoneInfo:
    """A reminder's own time zone (an 8 am London reminder reads "8 am GMT" wherever the account is);
    without a reminder, the user's zone (or UTC)."""
    return ZoneInfo(schedule.time_zone if schedule is not None else user.time_zone or "UTC")


def local_time(instant: datetime, zone: ZoneInfo) -> str:
    """``Mon 23 Nov, 2 pm CET``."""
    local = instant.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {clock_words(local.time())} {local:%Z}"


def kind_words(schedule: ReminderSchedule) -> str:
    return KIND_WORDS[schedule.kind].capitalize()


def title(schedule: ReminderSchedule) -> str:
    """``Hydration`` or ``Hydration: Desk water``."""
    return f"{kind_words(schedule)}: {schedule.label}" if schedule.label else kind_words(schedule)


def status(schedule: ReminderSchedule, now: datetime, zone: ZoneInfo) -> str:
    if not schedule.enabled:
        return "Paused"
    if schedule.snoozed_until is not None and schedule.snoozed_until > now:
        return f"Snoozed until {local_time(schedule.snoozed_until, zone)}"
    return "Active"


def channel_words(schedule: ReminderSchedule, key: str) -> str:
    """A delivery-log channel key (``alexa``, ``apprise:7``, ``account:3``) in words, secrets masked."""
    if key == ALEXA:
        return "Alexa"
    url = next((channel.apprise_url for channel in schedule.notify_channels if key == apprise_key(channel)), None)
    url = url or next((address.apprise_url for address in schedule.user.account_addresses
                       if key == account_key(address)), None)
    return masked_url(url) if url is not None else "A removed notification address"
