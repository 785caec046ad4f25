"""One dispatch pass: queue what is due, send what is owed, batch by batch, until nothing is left;
then ask Alexa (Skill Messaging) to call back for Alexa reminders changed out of session.

Several passes may run at once (worker processes, ``serve`` instances, ``cramp-coach dispatch``);
claims keep them apart. Memory stays bounded by the batch size, whatever the number of
stored schedules: each batch gets a fresh session.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy.orm import sessionmaker

from habits.retention import DEFAULT_RETENTION, purge_old_habits
from scheduler.alexa_api import SkillMessenger
from scheduler.alexa_sync import send_sync_messages
from scheduler.channels import ChannelRegistry, default_registry
from scheduler.delivery import deliver_due
from scheduler.expansion import expand_due
from scheduler.messages import ReminderTexts
from scheduler.outcome import Outcome
from scheduler.policy import DispatchPolicy


PURGE_EVERY = timedelta(hours=1)


class Dispatcher:
    """Everything a pass needs, passed in once."""

    def __init__(self, session_factory: sessionmaker, policy: DispatchPolicy,
                 registry: ChannelRegistry | None = None, texts: ReminderTexts | None = None,
                 messenger: SkillMessenger | None = None, habit_retention: timedelta = DEFAULT_RETENTION):
        self.session_factory = session_factory
        self.habit_retention = habit_retention
        self._purged_at: datetime | None = None
        self.messenger = messenger
        """Skill Messaging, to bring Alexa reminders in line with schedules changed out of session."""
        self.policy = policy
        self.registry = registry or default_registry()
        self.texts = texts or ReminderTexts.load()

    def run_pass(self, now: datetime, report: Callable[[Outcome], None] | None = None) -> Counter[str]:
        """Dispatch everything due at ``now``; how many log entries ended in each status."""
        totals: Counter[str] = Counter()

        def record(outcome: Outcome) -> None:
            totals[outcome.status] += 1
            if report is not None:
                report(outcome)

        while True:
            with self.session_factory() as session:
                expanded = expand_due(session, now, self.policy, self.registry, record)
            with self.session_factory() as session:
                claimed = deliver_due(session, now, self.policy, self.registry, self.texts, record)
            if not expanded and not claimed:
                break
        with self.session_factory() as session:
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
