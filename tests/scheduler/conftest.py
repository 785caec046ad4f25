"""Fixtures of the scheduler tests: a session factory on the test database."""
from __future__ import annotations

import pytest

from models.database import make_engine, make_session_factory


@pytest.fixture(autouse=True)
def _receivers_on_this_machine(loopback_receivers_allowed, monkeypatch):
    """Every reminder test sends to local receivers (``tests.scheduler.support.JsonReceiver``), and
    the load tests give one user far more reminders than a person may make."""
    monkeypatch.setenv("CRAMP_COACH_MAX_REMINDERS_PER_USER", "1000000")


@pytest.fixture
def session_factory(database_url):
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()
