"""The dispatch's many-row statements on PostgreSQL: arrays as parameters, sent as binary.

An ``executemany`` sends one ``INSERT`` or ``UPDATE`` per row: PostgreSQL plans and runs each on
its own, and the worker builds each row's parameters. Passing the columns as arrays (``unnest``)
makes a batch's queued rows, or a group's results, a single statement. The two statements run
on psycopg's own cursor of the same connection (and transaction), with binary parameters:
SQLAlchemy always has psycopg write parameters as text, which for an array of timestamps costs
about 3 µs an element against 0.2 µs as binary. Likewise a list of ids is one array
(``= ANY``), not one parameter each, so the statement's text is the same for every batch:
SQLAlchemy and psycopg prepare it once instead of rendering and parsing a thousand placeholders
each time. SQLite runs in the worker's own process, where ``executemany`` and ``IN`` cost no
round trips, so it keeps those.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import ColumnElement, Connection, Integer, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

QUEUE_ROWS = """
INSERT INTO delivery_log (schedule_id, occurs_at, channel, status, attempts, last_error, updated_at,
                          next_attempt_at, ready_at, lease_token)
SELECT row.schedule_id, row.occurs_at, row.channel, row.status, CASE WHEN row.leased THEN 1 ELSE 0 END,
       row.last_error, %(now)s, CASE WHEN row.leased THEN CAST(%(lease_until)s AS timestamptz) ELSE row.ready_at END,
       row.ready_at, CASE WHEN row.leased THEN CAST(%(token)s AS varchar) END
FROM unnest(CAST(%(schedule_ids)s AS integer[]), CAST(%(occurs_at)s AS timestamptz[]),
            CAST(%(channels)s AS varchar[]), CAST(%(statuses)s AS varchar[]), CAST(%(details)s AS text[]),
            CAST(%(ready_at)s AS timestamptz[]), CAST(%(leased)s AS boolean[]))
     AS row(schedule_id, occurs_at, channel, status, last_error, ready_at, leased)
ON CONFLICT (schedule_id, occurs_at, channel) DO NOTHING
RETURNING id, schedule_id, occurs_at, channel, status, attempts, ready_at, lease_token"""

RECORD_RESULTS = """
UPDATE delivery_log AS log
SET status = result.status, last_error = result.last_error, next_attempt_at = result.next_attempt_at,
    sent_at = CASE WHEN result.sent THEN result.at END,
    ready_at = CASE WHEN result.delayed THEN result.next_attempt_at ELSE log.ready_at END,
    attempts = CASE WHEN result.delayed THEN log.attempts - 1 ELSE log.attempts END,
    lease_token = NULL, updated_at = result.at
FROM unnest(CAST(%(ids)s AS integer[]), CAST(%(statuses)s AS varchar[]), CAST(%(details)s AS text[]),
            CAST(%(next_attempt_at)s AS timestamptz[]), CAST(%(at)s AS timestamptz[]),
            CAST(%(sent)s AS boolean[]), CAST(%(delayed)s AS boolean[]))
     AS result(id, status, last_error, next_attempt_at, at, sent, delayed)
WHERE log.id = result.id AND log.lease_token = %(token)s"""


def is_postgres(connection: Connection | Session) -> bool:
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    return bind.dialect.name == "postgresql"


def among(column: ColumnElement, ids: Iterable[int], postgres: bool) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL ``column = ANY(:ids)`` with the ids as one array."""
    if postgres:
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


def queue_rows(session: Session, rows: list[dict], now: datetime, token: str | None,
               lease_until: datetime | None) -> list[tuple]:
    """``INSERT … ON CONFLICT DO NOTHING`` the expansion's rows (dicts of ``schedule_id``,
    ``occurs_at``, ``channel``, ``status``, ``last_error``, ``ready_at`` and ``leased``: claimed
    for ``token`` until ``lease_until``); the rows inserted (``id``, ``schedule_id``,
    ``occurs_at``, ``channel``, ``status``, ``attempts``, ``ready_at``, ``lease_token``)."""
    return _execute(session.connection(), QUEUE_ROWS, {
        "now": now, "token": token, "lease_until": lease_until, **_columns(rows, {
            "schedule_ids": "schedule_id", "occurs_at": "occurs_at", "channels": "channel", "statuses": "status",
            "details": "last_error", "ready_at": "ready_at", "leased": "leased"})})[0]


def record_results(connection: Connection, token: str, results: list) -> int:
    """Write results (``scheduler.results.Result``) where ``token`` still holds; how many were written."""
    return _execute(connection, RECORD_RESULTS, {
        "token": token, "ids": [result.delivery_id for result in results],
        "statuses": [result.status for result in results], "details": [result.last_error for result in results],
        "next_attempt_at": [result.next_attempt_at for result in results], "at": [result.at for result in results],
        "sent": [result.sent for result in results], "delayed": [result.delayed for result in results]})[1]


def _execute(connection: Connection, statement: str, parameters: dict) -> tuple[list[tuple], int]:
    """Run a statement on a psycopg cursor of ``connection``'s driver connection, in its
    transaction (or autocommit), with binary parameters; the rows it returned and its row count."""
    with connection.connection.driver_connection.cursor() as cursor:
        cursor.execute(statement, parameters, binary=True)
        return (cursor.fetchall() if cursor.description is not None else []), cursor.rowcount


def _columns(rows: Iterable[dict], names: dict[str, str]) -> dict[str, list]:
    return {parameter: [row[key] for row in rows] for parameter, key in names.items()}
