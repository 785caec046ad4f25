"""Keeping no more than people need: habit logs older than the retention period are deleted.

``CRAMP_COACH_HABIT_RETENTION_DAYS`` (default 730, two years) sets the period; the worker
applies it at most once an hour. Used action links are kept only as long as a link is valid.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from habits.links import LIFETIME
from models import ActionLinkUse, StretchLog, WaterLog

DEFAULT_RETENTION = timedelta(days=730)


def purge_old_habits(session: Session, now: datetime, retention: timedelta = DEFAULT_RETENTION) -> int:
    """Delete water and stretch logs older than ``retention`` and spent link records; rows deleted."""
    cutoff = now - retention
    deleted = 0
    for statement in (delete(WaterLog).where(WaterLog.drunk_at < cutoff),
                      delete(StretchLog).where(StretchLog.done_at < cutoff),
                      delete(ActionLinkUse).where(ActionLinkUse.occurs_at < now - 2 * LIFETIME)):
        deleted += session.execute(statement.execution_options(synchronize_session=False)).rowcount
    return deleted
