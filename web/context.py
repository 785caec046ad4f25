"""What a web request works with: its database session, the clock and the signed-in user.

One database session per request, opened on first use and closed when the request ends;
views commit what they change.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Callable, ParamSpec, TypeVar

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy.orm import Session, sessionmaker

from accounts.sign_in import SignIn
from models import ReminderSchedule, User
from reminders.parsing import ScheduleError
from reminders.schedules import get_schedule
from web.trial_notifications import TrialNotifications

EXTENSION = "cramp_coach_web"
TOKEN_KEY = "sign_in_token"
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class WebServices:
    """What ``register_web`` hands the pages."""

    sign_in: SignIn
    session_factory: sessionmaker
    clock: Callable[[], datetime]
    trials: TrialNotifications
    write_session_factory: sessionmaker
    """For form posts: on SQLite their transaction takes the write lock up front, so a worker's
    commit between the post's read and its write cannot fail it with "database is locked"."""


def services() -> WebServices:
    return current_app.extensions[EXTENSION]


def db() -> Session:
    """This request's database session."""
    if "db_session" not in g:
        web = services()
        g.db_session = (web.session_factory if request.method in ("GET", "HEAD") else web.write_session_factory)()
    return g.db_session


def close_db(_error: BaseException | None = None) -> None:
    database_session: Session | None = g.pop("db_session", None)
    if database_session is not None:
        database_session.close()


def now() -> datetime:
    return services().clock()


def signed_in_user() -> User | None:
    """The user whose live session token is in this browser's cookie."""
    if "user" not in g:
        token = session.get(TOKEN_KEY)
        g.user = services().sign_in.session_user(db(), token, now()) if token else None
    return g.user


def sign_in_required(view: Callable[P, R]) -> Callable[P, R]:
    """Send a signed-out visitor to the sign-in form on ``/``, remembering the page they asked for."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs):
        if signed_in_user() is None:
            if request.method != "GET":
                return redirect(url_for("web.index"))
            query = request.query_string.decode("latin-1")
            return redirect(url_for("web.index", next=request.path + (f"?{query}" if query else "")))
        return view(*args, **kwargs)

    return guarded


def own_schedule(schedule_id: int) -> ReminderSchedule:
    """The signed-in user's schedule; anyone else's is a 404, exactly like a missing one."""
    try:
        return get_schedule(db(), signed_in_user(), schedule_id)
    except ScheduleError:
        abort(404)


@contextmanager
def refusal_shown_in(errors: list[str]) -> Iterator[None]:
    """Run a schedule change; if the scheduler refuses it, roll back and add the reason to ``errors``
    (a form's, shown beside the field) instead of raising, skipping the rest of the block."""
    try:
        yield
    except ScheduleError as error:
        db().rollback()
        errors.append(str(error))
