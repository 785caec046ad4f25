"""The dispatch's many-row writes on PostgreSQL as one statement each, over ``unnest`` of arrays.

An ``executemany`` sends one ``INSERT`` or ``UPDATE`` per row: PostgreSQL plans and runs each on
its own, and the worker builds each row's parameters. Passing the columns as arrays makes a
batch's queued rows, or a group's results, a single statement. SQLite runs in the worker's own
process, where ``executemany`` costs no round trips, so it keeps that.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import Connection, CursorResult, text
from sqlalchemy.orm import Session

QUEUE_ROWS = text("""
INSERT INTO delivery_log (schedule_id, occurs_at, channel, status, attempts, last_error, updated_at,
                          next_attempt_at, ready_at)
SELECT row.schedule_id, row.occurs_at, row.channel, row.status, 0, row.last_error, :now,
       row.ready_at, row.ready_at
FROM unnest(CAST(:schedule_ids AS integer[]), CAST(:occurs_at AS timestamptz[]), CAST(:channels AS varchar[]),
            CAST(:statuses AS varchar[]), CAST(:details AS text[]), CAST(:ready_at AS timestamptz[]))
     AS row(schedule_id, occurs_at, channel, status, last_error, ready_at)
ON CONFLICT (schedule_id, occurs_at, channel) DO NOTHING""")

RECORD_RESULTS = text("""
UPDATE delivery_log AS log
SET status = result.status, last_error = result.last_error, next_attempt_at = result.next_attempt_at,
    sent_at = result.sent_at, ready_at = coalesce(result.ready, log.ready_at),
    attempts = log.attempts - result.undo_attempt, lease_token = NULL, updated_at = result.updated_at
FROM unnest(CAST(:ids AS integer[]), CAST(:statuses AS varchar[]), CAST(:details AS text[]),
            CAST(:next_attempt_at AS timestamptz[]), CAST(:sent_at AS timestamptz[]),
            CAST(:ready AS timestamptz[]), CAST(:undo_attempt AS integer[]), CAST(:updated_at AS timestamptz[]))
     AS result(id, status, last_error, next_attempt_at, sent_at, ready, undo_attempt, updated_at)
WHERE log.id = result.id AND log.lease_token = :token""")


def is_postgres(connection: Connection | Session) -> bool:
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    return bind.dialect.name == "postgresql"


def queue_rows(session: Session, rows: list[dict], now: datetime) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` the expansion's rows (each a dict of ``expand_due``'s keys)."""
    session.execute(QUEUE_ROWS, {"now": now, **_columns(rows, {
        "schedule_ids": "schedule_id", "occurs_at": "occurs_at", "channels": "channel", "statuses": "status",
        "details": "last_error", "ready_at": "ready_at"})})


def record_results(connection: Connection, token: str, rows: list[dict]) -> int:
    """Write result rows (``ResultWriter``'s keys) where ``token`` still holds; how many were written."""
    outcome: CursorResult = connection.execute(RECORD_RESULTS, {"token": token, **_columns(rows, {
        "ids": "delivery_id", "statuses": "status", "details": "last_error", "next_attempt_at": "next_attempt_at",
        "sent_at": "sent_at", "ready": "ready", "undo_attempt": "undo_attempt", "updated_at": "updated_at"})})
    return outcome.rowcount


def _columns(rows: Iterable[dict], names: dict[str, str]) -> dict[str, list]:
    return {parameter: [row[key] for row in rows] for parameter, key in names.items()}
