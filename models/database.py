"""Engines, sessions and migrations."""
from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Row, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql import Executable

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BEGIN = "cramp_coach_sqlite_begin"
READ_ALONE = {"isolation_level": "AUTOCOMMIT"}


def make_engine(database_url: str) -> Engine:
    """An engine for the URL; SQLite files get their folder, WAL and a busy timeout."""
    if database_url.startswith("sqlite:///") and not database_url.endswith(":memory:"):
        _private_file(Path(database_url.removeprefix("sqlite:///")))
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    return create_engine(database_url, pool_pre_ping=True)


def _private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds notification credentials);
    SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for existing in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if existing.exists() and existing.stat().st_uid == os.getuid():
            existing.chmod(0o600)


def _configure_sqlite(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling would let SAVEPOINT/RELEASE commit on their own;
    # SQLAlchemy's documented recipe hands BEGIN to us instead (see _begin_sqlite_transaction).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL still survives an application crash; only an OS crash or power loss
    # can drop the last commits. It saves an fsync on every Alexa request.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite_transaction(connection) -> None:
    if connection.get_execution_options().get("isolation_level") == READ_ALONE["isolation_level"]:
        return  # see read_alone: each statement is its own snapshot, no lock held
    connection.exec_driver_sql(f"BEGIN {connection.get_execution_options().get(SQLITE_BEGIN, 'DEFERRED')}")


def read_alone(engine: Engine, statement: Executable, parameters: dict) -> Row | None:
    """The first row of one read run outside any transaction: no BEGIN or COMMIT round trip on
    PostgreSQL, no lock taken on SQLite. For a lone read whose answer needs no later write."""
    with engine.connect().execution_options(**READ_ALONE) as connection:
        return connection.execute(statement, parameters).first()


def bound_engine(factory: sessionmaker) -> Engine:
    """The engine a session factory's sessions use."""
    return factory.kw["bind"]


def make_session_factory(engine: Engine, writes: bool = False) -> sessionmaker:
    """Sessions on ``engine``. ``writes=True``: for a short transaction that is likely to write.

    On SQLite such a transaction takes the write lock at its start (``BEGIN IMMEDIATE``),
    waiting for it under the busy timeout. A deferred transaction that reads first and then
    writes fails at once with "database is locked" when another process wrote in between
    (WAL cannot move its snapshot); other databases are unaffected."""
    if writes and engine.dialect.name == "sqlite":
        engine = engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    return config


def migrate(database_url: str) -> None:
    """Bring the database schema up to the newest revision."""
    command.upgrade(alembic_config(database_url), "head")
