"""One database session per Alexa request, and the user row it belongs to.

The request interceptor opens the session and makes sure the user row exists (keyed by the
Alexa userId) with one light query; handlers that need the ``User`` object load it on first
use. The response interceptor commits; the exception handler rolls back.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import User
from skill.context import SkillContext

DB_SESSION = "db_session"
USER = "user"
USER_ID = "user_id"
FIRST_VISIT = "first_visit"
# last_seen_at is kept to the minute: writing it on every request would cost a write per turn.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# Built once: this runs on every Alexa request.
KNOWN_USER = select(User.id, User.last_seen_at, User.locale).where(User.alexa_user_id == bindparam("alexa_user_id"))


class OpenUserSessionInterceptor(AbstractRequestInterceptor):
    """Open the request's database session and make sure its user exists."""

    def __init__(self, ctx: SkillContext):
        self.ctx = ctx

    def process(self, handler_input: HandlerInput) -> None:
        attributes = handler_input.attributes_manager.request_attributes
        session = self.ctx.session_factory()
        attributes[DB_SESSION] = session
        alexa_user_id = _alexa_user_id(handler_input)
        if alexa_user_id is None:
            return
        locale = getattr(handler_input.request_envelope.request, "locale", None)
        now = self.ctx.clock()
        known = session.connection().execute(KNOWN_USER, {"alexa_user_id": alexa_user_id}).first()
        if known is None:
            user, created = find_or_create_user(session, alexa_user_id, now)
            user.locale = locale or user.locale
            attributes[USER], attributes[USER_ID], attributes[FIRST_VISIT] = user, user.id, created
            return
        changes = {"locale": locale} if locale and locale != known.locale else {}
        if _seen_long_ago(known.last_seen_at, now):
            changes["last_seen_at"] = now
        if changes:
            session.execute(update(User).where(User.id == known.id).values(**changes))
        attributes[USER_ID] = known.id


class CommitSessionInterceptor(AbstractResponseInterceptor):
    """Commit what the handler changed and release the connection."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        close_request_session(handler_input, commit=True)


def find_or_create_user(session: Session, alexa_user_id: str, now: datetime) -> tuple[User, bool]:
    """The user row for this Alexa user, created on first sight; safe against a concurrent insert."""
    user = session.scalar(select(User).where(User.alexa_user_id == alexa_user_id))
    if user is not None:
        _mark_seen(user, now)
        return user, False
    user = User(alexa_user_id=alexa_user_id, created_at=now, last_seen_at=now)
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        user = session.scalar(select(User).where(User.alexa_user_id == alexa_user_id))
        _mark_seen(user, now)
        return user, False
    return user, True


def _mark_seen(user: User, now: datetime) -> None:
    if _seen_long_ago(user.last_seen_at, now):
        user.last_seen_at = now


def _seen_long_ago(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= LAST_SEEN_RESOLUTION


def close_request_session(handler_input: HandlerInput, commit: bool) -> None:
    session: Session | None = handler_input.attributes_manager.request_attributes.pop(DB_SESSION, None)
    if session is None:
        return
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def db_session(handler_input: HandlerInput) -> Session:
    return handler_input.attributes_manager.request_attributes[DB_SESSION]


def current_user(handler_input: HandlerInput) -> User | None:
    """The request's user, loaded on first use (questions, the most common request, never need it)."""
    attributes = handler_input.attributes_manager.request_attributes
    if USER not in attributes:
        user_id = attributes.get(USER_ID)
        attributes[USER] = None if user_id is None else attributes[DB_SESSION].get(User, user_id)
    return attributes[USER]


def is_first_visit(handler_input: HandlerInput) -> bool:
    return bool(handler_input.attributes_manager.request_attributes.get(FIRST_VISIT))


def _alexa_user_id(handler_input: HandlerInput) -> str | None:
    system = getattr(handler_input.request_envelope.context, "system", None)
    user = getattr(system, "user", None)
    if user is not None and user.user_id:
        return user.user_id
    session = handler_input.request_envelope.session
    return session.user.user_id if session is not None and session.user is not None else None
