"""One drink of water someone logged: how much, when, and where it was logged from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime

SOURCES = ("voice", "web", "link")


class WaterLog(Base):
    __tablename__ = "water_logs"
    __table_args__ = (
        CheckConstraint(f"source IN {SOURCES}", name="source"),
        CheckConstraint("amount_ml > 0", name="amount_ml"),
        Index("ix_water_logs_owner_drunk_at", "user_id", "person_id", "drunk_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(255), default="")
    """Alexa's ``personId`` of the recognised speaker; empty for the account as a whole."""
    drunk_at: Mapped[datetime] = mapped_column(UtcDateTime())
    amount_ml: Mapped[int]
    source: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
