"""Schedules in plain words ("every 2 hours, 8 am–8 pm, Europe/Berlin") and their next fire times."""
from __future__ import annotations

from datetime import datetime, time
from itertools import islice

from models import ReminderSchedule
from reminders.schedule_rules import quiet_hours, rule_of, skip_reason
from reminders.schedule_words import clock_in, every_in, plain_english

KIND_WORDS = {"hydration": "hydration", "stretch": "stretch", "warm_up": "warm-up"}
# Quiet hours or a snooze could hide every occurrence for a while; look this far, no further.
_MAX_CANDIDATES = 2000


def describe(schedule: ReminderSchedule) -> str:
    """The recurrence in words, with its time zone, quiet hours and whether it is paused."""
    parts = [rule_of(schedule).in_words(plain_english), schedule.time_zone]
    if (quiet := quiet_hours(schedule)) is not None:
        parts.append(f"quiet {clock_words(quiet.start)}–{clock_words(quiet.end)}")
    if not schedule.enabled:
        parts.append("paused")
    return ", ".join(parts)


def upcoming(schedule: ReminderSchedule, now: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` local times it will really fire (not quiet, not snoozed); none while paused."""
    if not schedule.enabled:
        return []
    rule = rule_of(schedule)
    candidates = islice(rule.following(now), _MAX_CANDIDATES)
    fired = (instant for instant in candidates if skip_reason(schedule, instant) is None)
    return [instant.astimezone(rule.zone) for instant in islice(fired, count)]


def every_words(minutes: int) -> str:
    """``every 15 minutes``, ``every hour``, ``every 2 hours``."""
    return every_in(plain_english, minutes)


def clock_words(wall: time) -> str:
    """``8 am``, ``9:30 pm``, ``noon``, ``midnight``."""
    return clock_in(plain_english, wall)
