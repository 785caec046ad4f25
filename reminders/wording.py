"""Schedules in words ("every 2 hours, 8 am–8 pm, Europe/Berlin") and their next fire times."""
from __future__ import annotations

from datetime import datetime, time

from models import ReminderSchedule
from reminders.parsing import DAY_NAMES
from reminders.recurrence import INTERVAL, WEEKLY, in_local_window, next_after
from reminders.schedules import rule_of

KIND_WORDS = {"hydration": "hydration", "stretch": "stretch", "warm_up": "warm-up"}
# Quiet hours or a snooze could hide every occurrence for a while; look this far, no further.
_MAX_CANDIDATES = 2000


def describe(schedule: ReminderSchedule) -> str:
    """The recurrence in words, with its time zone, quiet hours and whether it is paused."""
    if schedule.recurrence == INTERVAL:
        parts = [f"{every_words(schedule.interval_minutes)}, "
                 f"{clock_words(schedule.window_start)}–{clock_words(schedule.window_end)}"]
    else:
        days = day_words(schedule.weekdays) if schedule.recurrence == WEEKLY else "daily"
        times = and_join([clock_words(time.fromisoformat(value)) for value in schedule.times_of_day])
        parts = [f"{days} at {times}"]
    parts.append(schedule.time_zone)
    if schedule.quiet_start is not None:
        parts.append(f"quiet {clock_words(schedule.quiet_start)}–{clock_words(schedule.quiet_end)}")
    if not schedule.enabled:
        parts.append("paused")
    return ", ".join(parts)


def upcoming(schedule: ReminderSchedule, now: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` local times it will really fire (not quiet, not snoozed); none while paused."""
    if not schedule.enabled:
        return []
    rule = rule_of(schedule)
    quiet = (schedule.quiet_start, schedule.quiet_end) if schedule.quiet_start is not None else None
    found: list[datetime] = []
    current = now
    for _ in range(_MAX_CANDIDATES):
        if len(found) == count:
            break
        current = next_after(rule, current)
        snoozed = schedule.snoozed_until is not None and current < schedule.snoozed_until
        if not snoozed and not (quiet and in_local_window(current, rule.zone, quiet)):
            found.append(current.astimezone(rule.zone))
    return found


def every_words(minutes: int) -> str:
    """``every 15 minutes``, ``every hour``, ``every 2 hours``."""
    if minutes == 60:
        return "every hour"
    if minutes % 60 == 0:
        return f"every {minutes // 60} hours"
    return f"every {minutes} minutes"


def clock_words(wall: time) -> str:
    """``8 am``, ``9:30 pm``, ``noon``, ``midnight``."""
    if wall.minute == 0 and wall.hour in (0, 12):
        return "midnight" if wall.hour == 0 else "noon"
    hour = wall.hour % 12 or 12
    minutes = f":{wall.minute:02d}" if wall.minute else ""
    return f"{hour}{minutes} {'am' if wall.hour < 12 else 'pm'}"


def day_words(weekdays: list[int]) -> str:
    """``weekdays``, ``weekends``, ``every day`` or ``Mondays, Wednesdays and Fridays``."""
    days = sorted(weekdays)
    if days == [0, 1, 2, 3, 4]:
        return "weekdays"
    if days == [5, 6]:
        return "weekends"
    if len(days) == 7:
        return "every day"
    return and_join([DAY_NAMES[day].capitalize() + "s" for day in days])


def and_join(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
