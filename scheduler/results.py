"""Recording delivery results in small groups instead of one durable commit each.

Results are written ``group`` at a time (and at least every ``interval``), each group one
transaction whose every ``UPDATE`` also requires the worker's lease token, so a result for a row
another worker has taken since is dropped (and logged) instead of overwriting theirs.

On PostgreSQL no dispatch write waits for the WAL to reach the disk: the expansion's transaction
runs with ``SET LOCAL synchronous_commit = off``, and a batch's claim, lease and result
statements run on a connection set to ``synchronous_commit = off`` (``batch_connection``), so a
burst does not wait for one disk flush per batch. A worker that dies loses nothing PostgreSQL
has acknowledged. Only a crash of the database server itself can forget the last few hundred
milliseconds of commits (up to 3 × ``wal_writer_delay``, 0.6 s by default); each lost commit
only ever makes work owed again (a queued occurrence, a claimed or sent delivery), so those
deliveries are sent once more, never lost.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

from sqlalchemy import Connection, Engine, bindparam, func, text
from sqlalchemy.orm import Session

from models import DeliveryLog
from models.base import UtcDateTime
from scheduler.bulk import is_postgres, record_results

log = logging.getLogger(__name__)
_RELAX = text("SET LOCAL synchronous_commit = off")
_LOG = DeliveryLog.__table__
_RECORD = (_LOG.update()
           .where(_LOG.c.id == bindparam("delivery_id"), _LOG.c.lease_token == bindparam("token"))
           .values(status=bindparam("status"), last_error=bindparam("last_error"),
                   next_attempt_at=bindparam("next_attempt_at", type_=UtcDateTime()),
                   sent_at=bindparam("sent_at", type_=UtcDateTime()),
                   ready_at=func.coalesce(bindparam("ready", type_=UtcDateTime()), _LOG.c.ready_at),
                   attempts=_LOG.c.attempts - bindparam("undo_attempt"),
                   lease_token=None, updated_at=bindparam("updated_at", type_=UtcDateTime())))


@dataclass(frozen=True)
class Result:
    delivery_id: int
    status: str
    last_error: str | None
    next_attempt_at: datetime | None
    at: datetime
    """The clock when the result was known: the send's real time for ``sent``."""
    sent: bool = False
    delayed: bool = False
    """Handed back for later (a rate limit): not an attempt, and the grace window restarts."""


class ResultWriter:
    """Buffers one claim's results and writes them in groups on ``connection``."""

    def __init__(self, connection: Connection, token: str, group: int, interval: float):
        self.connection = connection
        self.token = token
        self.group = group
        self.interval = interval
        self._pending: list[Result] = []
        self._last_flush = time.monotonic()

    def add(self, result: Result) -> None:
        self._pending.append(result)

    def due(self) -> bool:
        return len(self._pending) >= self.group or (
            bool(self._pending) and time.monotonic() - self._last_flush >= self.interval)

    def flush(self) -> None:
        """Write the buffered results in one transaction."""
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        pending = self._pending
        if is_postgres(self.connection):
            written = record_results(self.connection, self.token, pending)
        else:
            written = self.connection.execute(_RECORD, [{
                "delivery_id": result.delivery_id, "token": self.token, "status": result.status,
                "last_error": result.last_error, "next_attempt_at": result.next_attempt_at,
                "sent_at": result.at if result.sent else None, "updated_at": result.at,
                "ready": result.next_attempt_at if result.delayed else None,
                "undo_attempt": 1 if result.delayed else 0} for result in pending]).rowcount
        self.connection.commit()
        if 0 <= written < len(pending):
            log.warning("%d of %d delivery results were not recorded: their lease had passed to another worker",
                        len(pending) - written, len(pending))
        self._pending = []


@contextmanager
def batch_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for one batch's claim, lease and result statements.

    On PostgreSQL each of them stands alone (one statement; a hand-back's rows need not change
    together), so it runs as its own transaction (autocommit), on a connection whose commits do
    not wait for the WAL flush: that saves the
    ``BEGIN``, ``SET LOCAL`` and ``COMMIT`` round trips of every write. The setting is reset
    before the connection goes back to the pool, where web requests commit durably."""
    with engine.connect() as connection:
        if not is_postgres(connection):
            yield connection
            return
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("SET synchronous_commit = off")
        try:
            yield connection
        finally:
            if not connection.invalidated:
                connection.exec_driver_sql("RESET synchronous_commit")


def relax_commit(connection: Connection | Session) -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL is on disk (see above)."""
    if is_postgres(connection):
        connection.execute(_RELAX)
