"""Claiming work so that concurrent workers never take the same row, and leases that hold.

Each claim is one ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) RETURNING``
and must be the first statement of its transaction. On PostgreSQL the subquery's row locks keep
other workers off the claimed rows (they skip them). SQLite ignores ``FOR UPDATE``, but an
``UPDATE`` as the first statement takes the database's write lock before reading, so claims
are serialised; a transaction that read first and wrote later could instead fail once another
worker had committed.

A delivery claim writes a fresh random lease token into its rows. Extending the lease, handing
rows back and recording results all say ``WHERE lease_token = :token``: once a lease has run
out and another worker has claimed the row, nothing the first worker does can touch it. The
expansion can insert rows already claimed the same way (``scheduler.expansion.ClaimReady``).
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.orm import Session

from models import DeliveryLog, ReminderSchedule
from models.base import UtcDateTime
from scheduler.bulk import is_postgres

_LOG = DeliveryLog.__table__
# The lease is renewed after a third of it; no send starts once 80 % of it passed unrenewed.
RENEW_SHARE, SAFE_SHARE = 1 / 3, 0.8


@dataclass(frozen=True)
class ClaimedDelivery:
    id: int
    schedule_id: int
    occurs_at: datetime
    channel: str
    status: str
    attempts: int
    """Attempts including the one this claim is for."""
    ready_at: datetime | None


@dataclass(frozen=True)
class Claim:
    token: str
    deliveries: list[ClaimedDelivery]


def claim_due_schedules(session: Session, now: datetime, limit: int) -> list[int]:
    """Ids of up to ``limit`` schedules due by ``now`` (paused ones have no due time), locked
    (on SQLite: marked ``claimed_until = now``) until the same transaction advances them."""
    due = (select(ReminderSchedule.id).where(ReminderSchedule.next_due_at <= now)
           .order_by(ReminderSchedule.next_due_at).limit(limit)
           .with_for_update(skip_locked=True))
    if is_postgres(session):
        # The row locks alone keep other workers off until the advance commits: no need to
        # write each row twice (claim, then advance), with its index entries.
        return list(session.scalars(due))
    claim = (update(ReminderSchedule).where(ReminderSchedule.id.in_(due.scalar_subquery()))
             .values(claimed_until=now).returning(ReminderSchedule.id)
             .execution_options(synchronize_session=False))
    return list(session.scalars(claim))


def claim_due_deliveries(connection: Connection, now: datetime, lease_until: datetime, limit: int) -> Claim:
    """Up to ``limit`` owed deliveries whose next attempt is due by ``now``, each counted as one
    more attempt and leased to a new token until ``lease_until``."""
    token = new_lease_token()
    due = (select(_LOG.c.id).where(_LOG.c.next_attempt_at <= now)
           .order_by(_LOG.c.next_attempt_at).limit(limit)
           .with_for_update(skip_locked=True))
    claim = (_LOG.update().where(_LOG.c.id.in_(due.scalar_subquery()))
             .values(next_attempt_at=lease_until, lease_token=token, attempts=_LOG.c.attempts + 1, updated_at=now)
             .returning(_LOG.c.id, _LOG.c.schedule_id, _LOG.c.occurs_at, _LOG.c.channel, _LOG.c.status,
                        _LOG.c.attempts, _LOG.c.ready_at))
    rows = connection.execute(claim).all()
    return Claim(token, sorted((ClaimedDelivery(*row) for row in rows), key=lambda claimed: claimed.id))


def new_lease_token() -> str:
    return secrets.token_hex(16)


class Lease:
    """One claim's lease: renewed on the clock of the moment, and which rows it still holds."""

    def __init__(self, connection: Connection, token: str, clock: Callable[[], datetime], length: timedelta,
                 ids: set[int], claimed: float):
        """``claimed``: when the claim was made, on ``time.monotonic()``."""
        self.connection, self.token, self.clock, self.length = connection, token, clock, length
        self.renewed = claimed
        self.held = set(ids)

    def safe(self) -> bool:
        return time.monotonic() - self.renewed < self.length.total_seconds() * SAFE_SHARE

    def due(self) -> bool:
        return time.monotonic() - self.renewed >= self.length.total_seconds() * RENEW_SHARE

    def renew(self) -> set[int]:
        """Extend the lease; the ids it no longer holds (another worker took them)."""
        asked = time.monotonic()
        held = extend_lease(self.connection, self.token, self.clock() + self.length)
        self.connection.commit()
        self.renewed = asked
        lost = self.held - held
        self.held = held
        return lost


def extend_lease(connection: Connection, token: str, lease_until: datetime) -> set[int]:
    """Push the lease of the rows ``token`` still holds to ``lease_until``; their ids."""
    extend = (_LOG.update().where(_LOG.c.lease_token == token).values(next_attempt_at=lease_until)
              .returning(_LOG.c.id))
    return set(connection.scalars(extend))


_RELEASE = (_LOG.update()
            .where(_LOG.c.id == bindparam("delivery_id"), _LOG.c.lease_token == bindparam("token"))
            .values(next_attempt_at=bindparam("again_at", type_=UtcDateTime()),
                    ready_at=func.coalesce(bindparam("ready", type_=UtcDateTime()), _LOG.c.ready_at),
                    attempts=_LOG.c.attempts - 1, lease_token=None,
                    updated_at=bindparam("now", type_=UtcDateTime())))


def release_deliveries(connection: Connection, token: str, ids: list[int], now: datetime,
                       again_at: datetime | None = None) -> None:
    """Hand back claimed deliveries that were not attempted, undoing their attempt count; they
    are due again at ``again_at`` (a delay, which also restarts their grace window) or at once.
    Only rows the token still holds change."""
    if ids:
        connection.execute(_RELEASE, [{"delivery_id": delivery_id, "token": token, "again_at": again_at or now,
                                       "ready": again_at, "now": now} for delivery_id in ids])
