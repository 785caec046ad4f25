"""Fixtures of the outbound tests: a session factory on the test database."""
from __future__ import annotations

import pytest

from models.database import make_engine, make_session_factory


@pytest.fixture
def session_factory(database_url):
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()
