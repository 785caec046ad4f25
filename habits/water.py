"""Logging water, undoing the last log, and how much was drunk over a span of days."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from habits.owner import Owner
from habits.units import MAX_SINGLE_DRINK_ML
from models import WaterLog

MAX_BACKDATE = timedelta(hours=24)


class HabitError(ValueError):
    """A log the habit rules refuse; ``reason`` is a key the surfaces turn into words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def log_water(session: Session, owner: Owner, amount_ml: int, drunk_at: datetime, now: datetime,
              source: str) -> WaterLog:
    """Add one drink; refuses nothing at all, too much at once, the future and more than a day back."""
    if amount_ml <= 0:
        raise HabitError("no_amount")
    if amount_ml > MAX_SINGLE_DRINK_ML:
        raise HabitError("too_much")
    if drunk_at > now + timedelta(minutes=1):
        raise HabitError("in_future")
    if now - drunk_at > MAX_BACKDATE:
        raise HabitError("too_long_ago")
    log = WaterLog(user_id=owner.user_id, person_id=owner.person_id, drunk_at=drunk_at, amount_ml=amount_ml,
                   source=source, created_at=now)
    session.add(log)
    session.flush()
    return log


def undo_last_water(session: Session, owner: Owner) -> WaterLog | None:
    """Remove the owner's most recently added drink; the removed one, or None if there was none."""
    last = session.scalar(select(WaterLog).where(owner.scope(WaterLog))
                          .order_by(WaterLog.created_at.desc(), WaterLog.id.desc()).limit(1))
    if last is not None:
        session.execute(delete(WaterLog).where(WaterLog.id == last.id))
    return last


def drunk_on(session: Session, owner: Owner, day: date) -> int:
    """Millilitres drunk on the owner's local ``day``."""
    start, end = owner.day_bounds(day)
    return drunk_between(session, owner, start, end)


def drunk_between(session: Session, owner: Owner, start: datetime, end: datetime) -> int:
    total = session.scalar(select(func.coalesce(func.sum(WaterLog.amount_ml), 0))
                           .where(owner.scope(WaterLog), WaterLog.drunk_at >= start, WaterLog.drunk_at < end))
    return int(total or 0)


def drunk_per_day(session: Session, owner: Owner, first: date, last: date) -> dict[date, int]:
    """Millilitres per local day from ``first`` to ``last`` inclusive (days without water are 0)."""
    start, _ = owner.day_bounds(first)
    _, end = owner.day_bounds(last)
    totals: dict[date, int] = defaultdict(int)
    rows = session.execute(select(WaterLog.drunk_at, WaterLog.amount_ml)
                           .where(owner.scope(WaterLog), WaterLog.drunk_at >= start, WaterLog.drunk_at < end))
    for drunk_at, amount in rows:
        totals[owner.local(drunk_at).date()] += amount
    return {first + timedelta(days=offset): totals.get(first + timedelta(days=offset), 0)
            for offset in range((last - first).days + 1)}
