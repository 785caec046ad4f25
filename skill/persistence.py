"""One database session per Alexa request, and the user row it belongs to.

The request interceptor makes sure the user row exists (keyed by the Alexa userId). A user seen
in this process within the last minute is known without asking the database (``KnownUsers``);
otherwise one light query checks the row (creating it on first sight, moving ``last_seen_at``
at most once a minute) in a short transaction of its own. The request's database session is
opened only when something needs it, so a question from a known user costs no database work
at all; handlers that need the ``User`` object load it on first use. The response interceptor
commits what was opened; the exception handler rolls back.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from models import User
from models.database import bound_engine, read_alone
from skill.context import SkillContext

DB_SESSION = "db_session"
SESSION_FACTORY = "session_factory"
USER = "user"
USER_ID = "user_id"
FIRST_VISIT = "first_visit"
KNOWN_USERS = "known_users"
REQUEST_NOW = "request_now"
# last_seen_at is kept to the minute: writing it on every request would cost a write per turn.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# Built once: this runs on every Alexa request.
KNOWN_USER = select(User.id, User.last_seen_at, User.locale).where(User.alexa_user_id == bindparam("alexa_user_id"))


@dataclass(frozen=True)
class KnownUser:
    """A user row as this process last saw it in the database."""

    alexa_user_id: str
    id: int
    locale: str | None
    last_seen_at: datetime


class KnownUsers:
    """Users whose row this process checked less than ``LAST_SEEN_RESOLUTION`` ago.

    Within that minute nothing about them needs writing (``last_seen_at`` is kept to the minute)
    and their row is known to exist, so their requests skip the database. Bounded, least
    recently used first out; shared by the server's threads.
    """

    def __init__(self, max_entries: int = 50_000):
        self.max_entries = max_entries
        self._entries: OrderedDict[str, KnownUser] = OrderedDict()
        self._lock = threading.Lock()

    def fresh(self, alexa_user_id: str, locale: str | None, now: datetime) -> KnownUser | None:
        """The cached row, if it was checked within the minute and the locale did not change."""
        with self._lock:
            known = self._entries.get(alexa_user_id)
            if known is None:
                return None
            if _seen_long_ago(known.last_seen_at, now) or (locale and locale != known.locale):
                del self._entries[alexa_user_id]
                return None
            self._entries.move_to_end(alexa_user_id)
            return known

    def remember(self, known: KnownUser) -> None:
        with self._lock:
            self._entries[known.alexa_user_id] = known
            self._entries.move_to_end(known.alexa_user_id)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, alexa_user_id: str) -> None:
        with self._lock:
            self._entries.pop(alexa_user_id, None)


class OpenUserSessionInterceptor(AbstractRequestInterceptor):
    """Make sure the request's user exists; the database session opens on first use."""

    def __init__(self, ctx: SkillContext, known_users: KnownUsers | None = None):
        self.ctx = ctx
        self.known_users = known_users or KnownUsers()

    def process(self, handler_input: HandlerInput) -> None:
        attributes = handler_input.attributes_manager.request_attributes
        now = self.ctx.clock()
        # Handlers read, then often write: on SQLite their transaction takes the write lock up
        # front, or a worker's commit in between fails the request with "database is locked".
        attributes[SESSION_FACTORY] = self.ctx.write_session_factory or self.ctx.session_factory
        attributes[KNOWN_USERS] = self.known_users
        attributes[REQUEST_NOW] = now
        alexa_user_id = _alexa_user_id(handler_input)
        if alexa_user_id is None:
            return
        locale = getattr(handler_input.request_envelope.request, "locale", None)
        cached = self.known_users.fresh(alexa_user_id, locale, now)
        if cached is not None:
            attributes[USER_ID] = cached.id
            return
        # The check, and the write it may need, in a short transaction of its own that is
        # committed at once: the row is then known to exist whatever the handler does, and on
        # SQLite the write lock is taken up front instead of failing on a read-to-write upgrade.
        with (self.ctx.write_session_factory or self.ctx.session_factory)() as session:
            known = session.connection().execute(KNOWN_USER, {"alexa_user_id": alexa_user_id}).first()
            if known is None:
                user, attributes[FIRST_VISIT] = find_or_create_user(session, alexa_user_id, now)
                user.locale = locale or user.locale
                checked = KnownUser(alexa_user_id, user.id, user.locale, user.last_seen_at)
            else:
                changes = {"locale": locale} if locale and locale != known.locale else {}
                if _seen_long_ago(known.last_seen_at, now):
                    changes["last_seen_at"] = now
                if changes:
                    session.execute(update(User).where(User.id == known.id).values(**changes))
                checked = KnownUser(alexa_user_id, known.id, locale or known.locale,
                                    changes.get("last_seen_at", known.last_seen_at))
            session.commit()
        self.known_users.remember(checked)
        attributes[USER_ID] = checked.id


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


def read_alone_row(handler_input: HandlerInput, statement: Executable, parameters: dict) -> Row | None:
    """One read outside the request's transaction (``models.database.read_alone``)."""
    factory: sessionmaker = handler_input.attributes_manager.request_attributes[SESSION_FACTORY]
    return read_alone(bound_engine(factory), statement, parameters)


def db_session(handler_input: HandlerInput) -> Session:
    """The request's database session, opened on first use."""
    attributes = handler_input.attributes_manager.request_attributes
    if DB_SESSION not in attributes:
        factory: sessionmaker = attributes[SESSION_FACTORY]
        attributes[DB_SESSION] = factory()
    return attributes[DB_SESSION]


def current_user(handler_input: HandlerInput) -> User | None:
    """The request's user, loaded on first use (questions, the most common request, never need it)."""
    attributes = handler_input.attributes_manager.request_attributes
    if USER not in attributes:
        user_id = attributes.get(USER_ID)
        user = None if user_id is None else db_session(handler_input).get(User, user_id)
        if user is None and user_id is not None:
            # The row went (the person deleted their data) after this process last saw it.
            alexa_user_id = _alexa_user_id(handler_input)
            attributes[KNOWN_USERS].forget(alexa_user_id)
            user, attributes[FIRST_VISIT] = find_or_create_user(db_session(handler_input), alexa_user_id,
                                                                   attributes[REQUEST_NOW])
            attributes[USER_ID] = user.id
        attributes[USER] = user
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
