"""Stretches done: a finished routine, "I did my stretch", or a reminder's Done link."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from habits.owner import Owner
from models import StretchLog


def log_stretch(session: Session, owner: Owner, now: datetime, source: str,
                routine_id: str | None = None) -> StretchLog:
    log = StretchLog(user_id=owner.user_id, person_id=owner.person_id, done_at=now, routine_id=routine_id,
                     source=source, created_at=now)
    session.add(log)
    session.flush()
    return log


def log_finished_routine(session: Session, user_id: int, person_id: str | None, routine_id: str,
                         now: datetime) -> StretchLog:
    """A guided routine's last step was reached: that counts as a stretch done."""
    return log_stretch(session, Owner.of(user_id, person_id, None), now, "routine", routine_id)


def stretches_per_day(session: Session, owner: Owner, first: date, last: date) -> dict[date, int]:
    """Stretches per local day from ``first`` to ``last`` inclusive."""
    start, _ = owner.day_bounds(first)
    _, end = owner.day_bounds(last)
    done = Counter(owner.local(done_at).date() for done_at in session.scalars(
        select(StretchLog.done_at).where(owner.scope(StretchLog), StretchLog.done_at >= start,
                                         StretchLog.done_at < end)))
    return {first + timedelta(days=offset): done.get(first + timedelta(days=offset), 0)
            for offset in range((last - first).days + 1)}


def stretches_on(session: Session, owner: Owner, day: date) -> int:
    return stretches_per_day(session, owner, day, day)[day]
