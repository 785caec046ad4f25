"""Claiming work so that concurrent workers never take the same row.

Each claim is one ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) RETURNING``
and must be the first statement of its transaction. On PostgreSQL the subquery's row locks keep
other workers off the claimed rows (they skip them). SQLite ignores ``FOR UPDATE``, but an
``UPDATE`` as the first statement takes the database's write lock before reading, so claims
are serialised; a transaction that read first and wrote later could instead fail once another
worker had committed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from models import DeliveryLog, ReminderSchedule


@dataclass(frozen=True)
class ClaimedDelivery:
    id: int
    schedule_id: int
    occurs_at: datetime
    channel: str
    status: str
    attempts: int
    """Attempts including the one this claim is for."""


def claim_due_schedules(session: Session, now: datetime, limit: int) -> list[int]:
    """Ids of up to ``limit`` schedules due by ``now`` (paused ones have no due time), marked
    ``claimed_until = now`` until the same transaction advances them."""
    due = (select(ReminderSchedule.id).where(ReminderSchedule.next_due_at <= now)
           .order_by(ReminderSchedule.next_due_at).limit(limit)
           .with_for_update(skip_locked=True))
    claim = (update(ReminderSchedule).where(ReminderSchedule.id.in_(due.scalar_subquery()))
             .values(claimed_until=now).returning(ReminderSchedule.id)
             .execution_options(synchronize_session=False))
    return list(session.scalars(claim))


def claim_due_deliveries(connection: Connection, now: datetime, lease_until: datetime,
                         limit: int) -> list[ClaimedDelivery]:
    """Up to ``limit`` owed deliveries whose next attempt is due, each counted as one more attempt.

    ``next_attempt_at`` becomes the lease: if this worker dies, the row is due again after it.
    """
    due = (select(DeliveryLog.id).where(DeliveryLog.next_attempt_at <= now)
           .order_by(DeliveryLog.next_attempt_at).limit(limit)
           .with_for_update(skip_locked=True))
    log = DeliveryLog.__table__
    claim = (log.update().where(log.c.id.in_(due.scalar_subquery()))
             .values(next_attempt_at=lease_until, attempts=log.c.attempts + 1, updated_at=now)
             .returning(log.c.id, log.c.schedule_id, log.c.occurs_at, log.c.channel, log.c.status, log.c.attempts))
    rows = connection.execute(claim).all()
    return sorted((ClaimedDelivery(*row) for row in rows), key=lambda claimed: claimed.id)


def release_deliveries(connection: Connection, claimed: list[ClaimedDelivery], now: datetime) -> None:
    """Hand back claimed deliveries that were not attempted, undoing their attempt count."""
    log = DeliveryLog.__table__
    for delivery in claimed:
        connection.execute(log.update().where(log.c.id == delivery.id)
                           .values(next_attempt_at=now, attempts=delivery.attempts - 1, updated_at=now))
