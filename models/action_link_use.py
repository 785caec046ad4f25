"""A reminder's signed action link ("Done", "Snooze 30 min") that has been used: each works once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime


class ActionLinkUse(Base):
    __tablename__ = "action_link_uses"
    __table_args__ = (UniqueConstraint("schedule_id", "occurs_at", "action", name="uq_action_link_uses_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("reminder_schedules.id", ondelete="CASCADE"))
    occurs_at: Mapped[datetime] = mapped_column(UtcDateTime())
    action: Mapped[str] = mapped_column(String(16))
    used_at: Mapped[datetime] = mapped_column(UtcDateTime())
