"""When a schedule fires: local wall-clock rules turned into UTC instants, correct across DST.

A local time that a spring-forward day skips fires once, moved forward by the gap (02:30 in
New York on a spring-forward day fires at 03:30 EDT); a local time that a fall-back day
repeats fires once, at its first (daylight-saving) occurrence. An interval schedule counts
real elapsed time from the window's start, so a DST change inside the window neither doubles
nor drops an occurrence.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

INTERVAL = "interval"
DAILY = "daily"
WEEKLY = "weekly"
# A schedule fires at least once a week, so a search this many local days ahead always finds one;
# one day back covers an interval window that started yesterday and runs past midnight.
_DAYS_AHEAD = 8


@dataclass(frozen=True)
class Rule:
    """A validated recurrence in one time zone."""

    recurrence: str
    zone: ZoneInfo
    every: timedelta | None = None
    window: tuple[time, time] | None = None
    times: tuple[time, ...] = ()
    weekdays: frozenset[int] = frozenset()


def to_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time (gap times move forward, repeated times take the first)."""
    return datetime.combine(day, wall, tzinfo=zone).astimezone(timezone.utc)


def next_after(rule: Rule, after: datetime) -> datetime:
    """The first occurrence strictly after ``after`` (UTC)."""
    first_day = after.astimezone(rule.zone).date() - timedelta(days=1)
    for offset in range(_DAYS_AHEAD + 1):
        found = _first_on_day_after(rule, first_day + timedelta(days=offset), after)
        if found is not None:
            return found
    raise ValueError(f"rule {rule!r} never fires")


def occurrences(rule: Rule, start: datetime, until: datetime) -> Iterator[datetime]:
    """Occurrences from ``start`` (itself an occurrence) up to and including ``until``."""
    current = start
    while current <= until:
        yield current
        current = next_after(rule, current)


def upcoming(rule: Rule, now: datetime, count: int) -> list[datetime]:
    """The next ``count`` occurrences after ``now``, in the rule's local time."""
    found: list[datetime] = []
    current = now
    for _ in range(count):
        current = next_after(rule, current)
        found.append(current.astimezone(rule.zone))
    return found


def in_local_window(instant: datetime, zone: ZoneInfo, window: tuple[time, time]) -> bool:
    """Whether the local wall time of ``instant`` lies in [start, end); windows may wrap midnight."""
    start, end = window
    wall = instant.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def _first_on_day_after(rule: Rule, day: date, after: datetime) -> datetime | None:
    if rule.recurrence == INTERVAL:
        return _interval_on_day_after(rule, day, after)
    if rule.recurrence == WEEKLY and day.weekday() not in rule.weekdays:
        return None
    candidates = sorted(to_instant(day, wall, rule.zone) for wall in rule.times)
    return next((instant for instant in candidates if instant > after), None)


def _interval_on_day_after(rule: Rule, day: date, after: datetime) -> datetime | None:
    assert rule.every is not None and rule.window is not None
    window_start, window_end = rule.window
    start = to_instant(day, window_start, rule.zone)
    end_day = day if window_end > window_start else day + timedelta(days=1)
    end = to_instant(end_day, window_end, rule.zone)
    steps = 0 if after < start else (after - start) // rule.every + 1
    candidate = start + steps * rule.every
    return candidate if candidate <= end else None
