"""A stored schedule's rules as types: its recurrence and quiet hours, read from the row's fields
(and written back) in this one place, and which occurrences are skipped.

The row keeps its storage format (times of day as ``"HH:MM"`` text, the kind as its name);
everything past here works with ``reminders.recurrence`` types and ``datetime.time``.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from models import ReminderSchedule
from reminders.recurrence import INTERVAL, WEEKLY, Daily, Interval, Recurrence, Weekly, Window

QUIET_HOURS = "quiet hours"
SNOOZED = "snoozed"


def rule_of(schedule: ReminderSchedule) -> Recurrence:
    """The schedule's recurrence in its time zone."""
    zone = ZoneInfo(schedule.time_zone)
    if schedule.recurrence == INTERVAL:
        return Interval(zone, timedelta(minutes=schedule.interval_minutes),
                        Window(schedule.window_start, schedule.window_end))
    times = tuple(time.fromisoformat(value) for value in schedule.times_of_day)
    if schedule.recurrence == WEEKLY:
        return Weekly(zone, times, tuple(sorted(schedule.weekdays)))
    return Daily(zone, times)


def quiet_hours(schedule: ReminderSchedule) -> Window | None:
    """The schedule's quiet hours, if it has any."""
    return Window(schedule.quiet_start, schedule.quiet_end) if schedule.quiet_start is not None else None


def store_rules(schedule: ReminderSchedule, rule: Recurrence, quiet: Window | None) -> None:
    """Write the recurrence (with its time zone) and the quiet hours into the row's fields."""
    schedule.recurrence = rule.name
    schedule.time_zone = rule.zone.key
    schedule.interval_minutes = rule.minutes if isinstance(rule, Interval) else None
    schedule.window_start, schedule.window_end = (
        (rule.window.start, rule.window.end) if isinstance(rule, Interval) else (None, None))
    schedule.times_of_day = [wall.strftime("%H:%M") for wall in rule.times] if isinstance(rule, Daily) else []
    schedule.weekdays = list(rule.weekdays or ())
    schedule.quiet_start, schedule.quiet_end = (quiet.start, quiet.end) if quiet is not None else (None, None)


def skip_reason(schedule: ReminderSchedule, occurs_at: datetime) -> str | None:
    """Why an occurrence is not sent (``quiet hours``, ``snoozed``), or ``None`` when it is."""
    quiet = quiet_hours(schedule)
    if quiet is not None and quiet.holds(occurs_at, ZoneInfo(schedule.time_zone)):
        return QUIET_HOURS
    if schedule.snoozed_until is not None and occurs_at < schedule.snoozed_until:
        return SNOOZED
    return None
