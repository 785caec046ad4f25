"""What a person asked for in a reminder intent's slots, checked the way a voice needs it.

Alexa hands over built-in values already normalised: ``AMAZON.DURATION`` as ISO 8601
(``PT2H``), ``AMAZON.TIME`` as ``HH:MM`` or a part of the day (``EV``); custom slots resolve
to our IDs. Problems raise ``PhraseError`` with the key of the prompt that explains them.
Rules shared with the web and the command line (limits, time zones) stay in
``reminders.spec``; these checks only run first so that the person hears a spoken reason.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import time, timedelta

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot, get_slot_value_v2
from ask_sdk_core.utils.request_util import get_simple_slot_values

from reminders.spec import MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, ScheduleSpec
from skill.slots import matched_id

_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+)S)?)?$")
_CLOCK = re.compile(r"^T?(\d{1,2}):(\d{2})$")
# AMAZON.TIME's parts of the day, as the clock times we use for them.
PARTS_OF_DAY = {"MO": time(9), "AF": time(14), "EV": time(19), "NI": time(21)}
DAY_GROUPS = {"MO": (0,), "TU": (1,), "WE": (2,), "TH": (3,), "FR": (4,), "SA": (5,), "SU": (6,),
              "WEEKDAYS": (0, 1, 2, 3, 4), "WEEKENDS": (5, 6)}


class PhraseError(ValueError):
    """Slots that cannot make a reminder; ``key`` names the prompt (``reminders.error.<key>``)."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class ReminderAsk:
    """A reminder as asked for by voice, possibly over two turns; kept in the session as
    ``as_dict``, with times as ``HH:MM``."""

    kind: str | None = None
    every: int | None = None
    between: tuple[time, time] | None = None
    at: tuple[time, ...] = ()
    days: tuple[int, ...] | None = None

    @property
    def has_when(self) -> bool:
        return self.every is not None or bool(self.at)

    def completed_by(self, answer: "ReminderAsk") -> "ReminderAsk":
        """This ask with the parts it lacks taken from a follow-up answer ("at six pm")."""
        return ReminderAsk(kind=self.kind or answer.kind,
                           every=self.every if self.every is not None else answer.every,
                           between=self.between or answer.between, at=self.at or answer.at,
                           days=self.days if self.days is not None else answer.days)

    def as_dict(self) -> dict:
        return {**asdict(self), "between": _clock_texts(self.between) if self.between else None,
                "at": _clock_texts(self.at)}

    @classmethod
    def from_dict(cls, data: dict) -> "ReminderAsk":
        between = _clock_values(data["between"]) if data.get("between") else None
        days = tuple(data["days"]) if data.get("days") is not None else None
        return cls(kind=data.get("kind"), every=data.get("every"), between=between,
                   at=_clock_values(data.get("at") or ()), days=days)

    def spec(self, time_zone: str, notify: tuple[str, ...]) -> ScheduleSpec:
        """The schedule request, for Alexa and for the user's phone notification addresses."""
        return ScheduleSpec(kind=self.kind, time_zone=time_zone, every=self.every, between=self.between,
                            at=self.at, days=self.days, alexa=True, notify=notify)


def ask_from_slots(handler_input: HandlerInput) -> ReminderAsk:
    """The reminder the intent's slots describe; raises ``PhraseError`` for impossible values."""
    kind_id, kind_heard = resolved_id(handler_input, "kind")
    if kind_heard and kind_id is None:
        raise PhraseError("unknown_kind")
    interval = slot_text(handler_input, "interval", unresolved="bad_interval")
    every = minutes_of(interval) if interval else None
    at = tuple(clock_of(value) for value in (
        slot_text(handler_input, "time", unresolved="bad_time"),
        slot_text(handler_input, "secondTime", unresolved="bad_time")) if value)
    start = slot_text(handler_input, "windowStart", unresolved="bad_time")
    end = slot_text(handler_input, "windowEnd", unresolved="bad_time")
    between = None
    if start or end:
        if not (start and end):
            raise PhraseError("half_window")
        between = (clock_of(start), clock_of(end))
    days = days_of(handler_input)
    return ReminderAsk(kind=kind_id.lower() if kind_id else None, every=every, between=between,
                       at=tuple(dict.fromkeys(at)), days=days)


