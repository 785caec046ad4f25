"""A schedule in words: one structure (which pieces, in which order), told in any word set.

A word set turns a piece's key and values into text: ``words("when.weekly", days=…, times=…)``.
The keys are those of the skill's spoken catalogue (``skill/locale/*/reminders.yaml``, under
``reminders.``); ``plain_english`` is the word set of the pages and the command line.
"""
from __future__ import annotations

from datetime import time
from typing import Protocol

DAY_KEYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
DAY_GROUPS = {(0, 1, 2, 3, 4): "weekdays", (5, 6): "weekends"}

PLAIN_ENGLISH = {
    "clock.noon": "noon", "clock.midnight": "midnight", "clock.am": "am", "clock.pm": "pm",
    "clock.on_the_hour": "{hour} {meridiem}", "clock.with_minutes": "{hour}:{minute} {meridiem}",
    "every.hour": "every hour", "every.hours": "every {count} hours", "every.minutes": "every {count} minutes",
    "when.interval": "{every}, {start}–{end}", "when.daily": "daily at {times}",
    "when.every_day": "every day at {times}", "when.weekly": "{days} at {times}",
    "days.mo": "Mondays", "days.tu": "Tuesdays", "days.we": "Wednesdays", "days.th": "Thursdays",
    "days.fr": "Fridays", "days.sa": "Saturdays", "days.su": "Sundays",
    "days.weekdays": "weekdays", "days.weekends": "weekends",
    "joined.pair": "{first} and {last}", "joined.series": "{first}, {rest}",
}


class Words(Protocol):
    """A word set: the text of one piece."""

    def __call__(self, key: str, **values: object) -> str: ...


def plain_english(key: str, **values: object) -> str:
    """The pages' and the command line's words (``8 am``, ``every 2 hours``, ``daily at 9 pm``)."""
    return PLAIN_ENGLISH[key].format(**values)


def clock_in(words: Words, wall: time) -> str:
    """``8 am``, ``9:30 PM``, ``noon``, ``midnight``."""
    if wall.minute == 0 and wall.hour in (0, 12):
        return words("clock.midnight" if wall.hour == 0 else "clock.noon")
    hour = wall.hour % 12 or 12
    meridiem = words("clock.pm" if wall.hour >= 12 else "clock.am")
    if wall.minute == 0:
        return words("clock.on_the_hour", hour=hour, meridiem=meridiem)
    return words("clock.with_minutes", hour=hour, minute=f"{wall.minute:02d}", meridiem=meridiem)


def every_in(words: Words, minutes: int) -> str:
    """``every 15 minutes``, ``every hour``, ``every 2 hours``."""
    if minutes == 60:
        return words("every.hour")
    if minutes % 60 == 0:
        return words("every.hours", count=minutes // 60)
    return words("every.minutes", count=minutes)


def days_in(words: Words, days: tuple[int, ...]) -> str:
    """``weekdays``, ``weekends`` or ``Mondays, Wednesdays and Fridays`` (0 = Monday, sorted)."""
    if days in DAY_GROUPS:
        return words(f"days.{DAY_GROUPS[days]}")
    return joined(words, [words(f"days.{DAY_KEYS[day]}") for day in days])


def joined(words: Words, items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: built by the word set, so spoken pieces stay SSML."""
    if len(items) <= 1:
        return items[0] if items else ""
    if len(items) == 2:
        return words("joined.pair", first=items[0], last=items[1])
    return words("joined.series", first=items[0], rest=joined(words, items[1:]))
