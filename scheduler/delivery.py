"""Sending owed deliveries: a batch at a time, its sends in parallel, its lease kept alive.

The order is what keeps a crash from losing or doubling reminders: the claim (one more attempt,
a fresh lease token, ``next_attempt_at`` pushed to the lease's end) is committed before anything
is sent; while the batch runs the worker extends the lease on the clock of that moment, and no
send starts unless the lease was renewed recently; results are written in small groups, each
only where the token still holds. A worker killed at any moment therefore repeats at most the
deliveries it had started but not yet recorded (at most ``send_concurrency`` +
``result_group``, each once); the rest of its rows are taken up again when the lease ends.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from models import ReminderSchedule
from models.delivery_log import FAILED, MISSED, PENDING, RETRYING, SENT, SKIPPED, UNDELIVERABLE
from reminders.channels import (ChannelRegistry, DeliveryTimeout, PermanentDeliveryError, RateLimited,
                                RetryableDeliveryError, Unavailable)
from reminders.messages import ReminderTexts
from reminders.outcome import Outcome
from scheduler.claims import ClaimedDelivery, claim_due_deliveries, extend_lease, release_deliveries
from scheduler.pacing import ChannelPacer
from scheduler.policy import DispatchPolicy
from scheduler.results import Result, ResultWriter, batch_connection
from scheduler.sending import CANCELLED, Send, SendPool
from scheduler.snapshots import load_schedules

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
# The lease is renewed after a third of it; no send starts once 80 % of it passed unrenewed.
RENEW_SHARE, SAFE_SHARE = 1 / 3, 0.8
# A send still busy this long after its own socket timeouts should have fired is given up on.
ABANDON_MARGIN = 0.5
_POLL = 0.05


@dataclass
class Sender:
    """The long-lived parts of sending, shared by the batches of a worker."""

    registry: ChannelRegistry
    texts: ReminderTexts
    pool: SendPool
    pacer: ChannelPacer


class Lease:
    """One claim's lease: renewed on the clock of the moment, and which rows it still holds."""

    def __init__(self, connection, token: str, clock: Clock, policy: DispatchPolicy, ids: set[int]):
        self.connection, self.token, self.clock = connection, token, clock
        self.length = policy.lease
        self.renewed = time.monotonic()
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


def deliver_due(session: Session, clock: Clock, policy: DispatchPolicy, sender: Sender,
                report: Callable[[Outcome], None] | None, stopping: threading.Event,
                known: dict[int, ReminderSchedule] | None = None) -> int:
    """Claim one batch of owed deliveries and attempt each; the number claimed.

    Claims, schedules, leases and results go through a plain connection of the session's engine
    (``batch_connection``), in short transactions, without the ORM's per-commit cost. The
    schedules reuse those in ``known`` (read by this worker's expansion moments ago) when the
    stored row has not changed since.
    """
    with batch_connection(session.get_bind()) as connection:
        now = clock()
        claim = claim_due_deliveries(connection, now, now + policy.lease, policy.batch_size)
        connection.commit()
        if not claim.deliveries:
            return 0
        schedules = _load_schedules(connection, {delivery.schedule_id for delivery in claim.deliveries}, known or {})
        connection.commit()
        _Batch(connection, claim.token, clock, policy, sender, report, stopping, schedules).run(claim.deliveries)
    return len(claim.deliveries)


