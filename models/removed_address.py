"""A notification address just removed on the web page, kept for a few minutes so "Undo" can put
it back (``web.views.notifications``); expired rows are deleted when the next one is removed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime


class RemovedAddress(Base):
    __tablename__ = "removed_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_schedules.id", ondelete="CASCADE"),
                                                    index=True)
    """The reminder it was removed from; ``None`` for an address of the whole account."""
    apprise_url: Mapped[str] = mapped_column(Text)
    removed_at: Mapped[datetime] = mapped_column(UtcDateTime())
