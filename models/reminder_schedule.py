"""A recurring reminder a user asked for: what, when (in their local time), and where it goes.

The recurrence is stored as plain fields; ``reminders.schedule_rules`` reads and writes
them, handing out ``reminders.recurrence`` types (``Interval``, ``Daily``, ``Weekly``) that
turn them into instants. ``next_due_at`` is the next occurrence in UTC, indexed, and ``None``
while paused.
"""
from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UtcDateTime
from models.notification_channel import NotificationChannel
from models.user import User

KINDS = ("hydration", "stretch", "warm_up")
RECURRENCES = ("interval", "daily", "weekly")


class ReminderSchedule(Base):
    __tablename__ = "reminder_schedules"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS}", name="kind"),
        CheckConstraint(f"recurrence IN {RECURRENCES}", name="recurrence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    recurrence: Mapped[str] = mapped_column(String(16))
    interval_minutes: Mapped[int | None]
    window_start: Mapped[time | None]
    window_end: Mapped[time | None]
    times_of_day: Mapped[list[str]] = mapped_column(JSON)
    """Local wall-clock times, ``"HH:MM"``, for daily and weekly schedules."""
    weekdays: Mapped[list[int]] = mapped_column(JSON)
    """Days for weekly schedules, 0 = Monday."""
    time_zone: Mapped[str] = mapped_column(String(64))
    quiet_start: Mapped[time | None]
    quiet_end: Mapped[time | None]
    enabled: Mapped[bool]
    snoozed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    label: Mapped[str | None] = mapped_column(String(80))
    alexa_enabled: Mapped[bool]
    use_account_addresses: Mapped[bool] = mapped_column(default=True, server_default=true())
    """Whether it also goes to the account's notification addresses (``User.account_addresses``)."""
    only_when_behind: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Hydration only: skip an occurrence while the day's water is on pace (``habits.pace``)."""
    alexa_alert_token: Mapped[str | None] = mapped_column(String(255))
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """Set by a worker's claim and cleared by the same transaction as it advances the schedule:
    the claim is an UPDATE so that on SQLite it takes the write lock before it reads."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    user: Mapped[User] = relationship()
    notify_channels: Mapped[list[NotificationChannel]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by=NotificationChannel.id)
