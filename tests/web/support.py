"""Helpers for the web page tests: a signed-in browser on the Flask test client, with CSRF tokens."""
from __future__ import annotations

import re
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from models import User
from reminders.schedules import create_schedule
from reminders.spec import ScheduleSpec
from skill.persistence import find_or_create_user

_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browser:
    """The Flask test client as one person's browser: posts carry the session's CSRF token."""

    def __init__(self, app: Flask, remote_addr: str = "127.0.0.1"):
        self.app = app
        self.client: FlaskClient = app.test_client()
        self.environ = {"REMOTE_ADDR": remote_addr}

    def get(self, path: str, **kwargs) -> TestResponse:
        return self.client.get(path, environ_base=self.environ, **kwargs)

    def post(self, path: str, data: dict | None = None, token: bool = True, **kwargs) -> TestResponse:
        form = dict(data or {})
        if token:
            form.setdefault("csrf_token", csrf_token(self.get("/").get_data(as_text=True)))
        return self.client.post(path, data=form, environ_base=self.environ, **kwargs)

    def sign_in(self, code: str) -> TestResponse:
        return self.post("/sign-in", {"code": code})


def make_user(session: Session, alexa_user_id: str, now: datetime, time_zone: str | None = None) -> User:
    user, _ = find_or_create_user(session, alexa_user_id, now)
    user.time_zone = time_zone
    session.commit()
    return user


def issue_code(app: Flask, session: Session, user: User, now: datetime) -> str:
    code = app.extensions["cramp_coach_web"].sign_in.issue_code(session, user, now)
    session.commit()
    return code


def signed_in_browser(app: Flask, session: Session, user: User, now: datetime) -> Browser:
    browser = Browser(app)
    response = browser.sign_in(issue_code(app, session, user, now))
    assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def add_schedule(session: Session, user: User, now: datetime, **spec) -> int:
    """A schedule made through the domain, as the voice side would; its id."""
    schedule = create_schedule(session, user, ScheduleSpec(**{"kind": "hydration", "time_zone": "Europe/Berlin",
                                                               **spec}), now)
    session.commit()
    return schedule.id


def page_text(response: TestResponse) -> str:
    """The page as text, tags dropped and whitespace collapsed, for asserting what a reader sees."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, character in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&#34;", '"'), ("&#39;", "'"),
                              ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, character)
    return " ".join(text.split())
