"""When a schedule fires: local wall-clock rules turned into UTC instants, correct across DST.

Each kind of recurrence (``Interval``, ``Daily``, ``Weekly``) is a type that knows its next
occurrence, the local clock times of a day it fires on, and how it reads in words.

A local time that a spring-forward day skips fires once, moved forward by the gap (02:30 in
New York on a spring-forward day fires at 03:30 EDT); a local time that a fall-back day
repeats fires once, at its first (daylight-saving) occurrence. An interval schedule counts
real elapsed time from the window's start, so a DST change inside the window neither doubles
nor drops an occurrence.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import ClassVar, Iterator
from zoneinfo import ZoneInfo

from reminders.schedule_words import Words, clock_in, days_in, every_in, joined

INTERVAL = "interval"
DAILY = "daily"
WEEKLY = "weekly"
# A schedule fires at least once a week, so a search this many local days ahead always finds one;
# one day back covers an interval window that started yesterday and runs past midnight.
_DAYS_AHEAD = 8
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Window:
    """A daily stretch of local wall-clock time, [start, end); it runs past midnight when end <= start."""

    start: time
    end: time

    def __iter__(self) -> Iterator[time]:
        return iter((self.start, self.end))

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def contains(self, wall: time) -> bool:
        """Whether the wall-clock time lies in the window."""
        if self.overnight:
            return wall >= self.start or wall < self.end
        return self.start <= wall < self.end

    def holds(self, instant: datetime, zone: ZoneInfo) -> bool:
        """Whether the local wall time of ``instant`` in ``zone`` lies in the window."""
        return self.contains(instant.astimezone(zone).time().replace(tzinfo=None))


@dataclass(frozen=True)
class Recurrence(ABC):
    """A validated recurrence in one time zone; its kind is one of the subclasses."""

    name: ClassVar[str]
    """How the kind is stored and chosen on forms (``interval``, ``daily``, ``weekly``)."""
    zone: ZoneInfo

    def next_after(self, after: datetime) -> datetime:
        """The first occurrence strictly after ``after`` (UTC)."""
        first_day = after.astimezone(self.zone).date() - timedelta(days=1)
        for offset in range(_DAYS_AHEAD + 1):
            found = self._first_on_day_after(first_day + timedelta(days=offset), after)
            if found is not None:
                return found
        raise ValueError(f"{self!r} never fires")

    def occurrences(self, start: datetime, until: datetime) -> Iterator[datetime]:
        """Occurrences from ``start`` (itself an occurrence) up to and including ``until``."""
        current = start
        while current <= until:
            yield current
            current = self.next_after(current)

    def following(self, after: datetime) -> Iterator[datetime]:
        """Every occurrence after ``after``, soonest first, without end."""
        current = after
        while True:
            current = self.next_after(current)
            yield current

    @property
    def weekdays(self) -> tuple[int, ...] | None:
        """The days it is limited to (0 = Monday), or ``None`` when it fires every day."""
        return None

    @abstractmethod
    def spec_fields(self) -> dict[str, object]:
        """The ``reminders.spec.ScheduleSpec`` fields that ask for this recurrence."""

    @abstractmethod
    def wall_times(self) -> list[time]:
        """The local clock times it fires at on a day it fires, sorted."""

    @abstractmethod
    def in_words(self, words: Words) -> str:
        """``every 2 hours, 8 am–8 pm``, ``daily at 9 pm``, ``on Mondays at 6 PM`` in a word set."""

    @abstractmethod
    def _first_on_day_after(self, day: date, after: datetime) -> datetime | None:
        """The first occurrence on local ``day`` after ``after``, if any."""


@dataclass(frozen=True)
class Interval(Recurrence):
    """Every so often, inside a daily window."""

    name: ClassVar[str] = INTERVAL
    every: timedelta
    window: Window

    @property
    def minutes(self) -> int:
        return int(self.every.total_seconds() // 60)

    def spec_fields(self) -> dict[str, object]:
        return {"every": self.minutes, "between": self.window}

    def wall_times(self) -> list[time]:
        start = _minutes(self.window.start)
        end = _minutes(self.window.end) + (MINUTES_PER_DAY if self.window.overnight else 0)
        return sorted({time(*divmod(minute % MINUTES_PER_DAY, 60)) for minute in range(start, end + 1, self.minutes)})

    def in_words(self, words: Words) -> str:
        return words("when.interval", every=every_in(words, self.minutes),
                     start=clock_in(words, self.window.start), end=clock_in(words, self.window.end))

    def _first_on_day_after(self, day: date, after: datetime) -> datetime | None:
        start = to_instant(day, self.window.start, self.zone)
        end_day = day + timedelta(days=1) if self.window.overnight else day
        end = to_instant(end_day, self.window.end, self.zone)
        steps = 0 if after < start else (after - start) // self.every + 1
        candidate = start + steps * self.every
        return candidate if candidate <= end else None


@dataclass(frozen=True)
class Daily(Recurrence):
    """At set times of day, every day."""

    name: ClassVar[str] = DAILY
    times: tuple[time, ...]

    def spec_fields(self) -> dict[str, object]:
        return {"at": self.times}

    def wall_times(self) -> list[time]:
        return sorted(self.times)

    def in_words(self, words: Words) -> str:
        return words("when.daily", times=self._times_in(words))

    def _times_in(self, words: Words) -> str:
        return joined(words, [clock_in(words, wall) for wall in self.times])

    def _first_on_day_after(self, day: date, after: datetime) -> datetime | None:
        candidates = sorted(to_instant(day, wall, self.zone) for wall in self.times)
        return next((instant for instant in candidates if instant > after), None)


@dataclass(frozen=True)
class Weekly(Daily):
    """At set times of day, on some days of the week: a ``Daily`` limited to those days, so it has
    the daily times (``reminders.schedule_rules.store_rules`` writes them for both)."""

    name: ClassVar[str] = WEEKLY
    days: tuple[int, ...]
    """0 = Monday, sorted."""

    @property
    def weekdays(self) -> tuple[int, ...]:
        return self.days

    def spec_fields(self) -> dict[str, object]:
        return {"at": self.times, "days": self.days}

    def in_words(self, words: Words) -> str:
        if len(self.days) == 7:
            return words("when.every_day", times=self._times_in(words))
        return words("when.weekly", days=days_in(words, self.days), times=self._times_in(words))

    def _first_on_day_after(self, day: date, after: datetime) -> datetime | None:
        return super()._first_on_day_after(day, after) if day.weekday() in self.days else None


def to_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time (gap times move forward, repeated times take the first)."""
    return datetime.combine(day, wall, tzinfo=zone).astimezone(timezone.utc)


def _minutes(wall: time) -> int:
    return wall.hour * 60 + wall.minute
