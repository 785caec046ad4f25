"""Undo for Remove: a removed notification address is kept for a few minutes, named by a token
in this browser's session, so "Undo" can put it back."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import session
from sqlalchemy import delete, select

from models import RemovedAddress
from web.context import db, now, signed_in_user

UNDO_FOR = timedelta(minutes=10)
UNDO_KEY = "undo_address"


def keep_for_undo(schedule_id: int | None, url: str) -> None:
    """Keep a removed address for ``UNDO_FOR`` (this browser's session names it); drop expired ones."""
    user = signed_in_user()
    db().execute(delete(RemovedAddress).where(RemovedAddress.user_id == user.id,
                                              RemovedAddress.removed_at < now() - UNDO_FOR))
    token = secrets.token_hex(16)
    db().add(RemovedAddress(token=token, user_id=user.id, schedule_id=schedule_id, apprise_url=url, removed_at=now()))
    session[UNDO_KEY] = token


def undoable() -> RemovedAddress | None:
    """The address this browser removed last, while it can still be put back."""
    token = session.get(UNDO_KEY)
    if not token:
        return None
    return db().scalar(select(RemovedAddress).where(
        RemovedAddress.token == token, RemovedAddress.user_id == signed_in_user().id,
        RemovedAddress.removed_at >= now() - UNDO_FOR))


def forget_undo() -> None:
    session.pop(UNDO_KEY, None)
