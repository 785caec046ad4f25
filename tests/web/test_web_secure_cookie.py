"""Behind HTTPS the session cookie is Secure."""
from __future__ import annotations

import pytest

from tests.web.support import Browser, issue_code, make_user


@pytest.fixture
def settings(settings):
    return settings.with_overrides(public_url="https://cramp.example.org")


def test_session_cookie_is_secure_when_public_address_is_https(app, db_session, clock):
    user = make_user(db_session, "amzn1.ask.account.WEBUSER1", clock())
    response = Browser(app).sign_in(issue_code(app, db_session, user, clock()))
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
