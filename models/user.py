"""A person who talks to the skill, keyed by the Alexa userId."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.account_address import AccountAddress
from models.base import Base, UtcDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    alexa_user_id: Mapped[str] = mapped_column(String(512), unique=True)
    locale: Mapped[str | None] = mapped_column(String(16))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    alexa_reminders_allowed: Mapped[bool | None]
    """Whether the user granted the Alexa reminders permission; ``None`` until we learn it."""

    account_addresses: Mapped[list[AccountAddress]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by=AccountAddress.id)
    """Notification addresses for all of the user's reminders (each may opt out)."""
