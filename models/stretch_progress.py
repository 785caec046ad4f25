"""Where a person is in a stretch routine, so "resume my stretch" continues in a later session."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime


class StretchProgress(Base):
    """One unfinished routine per user: saved on every step change, deleted when it is finished."""

    __tablename__ = "stretch_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    routine_id: Mapped[str] = mapped_column(String(64))
    step_index: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