class _Batch:
    def __init__(self, connection, token, clock, policy, sender, report, stopping, schedules):
        self.connection, self.token, self.clock, self.policy = connection, token, clock, policy
        self.sender, self.report, self.stopping, self.schedules = sender, report, stopping, schedules
        self.writer = ResultWriter(connection, token, policy.result_group, policy.result_interval.total_seconds())

    def run(self, deliveries: list[ClaimedDelivery]) -> None:
        lease = Lease(self.connection, self.token, self.clock, self.policy, {d.id for d in deliveries})
        pool = self.sender.pool
        pool.gate = lease.safe
        sends: list[Send] = []
        for delivery in deliveries:
            schedule = self.schedules.get(delivery.schedule_id)
            if schedule is None:   # deleted meanwhile: its rows went with it
                continue
            settled = self._settle_unsent(delivery, schedule)
            if settled is not None:
                self._record(delivery, *settled)
            else:
                sends.append(Send(delivery, self._work(delivery, schedule)))
        # Everything is prepared before the first send starts: the sending threads would
        # otherwise compete with this one for the interpreter while it prepares the rest.
        outstanding = {send.key.id: pool.submit(send) for send in sends}
        deadline = self.policy.delivery_timeout.total_seconds() + ABANDON_MARGIN
        handed_back: list[int] = []
        while outstanding:
            self._collect(outstanding, handed_back, wait=_POLL)
            for send in pool.abandon_overdue(list(outstanding.values()), deadline):
                del outstanding[send.key.id]
                self._record(send.key, FAILED, _timeout_text(self.policy), None)
            if self.writer.due():
                self.writer.flush()
            if lease.due() and outstanding:
                lost = lease.renew()
                for delivery_id in lost & outstanding.keys():
                    if pool.cancel(outstanding[delivery_id]):
                        del outstanding[delivery_id]
            if self.stopping.is_set():
                for delivery_id, send in list(outstanding.items()):
                    if pool.cancel(send):
                        del outstanding[delivery_id]
                        handed_back.append(delivery_id)
        self.writer.flush()
        if handed_back:
            release_deliveries(self.connection, self.token, handed_back, self.clock())
            self.connection.commit()

    def _collect(self, outstanding: dict[int, Send], handed_back: list[int], wait: float) -> None:
        completed = self.sender.pool.completed
        try:
            send = completed.get(timeout=wait)
        except queue.Empty:
            return
        while True:
            if outstanding.pop(send.key.id, None) is not None:
                if send.state == CANCELLED:   # the lease was not renewed in time: not ours to send
                    handed_back.append(send.key.id)
                else:
                    self._record(send.key, *self._result_of(send))
            try:
                send = completed.get_nowait()
            except queue.Empty:
                return

    def _work(self, delivery: ClaimedDelivery, schedule: ReminderSchedule) -> Callable[[], datetime]:
        channel = self.sender.registry.channel_for(schedule, delivery.channel)
        message = self.sender.texts.message_for(schedule.kind, schedule.id, delivery.occurs_at)
        kind = delivery.channel.partition(":")[0]
        pacer, clock = self.sender.pacer, self.clock

        def send() -> datetime:
            wait = pacer.acquire(kind)
            if wait:
                raise RateLimited(f"the {kind} channel's rate limit", retry_after=wait)
            channel.deliver(message)
            return clock()

        return send

    def _settle_unsent(self, delivery: ClaimedDelivery, schedule: ReminderSchedule):
        """Status, reason and next attempt for a delivery decided without sending; ``None`` to send."""
        first_try = delivery.status == PENDING and delivery.attempts == 1
        ready = delivery.ready_at or delivery.occurs_at
        if first_try and self.clock() - ready > self.policy.grace:
            return MISSED, "not sent within the grace window", None
        if not schedule.enabled:
            return SKIPPED, "paused", None
        channel = self.sender.registry.channel_for(schedule, delivery.channel)
        if channel is None:
            return SKIPPED, "channel removed", None
        if isinstance(channel, Unavailable):
            return UNDELIVERABLE, channel.reason, None
        return None

    def _result_of(self, send: Send) -> tuple:
        delivery, error = send.key, send.error
        if error is None:
            return SENT, None, None, send.value
        if isinstance(error, RateLimited):
            return "delay", str(error), self.clock() + timedelta(seconds=error.retry_after)
        if isinstance(error, DeliveryTimeout) and error.may_have_arrived:
            return FAILED, str(error), None
        if isinstance(error, PermanentDeliveryError):
            return FAILED, str(error), None
        if isinstance(error, RetryableDeliveryError):
            detail = str(error)
        else:   # a broken channel must not stop the other deliveries
            log.error("Unexpected error delivering reminder %s", delivery.id, exc_info=error)
            detail = f"{type(error).__name__}: {error}"
        if delivery.attempts >= self.policy.max_attempts:
            return FAILED, f"gave up after {delivery.attempts} attempts: {detail}", None
        return RETRYING, detail, self.clock() + self.policy.backoff(delivery.attempts)

    def _record(self, delivery: ClaimedDelivery, status: str, detail: str | None,
                next_attempt_at: datetime | None, sent_at: datetime | None = None) -> None:
        delayed = status == "delay"
        at = sent_at or self.clock()
        self.writer.add(Result(delivery.id, delivery.status if delayed else status, detail, next_attempt_at, at,
                               sent=status == SENT, delayed=delayed))
        if self.writer.due():
            self.writer.flush()
        if self.report is not None and not delayed:
            schedule = self.schedules[delivery.schedule_id]
            self.report(Outcome.of(schedule, delivery.occurs_at, delivery.channel, status, detail))


def _timeout_text(policy: DispatchPolicy) -> str:
    return (f"timed out: no answer within {policy.delivery_timeout.total_seconds():g} s "
            "(it may have arrived, so it is not sent again)")


def _load_schedules(connection: Connection, ids: set[int], known: dict[int, ReminderSchedule]) -> dict[int, ReminderSchedule]:
    if known:
        changed = select(ReminderSchedule.id, ReminderSchedule.updated_at).where(ReminderSchedule.id.in_(ids))
        current = dict(connection.execute(changed).all())
        found = {schedule_id: known[schedule_id] for schedule_id, updated_at in current.items()
                 if schedule_id in known and known[schedule_id].updated_at == updated_at}
        ids = current.keys() - found.keys()
    else:
        found = {}
    found.update((schedule.id, schedule) for schedule in load_schedules(connection, ids))
    return found
