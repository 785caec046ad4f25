"""Recording delivery results in small groups instead of one durable commit each.

Results are written ``group`` at a time (and at least every ``interval``), each group one
transaction whose every ``UPDATE`` also requires the worker's lease token, so a result for a row
another worker has taken since is dropped (and logged) instead of overwriting theirs.

On PostgreSQL every dispatch transaction (expansion, claims, results) runs with
``SET LOCAL synchronous_commit = off``: the commit returns before the WAL reaches the disk, so a
burst does not wait for one disk flush per batch. A worker that dies loses nothing PostgreSQL
has acknowledged. Only a crash of the database server itself can forget the last few hundred
milliseconds of commits (up to 3 × ``wal_writer_delay``, 0.6 s by default); each lost commit
only ever makes work owed again (a queued occurrence, a claimed or sent delivery), so those
deliveries are sent once more, never lost.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, text
from sqlalchemy.orm import Session

from models import DeliveryLog
from models.base import UtcDateTime

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
        rows = [{"delivery_id": result.delivery_id, "token": self.token, "status": result.status,
                 "last_error": result.last_error, "next_attempt_at": result.next_attempt_at,
                 "sent_at": result.at if result.sent else None, "updated_at": result.at,
                 "ready": result.next_attempt_at if result.delayed else None,
                 "undo_attempt": 1 if result.delayed else 0} for result in self._pending]
        relax_commit(self.connection)
        outcome = self.connection.execute(_RECORD, rows)
        self.connection.commit()
        if 0 <= outcome.rowcount < len(rows):
            log.warning("%d of %d delivery results were not recorded: their lease had passed to another worker",
                        len(rows) - outcome.rowcount, len(rows))
        self._pending.clear()


def relax_commit(connection) -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL is on disk (see above)."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    if bind.dialect.name == "postgresql":
        connection.execute(_RELAX)
