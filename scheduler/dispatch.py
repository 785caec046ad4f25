"""One dispatch pass: queue what is due, send what is owed, batch by batch, until nothing is left;
then ask Alexa (Skill Messaging) to call back for Alexa reminders changed out of session.

Several passes may run at once (worker processes, ``serve`` instances, ``cramp-coach dispatch``);
claims keep them apart. Every claim, lease and result reads the clock at that moment, so a pass
longer than the lease is still correct. Memory stays bounded by the batch size, whatever the
number of stored schedules: each batch gets a fresh session.

Each round expands a batch of due schedules and at once sends the deliveries it claimed for
this worker (``ClaimReady``), then takes one batch from the queue (retries, jittered or handed-back
rows, those of a worker that died).
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy.orm import sessionmaker

from foundations.alexa_api import SkillMessenger
from habits.retention import DEFAULT_RETENTION, purge_old_habits
from models.database import bound_engine
from reminders.alexa_sync import send_sync_messages
from reminders.channels import ChannelRegistry, default_registry
from reminders.messages import ReminderTexts
from reminders.outcome import Outcome
from scheduler.claims import Claim, new_lease_token
from scheduler.delivery import Delivering, Sender, deliver_claimed, deliver_due
from scheduler.expansion import ClaimReady, expand_due
from scheduler.pacing import ChannelPacer
from scheduler.policy import DispatchPolicy
from scheduler.sending import SendPool

Clock = Callable[[], datetime]
PURGE_EVERY = timedelta(hours=1)


class Dispatcher:
    """Everything a pass needs, passed in once; its sending threads live as long as it does."""

    def __init__(self, session_factory: sessionmaker, policy: DispatchPolicy,
                 registry: ChannelRegistry | None = None, texts: ReminderTexts | None = None,
                 messenger: SkillMessenger | None = None, habit_retention: timedelta = DEFAULT_RETENTION):
        self.session_factory = session_factory
        self.habit_retention = habit_retention
        self._purged_at: datetime | None = None
        self.messenger = messenger
        """Skill Messaging, to bring Alexa reminders in line with schedules changed out of session."""
        self.policy = policy
        self.registry = registry or default_registry(policy.delivery_timeout.total_seconds())
        self.texts = texts or ReminderTexts.load()
        self.stopping = threading.Event()
        self._sender: Sender | None = None

    def run_pass(self, clock: Clock | datetime, report: Callable[[Outcome], None] | None = None) -> Counter[str]:
        """Dispatch everything due by the clock (a fixed instant is a clock that stands still);
        how many log entries ended in each status. ``report`` gets each of them as it happens."""
        read_clock = clock if callable(clock) else (lambda: clock)
        totals: Counter[str] = Counter()

        def record(outcome: Outcome) -> None:
            totals[outcome.status] += 1
            if report is not None:
                report(outcome)

        delivering = Delivering(read_clock, self.policy, self._sending(), record, self.stopping)
        engine = bound_engine(self.session_factory)
        while not self.stopping.is_set():
            now, claimed_at = read_clock(), time.monotonic()
            ready = ClaimReady(new_lease_token(), now + self.policy.lease)
            with self.session_factory() as session:
                expanded = expand_due(session, now, self.policy, self.registry, record, ready)
            if ready.deliveries:
                deliver_claimed(engine, Claim(ready.token, ready.deliveries), claimed_at, ready.schedules, delivering)
            claimed = deliver_due(engine, delivering)
            if not expanded and not claimed:
                break
        with self.session_factory() as session:
            now = read_clock()
            send_sync_messages(session, self.messenger, now)
            session.commit()
        if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
            # Its own transaction, the DELETE first: on SQLite a transaction that read before it
            # writes can fail at once when another worker has committed in between.
            with self.session_factory() as session:
                purge_old_habits(session, now, self.habit_retention)
                session.commit()
            self._purged_at = now
        return totals

    def stop(self) -> None:
        """Finish the sends in flight, hand back the rest of the batch and end the pass."""
        self.stopping.set()

    def close(self) -> None:
        """End the sending threads (once no pass runs)."""
        if self._sender is not None:
            self._sender.pool.close()
            self._sender = None

    def _sending(self) -> Sender:
        if self._sender is None:
            self._sender = Sender(self.registry, self.texts, SendPool(self.policy.send_concurrency),
                                  ChannelPacer(self.policy.rate_limits, self.policy.rate_limit_storage_uri))
        return self._sender
