"""Amazon's built-in slot types, recognised in spoken words and resolved the way Alexa sends them.

``AMAZON.NUMBER`` -> "25"; ``AMAZON.DURATION`` -> ISO 8601 ("two hours" -> "PT2H",
"half an hour" -> "PT30M"); ``AMAZON.TIME`` -> "HH:MM" ("seven thirty pm" -> "19:30",
"noon" -> "12:00", a bare number after "at" -> that hour). Words arrive from
``text.words``: lower case, numbers already digits ("seven thirty" is "7", "30").
"""
from __future__ import annotations

import re

NUMBER = "AMAZON.NUMBER"
DURATION = "AMAZON.DURATION"
TIME = "AMAZON.TIME"
SUPPORTED = (NUMBER, DURATION, TIME)
# Free text after a carrier phrase: never recognised in words, it takes whatever stands where
# its placeholder is (simulator/slots.py).
SEARCH_QUERY = "AMAZON.SearchQuery"

_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_UNITS = {"second": "S", "seconds": "S", "sec": "S", "secs": "S", "minute": "M", "minutes": "M",
          "min": "M", "mins": "M", "hour": "H", "hours": "H", "hr": "H", "hrs": "H",
          "day": "D", "days": "D", "week": "W", "weeks": "W", "month": "MO", "months": "MO",
          "year": "Y", "years": "Y"}
_BARE_UNITS = {"hour", "minute"}  # "every hour"; "every day" stays words (it is how samples say daily)
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


def recognise(words: list[str], start: int, types: frozenset[str]) -> tuple[str, str, int] | None:
    """(type, resolved value, word count) of a built-in value starting at ``start``, if any."""
    for slot_type, parse in ((TIME, _time), (DURATION, _duration), (NUMBER, _number)):
        if slot_type in types:
            found = parse(words, start)
            if found:
                return slot_type, found[0], found[1]
    return None


def _number(words: list[str], start: int) -> tuple[str, int] | None:
    return (words[start], 1) if _DIGITS.match(words[start]) else None


def _duration(words: list[str], start: int) -> tuple[str, int] | None:
    rest = words[start:]
    if rest[:3] == ["half", "an", "hour"] or rest[:2] == ["half", "hour"]:
        return "PT30M", 3 if rest[1] == "an" else 2
    if rest and rest[0] in _BARE_UNITS and (start == 0 or words[start - 1] in ("every", "each", "an", "a", "per")):
        return _iso({_UNITS[rest[0]]: 1.0}), 1
    parts: dict[str, float] = {}
    position = 0
    while position < len(rest):
        amount = 1.0 if rest[position] in ("a", "an") else float(rest[position]) if _DIGITS.match(rest[position]) else None
        unit = _UNITS.get(rest[position + 1]) if amount is not None and position + 1 < len(rest) else None
        if unit is None:
            break
        parts[unit] = parts.get(unit, 0.0) + amount
        position += 2
        if rest[position:position + 3] == ["and", "a", "half"]:
            parts[unit] += 0.5
            position += 3
        if rest[position:position + 1] != ["and"] or position + 2 >= len(rest) or rest[position + 2] not in _UNITS:
            break
        position += 1
    return (_iso(parts), position) if parts else None


def _iso(parts: dict[str, float]) -> str:
    if parts.get("H", 0) % 1:
        parts["M"] = parts.get("M", 0.0) + 60 * (parts["H"] % 1)
        parts["H"] = float(int(parts["H"]))

    def spell(units: tuple[str, ...]) -> str:
        return "".join(f"{parts[unit]:g}{unit[0]}" for unit in units if parts.get(unit))

    date, time = spell(("Y", "MO", "W", "D")), spell(("H", "M", "S"))
    return "P" + date + (f"T{time}" if time else "")


def _time(words: list[str], start: int) -> tuple[str, int] | None:
    rest = words[start:]
    if rest[0] in _NAMED_TIMES:
        return _NAMED_TIMES[rest[0]], 1
    if not rest[0].isdigit() or (int(rest[0]) > 23 and rest[1:3] != ["o", "clock"]):
        return None  # "25 o'clock" is passed on as heard ("25:00"), for the skill to refuse
    hour, minute, used = int(rest[0]), 0, 1
    if len(rest) > 1 and rest[1].isdigit() and len(rest[1]) == 2 and int(rest[1]) < 60:
        minute, used = int(rest[1]), 2
    tail = rest[used:]
    if tail[:1] in (["am"], ["pm"]) or tail[:2] in (["a", "m"], ["p", "m"]):
        pm = tail[0].startswith("p")
        used += 1 if tail[0] in ("am", "pm") else 2
        hour = hour % 12 + (12 if pm else 0)
    elif tail[:2] == ["o", "clock"]:
        used += 2
    elif tail[:3] in (["in", "the", "morning"], ["in", "the", "afternoon"], ["in", "the", "evening"]):
        hour = hour % 12 + (0 if tail[2] == "morning" else 12)
        used += 3
    elif tail[:1] in (["tonight"], ["tonite"]) or tail[:2] in (["at", "night"], ["this", "evening"]):
        hour = hour % 12 + 12  # "nine tonight" is 21:00, as Alexa resolves it
        used += 1 if tail[0] in ("tonight", "tonite") else 2
    elif start == 0 or words[start - 1] != "at":
        return None
    return f"{hour:02d}:{minute:02d}", used