def check_ask(ask: ReminderAsk) -> None:
    """Raise ``PhraseError`` for a complete ask that no schedule could follow."""
    if ask.every is not None and ask.at:
        raise PhraseError("both")
    if ask.every is not None and ask.every < MIN_INTERVAL_MINUTES:
        raise PhraseError("too_often", minutes=MIN_INTERVAL_MINUTES)
    if ask.every is not None and ask.every > MAX_INTERVAL_MINUTES:
        raise PhraseError("too_rare")
    if ask.between is not None and ask.between[0] == ask.between[1]:
        raise PhraseError("same_window")
    if ask.between is not None and ask.every is None:
        raise PhraseError("window_needs_interval")
    if ask.days is not None and ask.every is not None:
        raise PhraseError("days_with_interval")


def minutes_of(duration: str) -> int:
    """An ``AMAZON.DURATION`` value (``PT2H``, ``PT1H30M``, ``P1D``) in whole minutes."""
    match = _DURATION.match(duration.strip().upper())
    if not match or not any(match.groups()):
        raise PhraseError("bad_interval")
    weeks, days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    total = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return round(total.total_seconds() / 60)


def clock_of(value: str) -> time:
    """An ``AMAZON.TIME`` value (``21:00``, ``EV``) as a time of day; "25:00" is no time."""
    cleaned = value.strip().upper()
    if cleaned in PARTS_OF_DAY:
        return PARTS_OF_DAY[cleaned]
    match = _CLOCK.match(cleaned)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise PhraseError("bad_time")
    return time(int(match[1]), int(match[2]))


def days_of(handler_input: HandlerInput) -> tuple[int, ...] | None:
    """The days named (``None`` if none were), 0 = Monday; words naming no day raise."""
    values = _simple_values(handler_input, "days")
    if not values:
        return None
    days: set[int] = set()
    for heard, slot_id in values:
        if slot_id not in DAY_GROUPS:
            raise PhraseError("no_days")
        days.update(DAY_GROUPS[slot_id])
    return tuple(sorted(days))


def _clock_texts(walls: tuple[time, ...]) -> list[str]:
    return [wall.strftime("%H:%M") for wall in walls]


def _clock_values(texts: list[str] | tuple[str, ...]) -> tuple[time, ...]:
    return tuple(time.fromisoformat(text) for text in texts)


def resolved_id(handler_input: HandlerInput, name: str) -> tuple[str | None, str | None]:
    """(resolved ID, heard words) of a custom slot; the ID is ``None`` when nothing matched."""
    values = _simple_values(handler_input, name)
    return values[0][1] if values else None, values[0][0] if values else None


def slot_text(handler_input: HandlerInput, name: str, unresolved: str | None = None) -> str | None:
    """The value Alexa filled a built-in slot with, or ``None``. Alexa sends "?" for words it heard
    there but could not turn into a value: that raises ``PhraseError(unresolved)`` if given."""
    values = _simple_values(handler_input, name)
    value = values[0][0] if values else None
    if value == "?" and unresolved:
        raise PhraseError(unresolved)
    return value if value and value != "?" else None


def _simple_values(handler_input: HandlerInput, name: str) -> list[tuple[str, str | None]]:
    slot_value = get_slot_value_v2(handler_input, name)
    if slot_value is not None:
        simple = get_simple_slot_values(slot_value) or []
        return [(value.value, matched_id(value.resolutions)) for value in simple if value.value]
    slot = get_slot(handler_input, name)
    if slot is None or not slot.value:
        return []
    return [(slot.value, matched_id(slot.resolutions))]
