"""Shared fixtures: a migrated database per backend, a pinned clock, the app and its client.

Database tests run on SQLite and, when ``CRAMP_COACH_TEST_POSTGRES_URL`` points at a
PostgreSQL server (``.ci/run`` sets it), on PostgreSQL too.
"""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import flask
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cramp_coach.app import create_app
from cramp_coach.cli import main
from foundations.settings import DEFAULT_DATA_DIR, Settings
from models import Base
from models.database import make_engine, make_session_factory, migrate
from tests.alexa_replies import reply_problems
from tests.eval_summary import write_eval_scores

POSTGRES_URL_VARIABLE = "CRAMP_COACH_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_URL_VARIABLE)
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
TEST_SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
ALLOWED_NOTIFY_HOSTS = "CRAMP_COACH_ALLOWED_NOTIFY_HOSTS"
CLI_NOW = datetime(2026, 6, 1, 5, 0, tzinfo=timezone.utc)  # Monday 07:00 in Berlin: the clock of `cli`


@pytest.fixture(scope="session", autouse=True)
def nothing_written_outside_temporary_folders(tmp_path_factory):
    """Commands run by tests (in process or as subprocesses) read the environment: point it at
    a temporary folder, and fail the run if the project's own data folder changed anyway."""
    before = _snapshot(DEFAULT_DATA_DIR)
    scratch = tmp_path_factory.mktemp("environment")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRAMP_COACH_DATABASE_URL", f"sqlite:///{scratch / 'cramp_coach.db'}")
        patch.setenv("CRAMP_COACH_SECRET_KEY", "test-run-secret-key-not-for-production")
        yield
    after = _snapshot(DEFAULT_DATA_DIR)
    assert after == before, f"the test run wrote {DEFAULT_DATA_DIR}: {sorted(set(after.items()) ^ set(before.items()))}"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.exists():
        return {}
    return {str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size)
            for path in folder.rglob("*")}


class Clock:
    """A settable clock: ``clock()`` is now, ``clock.advance(seconds=…)`` moves it."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def alexa_replies_are_held_to_the_rules():
    """Every ``POST /alexa`` reply in the suite, from any app, test client or server thread, must be
    a valid ``ResponseEnvelope`` and keep the session rule (``tests/alexa_replies.py``)."""
    problems: list[str] = []

    def check(sender, response, **extra) -> None:
        if flask.request.path != "/alexa" or response.status_code != 200 or not response.is_json:
            return
        problems.extend(reply_problems(flask.request.get_json(silent=True) or {}, response.get_json()))

    flask.request_finished.connect(check)
    yield
    flask.request_finished.disconnect(check)
    assert not problems, "\n".join(problems)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def loopback_receivers_allowed(monkeypatch):
    """Notifications may reach the tests' receivers on 127.0.0.1, as an operator would allow a
    local hook; without this every loopback address is refused (``foundations.outbound``)."""
    monkeypatch.setenv(ALLOWED_NOTIFY_HOSTS, "127.0.0.1")


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_database(request, tmp_path_factory):
    """One migrated database per backend for the whole run; tests get a clean copy of it."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("db") / "template.sqlite"
        migrate(f"sqlite:///{template}")
        yield "sqlite", template
        return
    admin_url = make_url(POSTGRES_URL)
    name = f"cramp_coach_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    migrate(url)
    yield "postgresql", url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(migrated_database, tmp_path) -> str:
    backend, location = migrated_database
    if backend == "sqlite":
        copy = tmp_path / "cramp_coach.sqlite"
        shutil.copyfile(location, copy)
        return f"sqlite:///{copy}"
    engine = make_engine(location)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return location


@pytest.fixture
def db_session(database_url):
    engine = make_engine(database_url)
    session = make_session_factory(engine)()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, skill_id=TEST_SKILL_ID, verify_requests=False,
                    secret_key="test-secret-key-not-for-production")


@pytest.fixture
def app(settings, clock):
    application = create_app(settings, clock=clock, warn_when_unverified=False)
    yield application
    application.extensions["cramp_coach"]["engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    """Run ``cramp-coach ARGS`` on the test database at ``CLI_NOW``; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("CRAMP_COACH_DATABASE_URL", database_url)
    monkeypatch.setattr("cramp_coach.reminders_command.utc_now", lambda: CLI_NOW)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_terminal_summary(terminalreporter):
    write_eval_scores(terminalreporter)
    if not POSTGRES_URL:
        terminalreporter.write_line(
            f"PostgreSQL leg NOT run: set {POSTGRES_URL_VARIABLE} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)."
        )
    else:
        terminalreporter.write_line(f"PostgreSQL leg run against {make_url(POSTGRES_URL).render_as_string()}.")
