"""One database session per Alexa request, and the user row it belongs to.

The request interceptor opens the session and finds or creates the user (keyed by the
Alexa userId); the response interceptor commits; the exception handler rolls back.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import User
from skill.context import SkillContext

DB_SESSION = "db_session"
USER = "user"
FIRST_VISIT = "first_visit"
# last_seen_at is kept to the minute: writing it on every request would cost a write per turn.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class OpenUserSessionInterceptor(AbstractRequestInterceptor):
    """Open the request's database session and load (or create) its user."""

    def __init__(self, ctx: SkillContext):
        self.ctx = ctx

    def process(self, handler_input: HandlerInput) -> None:
        attributes = handler_input.attributes_manager.request_attributes
        session = self.ctx.session_factory()
        attributes[DB_SESSION] = session
        alexa_user_id = _alexa_user_id(handler_input)
        if alexa_user_id is None:
            return
        user, created = find_or_create_user(session, alexa_user_id, self.ctx.clock())
        locale = getattr(handler_input.request_envelope.request, "locale", None)
        if locale and locale != user.locale:
            user.locale = locale
        attributes[USER] = user
        attributes[FIRST_VISIT] = created


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
    if now - user.last_seen_at >= LAST_SEEN_RESOLUTION:
        user.last_seen_at = now


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
    return handler_input.attributes_manager.request_attributes.get(USER)


def is_first_visit(handler_input: HandlerInput) -> bool:
    return bool(handler_input.attributes_manager.request_attributes.get(FIRST_VISIT))


def _alexa_user_id(handler_input: HandlerInput) -> str | None:
    system = getattr(handler_input.request_envelope.context, "system", None)
    user = getattr(system, "user", None)
    if user is not None and user.user_id:
        return user.user_id
    session = handler_input.request_envelope.session
    return session.user.user_id if session is not None and session.user is not None else None
