"""A reminder form's schedule before it is saved: in words, its next times, and whether it can ring at all.

The same values feed the page (rendered on every showing of the form) and the JSON preview
the form's script fetches as fields change, so the two never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from models import ReminderSchedule
from reminders.parsing import ScheduleError
from reminders.schedule_rules import quiet_hours, store_rules
from reminders.spec import ScheduleSpec, check
from reminders.wording import clock_words, describe, upcoming

NEXT_COUNT = 3


@dataclass(frozen=True)
class Preview:
    """``words`` and ``next`` when the fields make a schedule, else ``problem`` saying why not."""

    words: str = ""
    next: str = ""
    problem: str = ""

    def as_json(self) -> dict[str, str]:
        return {"words": self.words, "next": self.next, "problem": self.problem}


def draft_schedule(spec: ScheduleSpec) -> ReminderSchedule:
    """An unsaved, enabled schedule as ``spec`` would make it; raises ``ScheduleError``."""
    checked = check(spec)
    schedule = ReminderSchedule(kind=checked.kind, enabled=True, label=checked.label, alexa_enabled=checked.alexa)
    store_rules(schedule, checked.rule, checked.quiet)
    return schedule


def never_rings(schedule: ReminderSchedule, now: datetime) -> bool:
    """Whether quiet hours hide every time the schedule would ring."""
    return quiet_hours(schedule) is not None and not upcoming(schedule, now, 1)


def silenced_message(schedule: ReminderSchedule) -> str:
    quiet = quiet_hours(schedule)
    return (f"Quiet hours {clock_words(quiet.start)}–{clock_words(quiet.end)} cover every time "
            "this reminder would ring, so it would never ring. Shorten the quiet hours or change the times.")


def preview_of(spec_fields: dict | None, problem: str, now: datetime) -> Preview:
    """The preview of a form's fields (``None`` with ``problem`` when a field cannot be read)."""
    if spec_fields is None:
        return Preview(problem=problem)
    try:
        schedule = draft_schedule(ScheduleSpec(**spec_fields))
    except ScheduleError as error:
        return Preview(problem=str(error))
    if never_rings(schedule, now):
        return Preview(words=_sentence(describe(schedule)), problem=silenced_message(schedule))
    return Preview(words=_sentence(describe(schedule)), next=next_words(upcoming(schedule, now, NEXT_COUNT), now))


def next_words(instants: list[datetime], now: datetime) -> str:
    """``today 4 pm, 6 pm, 8 pm`` or ``today 8 pm; tomorrow 8 am, 10 am``, in the instants' own zone."""
    if not instants:
        return ""
    today = now.astimezone(instants[0].tzinfo).date()
    groups: dict[str, list[str]] = {}
    for instant in instants:
        groups.setdefault(_day_words(instant, today), []).append(clock_words(instant.time()))
    return "; ".join(f"{day} {', '.join(times)}" for day, times in groups.items())


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _day_words(instant: datetime, today) -> str:
    day = instant.date()
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{instant:%a} {day.day} {instant:%b}"
