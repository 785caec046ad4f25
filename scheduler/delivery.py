"""Sending owed deliveries, committing each result as soon as it is known.

The order is what keeps a crash from losing or doubling reminders: the claim (one more attempt,
``next_attempt_at`` pushed to the lease's end) is committed before anything is sent, and each
result right after its send. A worker killed mid-batch therefore repeats at most the one
delivery it was sending; the rest of its claimed rows are taken up again once the lease ends.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Callable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models import DeliveryLog, ReminderSchedule
from models.delivery_log import FAILED, MISSED, PENDING, RETRYING, SENT, SKIPPED
from scheduler.channels import ChannelRegistry, PermanentDeliveryError, RetryableDeliveryError
from scheduler.claims import ClaimedDelivery, claim_due_deliveries, release_deliveries
from scheduler.messages import ReminderTexts
from scheduler.outcome import Outcome
from scheduler.policy import DispatchPolicy

log = logging.getLogger(__name__)
_LOG = DeliveryLog.__table__
_RECORD_RESULT = _LOG.update().where(_LOG.c.id == bindparam("delivery_id"))
# Stop starting deliveries when this share of the lease is used, so none outlives its claim.
LEASE_SHARE = 0.8


def deliver_due(session: Session, now: datetime, policy: DispatchPolicy, registry: ChannelRegistry,
                texts: ReminderTexts, report: Callable[[Outcome], None]) -> int:
    """Claim one batch of owed deliveries and attempt each; the number claimed.

    The session (bound to an engine) loads the schedules; claims and results go through a plain
    connection of the same engine, one short transaction each, without the ORM's per-commit cost.
    """
    with session.get_bind().connect() as connection:
        claimed = claim_due_deliveries(connection, now, now + policy.lease, policy.batch_size)
        connection.commit()
        if not claimed:
            return 0
        schedules = _load_schedules(session, {delivery.schedule_id for delivery in claimed})
        session.commit()
        started = time.monotonic()
        for index, delivery in enumerate(claimed):
            if time.monotonic() - started > policy.lease.total_seconds() * LEASE_SHARE:
                release_deliveries(connection, claimed[index:], now)
                connection.commit()
                break
            schedule = schedules.get(delivery.schedule_id)
            if schedule is None:
                continue
            status, detail, next_attempt_at = _attempt(delivery, schedule, now, policy, registry, texts)
            connection.execute(_RECORD_RESULT, {"delivery_id": delivery.id, "status": status, "last_error": detail,
                                                "next_attempt_at": next_attempt_at, "updated_at": now})
            connection.commit()
            report(Outcome.of(schedule, delivery.occurs_at, delivery.channel, status, detail))
    return len(claimed)


def _attempt(delivery: ClaimedDelivery, schedule: ReminderSchedule, now: datetime,
             policy: DispatchPolicy, registry: ChannelRegistry,
             texts: ReminderTexts) -> tuple[str, str | None, datetime | None]:
    """Status, reason and next attempt time for one delivery, sending it if still wanted."""
    first_try = delivery.status == PENDING and delivery.attempts == 1
    if first_try and now - delivery.occurs_at > policy.grace:
        return MISSED, "not sent within the grace window", None
    if not schedule.enabled:
        return SKIPPED, "paused", None
    channel = registry.channel_for(schedule, delivery.channel)
    if channel is None:
        return SKIPPED, "channel removed", None
    try:
        channel.deliver(texts.message_for(schedule.kind, schedule.id, delivery.occurs_at))
    except PermanentDeliveryError as error:
        return FAILED, str(error), None
    except RetryableDeliveryError as error:
        detail = str(error)
    except Exception as error:  # a broken channel must not stop the other deliveries
        log.exception("Unexpected error delivering reminder %s", delivery.id)
        detail = f"{type(error).__name__}: {error}"
    else:
        return SENT, None, None
    if delivery.attempts >= policy.max_attempts:
        return FAILED, f"gave up after {delivery.attempts} attempts: {detail}", None
    return RETRYING, detail, now + policy.backoff(delivery.attempts)


def _load_schedules(session: Session, ids: set[int]) -> dict[int, ReminderSchedule]:
    schedules = session.scalars(select(ReminderSchedule).where(ReminderSchedule.id.in_(ids))
                                .options(selectinload(ReminderSchedule.notify_channels),
                                         joinedload(ReminderSchedule.user)))
    return {schedule.id: schedule for schedule in schedules}
