"""The habit's say over reminders: which hydration schedules hold back while on pace."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from models import ReminderSchedule


def set_only_when_behind(session: Session, user_id: int, only_when_behind: bool, now: datetime) -> int:
    """Set "only when I'm behind" on all of the user's water reminders; how many there are."""
    result = session.execute(update(ReminderSchedule)
                             .where(ReminderSchedule.user_id == user_id, ReminderSchedule.kind == "hydration")
                             .values(only_when_behind=only_when_behind, updated_at=now)
                             .execution_options(synchronize_session=False))
    return result.rowcount
