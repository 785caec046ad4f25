"""Fixtures of the web page tests: a user in Berlin and a browser signed in as them."""
from __future__ import annotations

import pytest

from tests.web.support import make_user, signed_in_browser


@pytest.fixture
def user(db_session, clock):
    return make_user(db_session, "amzn1.ask.account.WEBUSER1", clock(), time_zone="Europe/Berlin")


@pytest.fixture
def browser(app, db_session, user, clock):
    return signed_in_browser(app, db_session, user, clock())
