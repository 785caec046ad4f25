"""Sending owed deliveries: a batch at a time, its sends in parallel, its lease kept alive.

The order is what keeps a crash from losing or doubling reminders: the claim (one more attempt,
a fresh lease token, ``next_attempt_at`` pushed to the lease's end) is committed before anything
is sent, whether a batch claims queued rows (``deliver_due``) or the expansion inserted them
claimed (``deliver_claimed``); while the batch runs the worker extends the lease on the clock of
that moment, and no send starts unless the lease was renewed recently; results are written in
small groups, each only where the token still holds. A worker killed at any moment therefore
repeats at most the deliveries it had started but not yet recorded (at most
``send_concurrency`` + ``result_group``, each once); the rest of its rows are taken up again
when the lease ends.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import Engine

from models import ReminderSchedule
from models.delivery_log import FAILED, MISSED, PENDING, RETRYING, SENT, SKIPPED, UNDELIVERABLE
from reminders.channels import (Channel, ChannelRegistry, DeliveryTimeout, PermanentDeliveryError, RateLimited,
                                RetryableDeliveryError, Unavailable)
from reminders.messages import ReminderTexts
from reminders.outcome import Outcome
from scheduler.claims import Claim, ClaimedDelivery, Lease, claim_due_deliveries, release_deliveries
from scheduler.pacing import ChannelPacer
from scheduler.policy import DispatchPolicy
from scheduler.results import Result, ResultWriter, batch_connection
from scheduler.sending import CANCELLED, Send, SendPool
from scheduler.snapshots import load_schedules

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
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


@dataclass(frozen=True)
class Delivering:
    """What the batches of one pass share."""

    clock: Clock
    policy: DispatchPolicy
    sender: Sender
    report: Callable[[Outcome], None] | None
    stopping: threading.Event


def deliver_due(engine: Engine, delivering: Delivering) -> int:
    """Claim one batch of owed deliveries and attempt each; the number claimed.

    Claims, schedules, leases and results go through a plain connection of the engine
    (``batch_connection``), in short transactions, without the ORM's per-commit cost.
    """
    policy = delivering.policy
    with batch_connection(engine) as connection:
        now = delivering.clock()
        claimed = time.monotonic()
        claim = claim_due_deliveries(connection, now, now + policy.lease, policy.batch_size)
        connection.commit()
        if not claim.deliveries:
            return 0
        schedules = {schedule.id: schedule for schedule in load_schedules(
            connection, {delivery.schedule_id for delivery in claim.deliveries})}
        connection.commit()
        _Batch(connection, claim, claimed, schedules, delivering).run()
    return len(claim.deliveries)


def deliver_claimed(engine: Engine, claim: Claim, claimed: float, schedules: dict[int, ReminderSchedule],
                    delivering: Delivering) -> None:
    """Attempt deliveries claimed already (by the expansion that queued them) with their
    schedules; ``claimed``: when, on ``time.monotonic()``."""
    with batch_connection(engine) as connection:
        _Batch(connection, claim, claimed, schedules, delivering).run()


class _Batch:
    def __init__(self, connection, claim: Claim, claimed: float, schedules: dict[int, ReminderSchedule],
                 delivering: Delivering):
        self.connection, self.claim, self.claimed, self.schedules = connection, claim, claimed, schedules
        self.clock, self.policy, self.sender = delivering.clock, delivering.policy, delivering.sender
        self.report, self.stopping = delivering.report, delivering.stopping
        self.writer = ResultWriter(connection, claim.token, self.policy.result_group,
                                   self.policy.result_interval.total_seconds())

    def run(self) -> None:
        deliveries = self.claim.deliveries
        lease = Lease(self.connection, self.claim.token, self.clock, self.policy.lease, {d.id for d in deliveries},
                      self.claimed)
        pool = self.sender.pool
        pool.gate = lease.safe
        sends: list[Send] = []
        for delivery in deliveries:
            schedule = self.schedules.get(delivery.schedule_id)
            if schedule is None:   # deleted meanwhile: its rows went with it
                continue
            channel = self.sender.registry.channel_for(schedule, delivery.channel)
            settled = self._settle_unsent(delivery, schedule, channel)
            if settled is not None:
                self._record(delivery, *settled)
            else:
                sends.append(Send(delivery, self._work(delivery, schedule, channel)))
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
            release_deliveries(self.connection, self.claim.token, handed_back, self.clock())
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

    def _work(self, delivery: ClaimedDelivery, schedule: ReminderSchedule, channel: Channel) -> Callable[[], datetime]:
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

    def _settle_unsent(self, delivery: ClaimedDelivery, schedule: ReminderSchedule,
                       channel: Channel | Unavailable | None):
        """Status, reason and next attempt for a delivery decided without sending; ``None`` to send."""
        first_try = delivery.status == PENDING and delivery.attempts == 1
        ready = delivery.ready_at or delivery.occurs_at
        if first_try and self.clock() - ready > self.policy.grace:
            return MISSED, "not sent within the grace window", None
        if not schedule.enabled:
            return SKIPPED, "paused", None
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
