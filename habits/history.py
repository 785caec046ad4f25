"""A person's habit history: every drink and stretch in time order, and per-day totals for charts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from habits.goals import goal_of
from habits.owner import Owner
from habits.stretches import stretches_per_day
from habits.water import drunk_per_day
from models import StretchLog, WaterLog

CSV_COLUMNS = ("date", "time", "what", "amount", "source")


@dataclass(frozen=True)
class HabitRow:
    at: datetime
    what: str
    """``water`` or ``stretch``."""
    amount: str
    """Millilitres for water (``250 ml``), the routine for a guided stretch, else empty."""
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"date": self.at.date().isoformat(), "time": f"{self.at:%H:%M}", "what": self.what,
                "amount": self.amount, "source": self.source}


@dataclass(frozen=True)
class Days:
    """Water and stretches per local day over a span, with the goal they are measured against."""

    water: dict[date, int]
    stretches: dict[date, int]
    goal_ml: int


def habit_rows(session: Session, owner: Owner) -> list[HabitRow]:
    """Every drink and stretch of the owner, oldest first, in their local time."""
    water = [HabitRow(owner.local(log.drunk_at), "water", f"{log.amount_ml} ml", log.source)
             for log in session.scalars(select(WaterLog).where(owner.scope(WaterLog)))]
    stretches = [HabitRow(owner.local(log.done_at), "stretch", log.routine_id or "", log.source)
                 for log in session.scalars(select(StretchLog).where(owner.scope(StretchLog)))]
    return sorted(water + stretches, key=lambda row: row.at)


def last_days(session: Session, owner: Owner, now: datetime, count: int) -> Days:
    """The ``count`` local days up to and including today."""
    today = owner.today(now)
    first = today - timedelta(days=count - 1)
    return Days(drunk_per_day(session, owner, first, today), stretches_per_day(session, owner, first, today),
                goal_of(session, owner).ml)
