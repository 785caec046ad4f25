"""A forgiving streak: consecutive days looked after, surviving one missed day in any seven."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FORGIVING_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Streak:
    days: int
    """Days in the run with the habit done (forgiven days are not counted)."""
    forgiven: date | None
    """The missed day inside the run that was let go, if any in the last week."""


def forgiving_streak(done_days: set[date], today: date, horizon_days: int = 366) -> Streak:
    """The run ending today (or yesterday: today is not over yet), one miss a week let go.

    Walks back from today; a missed day is forgiven when no other day within the seven before
    it was, and the run stops at the first miss that cannot be. A forgiven day at the very start
    of the run (nothing done before it) does not count as part of it.
    """
    days, last_forgiven, recent_forgiven = 0, None, None
    day = today if today in done_days else today - timedelta(days=1)
    for _ in range(horizon_days):
        if day in done_days:
            days += 1
            if last_forgiven is not None and recent_forgiven is None and (today - last_forgiven).days < FORGIVING_WINDOW_DAYS:
                recent_forgiven = last_forgiven
        elif last_forgiven is None or (last_forgiven - day).days >= FORGIVING_WINDOW_DAYS:
            last_forgiven = day
        else:
            break
        day -= timedelta(days=1)
    return Streak(days, recent_forgiven)
