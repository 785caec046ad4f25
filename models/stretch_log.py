"""A stretch someone did: a finished routine, "I did my stretch", or a reminder's Done link."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime

SOURCES = ("voice", "routine", "web", "link")


class StretchLog(Base):
    __tablename__ = "stretch_logs"
    __table_args__ = (
        CheckConstraint(f"source IN {SOURCES}", name="source"),
        Index("ix_stretch_logs_owner_done_at", "user_id", "person_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(255), default="")
    """Alexa's ``personId`` of the recognised speaker; empty for the account as a whole."""
    done_at: Mapped[datetime] = mapped_column(UtcDateTime())
    routine_id: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
