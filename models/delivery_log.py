"""What happened to each occurrence of a schedule on each channel.

One row per (schedule, occurrence, channel), enforced by a unique constraint: that is what
makes delivery idempotent. ``next_attempt_at`` is set only while a delivery is still owed
(``pending``/``retrying``); while an attempt is in flight it holds the attempt's lease.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime

PENDING = "pending"
SENT = "sent"
RETRYING = "retrying"
FAILED = "failed"
MISSED = "missed"
SKIPPED = "skipped"
STATUSES = (PENDING, SENT, RETRYING, FAILED, MISSED, SKIPPED)


class DeliveryLog(Base):
    __tablename__ = "delivery_log"
    __table_args__ = (
        UniqueConstraint("schedule_id", "occurs_at", "channel", name="uq_delivery_log_occurrence"),
        CheckConstraint(f"status IN {STATUSES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("reminder_schedules.id", ondelete="CASCADE"))
    occurs_at: Mapped[datetime] = mapped_column(UtcDateTime())
    channel: Mapped[str] = mapped_column(String(32))
    """``alexa`` or ``apprise:<notification channel id>``."""
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
