"""What happened to each occurrence of a schedule on each channel.

One row per (schedule, occurrence, channel), enforced by a unique constraint: that is what
makes delivery idempotent. ``next_attempt_at`` is set only while a delivery is still owed
(``pending``/``retrying``); while an attempt is in flight it is the end of the attempt's lease
and ``lease_token`` names the claim holding it, so that only that claim can record the result.
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
UNDELIVERABLE = "undeliverable"
"""No channel of the schedule could take it (no Alexa permission, no address); the reason is kept."""
STATUSES = (PENDING, SENT, RETRYING, FAILED, MISSED, SKIPPED, UNDELIVERABLE)


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
    """``alexa``, ``apprise:<notification channel id>``, or ``none`` for a schedule without any."""
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    ready_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """When a worker could first have sent it (queued, after any jitter or rate-limit delay):
    the grace window is measured from here."""
    lease_token: Mapped[str | None] = mapped_column(String(32))
    """The claim currently holding the row; cleared when its result is recorded."""
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """When the channel really took the message (the clock at that moment, not the pass's start)."""
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
