"""Deleting a user, for the skill being disabled and for the web page's "delete my data"."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models import User
from reminders.alexa_sync import user_deleted


def delete_user(session: Session, user: User) -> None:
    """Delete the user; the database cascades to their schedules, notification channels and
    addresses, delivery log, habits, stretch progress and web sign-ins. Their Alexa reminders
    are queued for deletion, and those jobs outlive the user (``reminders.alexa_sync.user_deleted``).
    The caller commits."""
    user_deleted(session, user)
    session.delete(user)
    session.flush()
