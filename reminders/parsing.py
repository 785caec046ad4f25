"""Turning what people type or say ("21:00", "2h", "mon,wed,fri") into values, or a plain-words error."""
from __future__ import annotations

import re
from datetime import time
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from reminders.recurrence import Window


class ScheduleError(ValueError):
    """Input that cannot become a reminder schedule; the message is meant for the person."""


DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_GROUPS = {"weekdays": (0, 1, 2, 3, 4), "weekends": (5, 6), "weekend": (5, 6),
               "daily": tuple(range(7)), "everyday": tuple(range(7))}
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_NAMED_CLOCK = {"noon": time(12), "midday": time(12), "12 noon": time(12), "midnight": time(0),
                "12 midnight": time(0)}
_DURATION = re.compile(r"^(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?|s)?)?)?$")


def parse_clock(text: str | time) -> time:
    """``"21:00"``, ``"9:30"``, ``"9pm"``, ``"9:30 am"``, ``"noon"`` or ``"midnight"`` as a time of day."""
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0, tzinfo=None)
    cleaned = " ".join(text.strip().lower().replace(".", "").split())
    if cleaned in _NAMED_CLOCK:
        return _NAMED_CLOCK[cleaned]
    match = _CLOCK.match(cleaned)
    if not match:
        raise ScheduleError(f"{text!r} is not a time of day; use HH:MM, for example 21:00, or 9 pm, noon or midnight.")
    hour, minute, meridiem = int(match[1]), int(match[2] or 0), match[3]
    if meridiem:
        if not 1 <= hour <= 12:
            raise ScheduleError(f"{text!r} is not a time of day: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ScheduleError(f"{text!r} is not a time of day: hours go from 00 to 23, minutes from 00 to 59.")
    return time(hour, minute)


def parse_clock_list(values: str | time | list | tuple) -> tuple[time, ...]:
    """Several times of day, given as a list and/or comma-separated, sorted without repeats."""
    items = [values] if isinstance(values, (str, time)) else list(values)
    pieces: list[str | time] = []
    for item in items:
        if isinstance(item, str):
            pieces.extend(part for part in item.split(",") if part.strip())
        else:
            pieces.append(item)
    return tuple(sorted({parse_clock(piece) for piece in pieces}))


def parse_window(text: str | tuple[time, time] | Window) -> Window:
    """``"08:00-20:00"`` as a window; the end may be past midnight (``"22:00-06:00"``)."""
    if not isinstance(text, str):
        start, end = (parse_clock(part) for part in text)
    else:
        parts = re.split(r"\s*(?:-|–|—|\bto\b)\s*", text.strip())
        if len(parts) != 2 or not all(parts):
            raise ScheduleError(f"{text!r} is not a time range; write it as start-end, for example 08:00-20:00.")
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if start == end:
        raise ScheduleError("A time range needs different start and end times.")
    return Window(start, end)


MAX_MINUTES = 366 * 24 * 60
"""Beyond a year no duration here makes sense (and a huge one would overflow a date)."""


def parse_minutes(value: str | int) -> int:
    """An interval as minutes: ``90``, ``"90m"``, ``"2h"`` or ``"1h30m"``."""
    if isinstance(value, int):
        minutes = value
    elif (cleaned := value.strip().lower()).isdigit():
        minutes = int(cleaned)
    else:
        match = _DURATION.match(cleaned)
        if not cleaned or not match or not (match[1] or match[2]):
            raise ScheduleError(f"{value!r} is not an interval; write it like 45m, 2h or 1h30m.")
        minutes = int(match[1] or 0) * 60 + int(match[2] or 0)
    if minutes > MAX_MINUTES:
        raise ScheduleError(f"{value!r} is far too long for a reminder interval or a snooze.")
    return minutes


def parse_days(values: str | list | tuple) -> tuple[int, ...]:
    """Days of the week (``"mon,wed,fri"``, ``"weekdays"``, or numbers 0 = Monday), sorted."""
    items = [values] if isinstance(values, str) else list(values)
    days: set[int] = set()
    for item in items:
        if isinstance(item, int):
            if not 0 <= item <= 6:
                raise ScheduleError(f"{item} is not a day of the week (0 is Monday, 6 is Sunday).")
            days.add(item)
            continue
        for word in (part.strip().lower() for part in item.split(",")):
            if word:
                days.update(_day_numbers(word))
    if not days:
        raise ScheduleError("Pick at least one day of the week, for example mon,wed,fri.")
    return tuple(sorted(days))


def parse_time_zone(name: str) -> ZoneInfo:
    """An IANA time zone such as ``Europe/Berlin`` (any letter case)."""
    canonical = _zone_names().get(name.strip().lower())
    if canonical is None:
        raise ScheduleError(f"{name!r} is not a time zone I know; use an IANA name like Europe/Berlin.")
    return ZoneInfo(canonical)


def _day_numbers(word: str) -> tuple[int, ...]:
    if word in _DAY_GROUPS:
        return _DAY_GROUPS[word]
    matches = [number for number, name in enumerate(DAY_NAMES) if len(word) >= 2 and name.startswith(word)]
    if len(matches) != 1:
        raise ScheduleError(f"{word!r} is not a day of the week; use mon, tue, wed, thu, fri, sat or sun.")
    return (matches[0],)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() | {"UTC"}}
