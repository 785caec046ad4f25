"""Fixtures of the scheduler tests: a session factory on the test database, the ``cramp-coach`` CLI."""
from __future__ import annotations

import pytest

from cramp_coach.cli import main
from models.database import make_engine, make_session_factory
from tests.scheduler.support import CLI_NOW


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


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    """Run ``cramp-coach ARGS`` on the test database at ``CLI_NOW``; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("CRAMP_COACH_DATABASE_URL", database_url)
    monkeypatch.setattr("scheduler.reminders_command.utc_now", lambda: CLI_NOW)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
