"""Starting with a database that cannot be reached says so in one line; database files are private."""
from __future__ import annotations

import socket
import stat

from sqlalchemy import text

from cramp_coach.cli import main
from models.database import make_engine, migrate


def test_unreachable_database_at_start_is_one_line_without_a_traceback(monkeypatch, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CRAMP_COACH_DATABASE_URL", f"postgresql+psycopg://coach:hunter2@127.0.0.1:{port}/coach")
    code = main(["reminders", "list", "--user", "amzn1.ask.account.X"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"cramp-coach: cannot use the database at postgresql+psycopg://coach:***@127.0.0.1:{port}/coach")
    assert "hunter2" not in err


def test_sqlite_file_and_its_wal_and_shm_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "data" / "cramp_coach.db"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE probe (x INTEGER)"))
        connection.commit()
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        modes = {file.name: stat.S_IMODE(file.stat().st_mode) for file in files}
    engine.dispose()
    assert modes == {file.name: 0o600 for file in files}
