"""An Alexa reminder that must be brought in line with its schedule outside a skill session.

Alexa lets a skill change or delete its reminders out of session only through a Skill
Messaging round trip (``reminders.alexa_sync``), so the work is queued here and retried until
done. One row per Alexa reminder (``alert_token``): several edits before it runs coalesce,
and running it applies the schedule's state at that moment.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime

PENDING = "pending"
"""A Skill Messaging message is owed (first try, or a retry after ``next_attempt_at``)."""
MESSAGED = "messaged"
"""The message was accepted; waiting for Alexa to call back. Sent again if the callback never comes."""
BLOCKED = "blocked"
"""Alexa refused for lack of the reminders permission; waits for the user to grant it again."""
FAILED = "failed"
"""Gave up: attempts used up or Alexa rejected the request itself. ``last_error`` says why."""
STATUSES = (PENDING, MESSAGED, BLOCKED, FAILED)


class AlexaSyncJob(Base):
    __tablename__ = "alexa_sync_jobs"
    __table_args__ = (CheckConstraint(f"status IN {STATUSES}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    """``None`` once the user is deleted: their Alexa reminders are still to be deleted."""
    alexa_user_id: Mapped[str | None] = mapped_column(String(512), index=True)
    """Whom Skill Messaging asks to call back; kept so the job outlives a deleted user."""
    schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("reminder_schedules.id", ondelete="SET NULL"), index=True)
    """``None`` once the schedule is deleted: the Alexa reminder is then deleted too."""
    alert_token: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int]
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    """``None``: due now (a fresh change). Otherwise the earliest time to message Alexa again."""
    last_error: Mapped[str | None] = mapped_column(Text)
