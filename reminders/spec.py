"""What a caller asks for (``ScheduleSpec``) and its checked, normalised form (``CheckedSchedule``).

Every check runs before anything is stored, so a bad request never leaves half a schedule.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from typing import Sequence
from zoneinfo import ZoneInfo

import apprise

from models.reminder_schedule import KINDS
from reminders.notify_policy import check_notify_address, max_addresses_per_reminder
from reminders.parsing import (ScheduleError, parse_clock_list, parse_days, parse_minutes,
                               parse_time_zone, parse_window)
from reminders.recurrence import Daily, Interval, Recurrence, Weekly, Window

MIN_INTERVAL_MINUTES = 15
MAX_INTERVAL_MINUTES = 24 * 60
DEFAULT_WINDOW = Window(time(8), time(20))
MAX_TIMES_PER_DAY = 12
MAX_LABEL_LENGTH = 80


@dataclass(frozen=True)
class ScheduleSpec:
    """A reminder request. Values may be typed or text as a person gave them.

    ``every`` (with an optional ``between`` window, 08:00-20:00 by default) makes an interval
    schedule; ``at`` alone a daily one; ``at`` with ``days`` a weekly one. ``shared_addresses``
    counts the account's addresses for all reminders that reach this one (the web page knows
    them; the voice side and the CLI leave it 0): with one, Alexa off and no own address is fine.
    """

    kind: str
    time_zone: str
    every: int | str | None = None
    between: str | tuple[time, time] | Window | None = None
    at: str | Sequence[str | time] = ()
    days: str | Sequence[str | int] | None = None
    quiet: str | tuple[time, time] | Window | None = None
    label: str | None = None
    alexa: bool = True
    notify: Sequence[str] = ()
    shared_addresses: int = 0


@dataclass(frozen=True)
class CheckedSchedule:
    kind: str
    rule: Recurrence
    """The recurrence, in the checked time zone."""
    quiet: Window | None
    label: str | None
    alexa: bool
    notify: tuple[str, ...]


def check(spec: ScheduleSpec) -> CheckedSchedule:
    """The spec checked and normalised; raises ``ScheduleError`` saying what is wrong."""
    kind = spec.kind.strip().lower().replace("-", "_").replace(" ", "_")
    if kind not in KINDS:
        raise ScheduleError(f"{spec.kind!r} is not a reminder kind; choose {', '.join(KINDS)}.")
    zone = parse_time_zone(spec.time_zone)
    notify = tuple(check_apprise_url(url) for url in spec.notify)
    if len(dict.fromkeys(notify)) > (most := max_addresses_per_reminder()):
        raise ScheduleError(f"At most {most} notification addresses per reminder.")
    if not spec.alexa and not notify and spec.shared_addresses <= 0:
        raise ScheduleError("A reminder needs somewhere to go: keep Alexa on or add a notification address.")
    label = (spec.label or "").strip() or None
    if label is not None and len(label) > MAX_LABEL_LENGTH:
        raise ScheduleError(f"A label can be at most {MAX_LABEL_LENGTH} characters.")
    quiet = parse_window(spec.quiet) if spec.quiet else None
    return CheckedSchedule(kind=kind, rule=_rule(spec, zone), quiet=quiet,
                           label=label, alexa=spec.alexa, notify=tuple(dict.fromkeys(notify)))


def check_apprise_url(url: str) -> str:
    """The URL, stripped, if Apprise can parse it into exactly one notification service that
    reaches only public internet hosts (``reminders.notify_policy``)."""
    cleaned = url.strip()
    if not cleaned or apprise.Apprise.instantiate(cleaned, suppress_exceptions=True) is None:
        raise ScheduleError(f"{url!r} is not a notification address Apprise understands, "
                            "for example ntfy://my-topic or mailto://user:password@example.com.")
    check_notify_address(cleaned)
    return cleaned


def _rule(spec: ScheduleSpec, zone: ZoneInfo) -> Recurrence:
    times = parse_clock_list(spec.at) if spec.at else ()
    if spec.every is not None:
        if times or spec.days is not None:
            raise ScheduleError("Give either an interval (every …) or clock times (at …, on days …), not both.")
        minutes = parse_minutes(spec.every)
        if minutes < MIN_INTERVAL_MINUTES:
            raise ScheduleError(f"Reminders can come at most every {MIN_INTERVAL_MINUTES} minutes.")
        if minutes > MAX_INTERVAL_MINUTES:
            raise ScheduleError("An interval can be at most a day; use a daily time (at …) instead.")
        window = parse_window(spec.between) if spec.between else DEFAULT_WINDOW
        return Interval(zone, timedelta(minutes=minutes), window)
    if spec.between:
        raise ScheduleError("A time range (between …) goes with an interval (every …).")
    if not times:
        raise ScheduleError("Say when: an interval (every 2h) or one or more times of day (at 21:00).")
    if len(times) > MAX_TIMES_PER_DAY:
        raise ScheduleError(f"At most {MAX_TIMES_PER_DAY} times of day per reminder.")
    if spec.days is not None:
        return Weekly(zone, times, parse_days(spec.days))
    return Daily(zone, times)
