"""Turning due schedules into delivery-log rows, many schedules per transaction.

For each claimed schedule, every occurrence from its ``next_due_at`` up to ``now`` gets one log
row per channel: ``skipped`` inside quiet hours or a snooze, ``missed`` when older than the
grace window or followed by a newer one (so a backlog is never sent in a burst), ``pending``
for the one occurrence still worth sending, and ``undeliverable`` (with the reason) when none
of the schedule's channels can take it. The rows (one multi-row ``INSERT``) and the schedules'
new ``next_due_at`` are committed together, so an occurrence is queued exactly once and a
schedule never moves past an occurrence without a row for it; sending them is
``scheduler.delivery``'s job.

A worker that expands and then sends (``ClaimReady``) inserts the rows it may send at once
already claimed by itself (one attempt, its lease token, ``next_attempt_at`` at the lease's
end), as ``claim_due_deliveries`` would have left them: in a burst each row is then written
twice (queued, result) instead of three times, and the schedules just read are the ones sent
with. Rows with a later ``ready_at`` (jitter) are queued for whichever worker gets there.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Callable

from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from habits.pace import ON_TRACK, PaceCheck
from models import DeliveryLog, ReminderSchedule
from models.delivery_log import MISSED, PENDING, SKIPPED, UNDELIVERABLE
from reminders.channels import ChannelRegistry
from reminders.outcome import Outcome
from reminders.recurrence import Recurrence
from reminders.schedule_rules import rule_of, skip_reason
from scheduler.bulk import among, is_postgres, queue_rows
from scheduler.claims import ClaimedDelivery, claim_due_schedules
from scheduler.pacing import jitter_for
from scheduler.policy import DispatchPolicy
from scheduler.results import relax_commit
from scheduler.snapshots import ScheduleSnapshot, load_schedules

_SCHEDULES = ReminderSchedule.__table__
_LOG = DeliveryLog.__table__
_INSERTED = (_LOG.c.id, _LOG.c.schedule_id, _LOG.c.occurs_at, _LOG.c.channel, _LOG.c.status, _LOG.c.attempts,
             _LOG.c.ready_at, _LOG.c.lease_token)
# Misses further back than this (the worker was down for days) are summed up in one row.
MISSED_LOG_LIMIT = timedelta(days=1)
# Schedules claimed per expansion transaction, as a multiple of the delivery batch.
EXPANSION_BATCH_FACTOR = 5
# A burst is many schedules with the same rule due at the same instant: their next occurrence
# is worked out once.
_next_after = lru_cache(maxsize=4096)(Recurrence.next_after)


@dataclass(frozen=True)
class PlannedRow:
    occurs_at: datetime
    channel: str
    status: str
    detail: str | None
    ready_at: datetime | None
    """When a pending row may first be sent (``now`` plus the schedule's jitter)."""


@dataclass
class ClaimReady:
    """Asks ``expand_due`` to claim, for the expanding worker, the deliveries it may send at once."""

    token: str
    lease_until: datetime
    deliveries: list[ClaimedDelivery] = field(default_factory=list)
    """Filled in: the rows claimed, in id order."""
    schedules: dict[int, ScheduleSnapshot] = field(default_factory=dict)
    """Filled in: the schedules of the batch, by id."""


def expand_due(session: Session, now: datetime, policy: DispatchPolicy, registry: ChannelRegistry,
               report: Callable[[Outcome], None] | None = None, claim: ClaimReady | None = None) -> int:
    """Queue or log the due occurrences of one batch of schedules and commit; the batch's size.
    With ``claim``, the pending rows ready at ``now`` are claimed for it instead of queued."""
    relax_commit(session)
    ids = claim_due_schedules(session, now, policy.batch_size * EXPANSION_BATCH_FACTOR)
    if not ids:
        session.commit()
        return 0
    postgres = is_postgres(session)
    schedules = load_schedules(session, ids)
    rows: list[dict] = []
    advances: dict[datetime, list[int]] = defaultdict(list)
    logged: list[tuple[ReminderSchedule, PlannedRow]] = []
    pace = PaceCheck.load(session, schedules, now)
    for schedule in schedules:
        rule = rule_of(schedule)
        for planned in plan_schedule(schedule, rule, now, policy, registry, pace.checker_for(schedule)):
            rows.append({"schedule_id": schedule.id, "occurs_at": planned.occurs_at, "channel": planned.channel,
                         "status": planned.status, "last_error": planned.detail, "ready_at": planned.ready_at,
                         "leased": claim is not None and planned.ready_at is not None and planned.ready_at <= now})
            if planned.status != PENDING and report is not None:
                logged.append((schedule, planned))
        advances[_next_after(rule, now)].append(schedule.id)
    inserted = _insert(session, rows, now, claim, postgres) if rows else []
    # A burst's schedules share their next occurrence: one UPDATE per distinct time, not per schedule.
    for next_due_at, schedule_ids in advances.items():
        session.execute(_SCHEDULES.update().where(among(_SCHEDULES.c.id, schedule_ids, postgres))
                        .values(next_due_at=next_due_at, claimed_until=None))
    session.commit()
    if claim is not None:
        claim.deliveries = sorted((ClaimedDelivery(*row[:7]) for row in inserted if row[7] == claim.token),
                                  key=lambda delivery: delivery.id)
        claim.schedules = {schedule.id: schedule for schedule in schedules}
    for schedule, planned in logged:
        report(Outcome.of(schedule, planned.occurs_at, planned.channel, planned.status, planned.detail))
    return len(ids)


def plan_schedule(schedule: ReminderSchedule, rule: Recurrence, now: datetime, policy: DispatchPolicy,
                  registry: ChannelRegistry, on_track: Callable[[datetime], bool] | None = None) -> list[PlannedRow]:
    """The log rows a schedule's due occurrences get at ``now``: one per occurrence and channel,
    or one saying why no channel can take it (``on_track``: see ``plan_occurrences``)."""
    routes = registry.routes(schedule)
    offset = jitter_for(schedule.id, policy.jitter)
    planned = []
    for occurs_at, status, detail in plan_occurrences(schedule, rule, now, policy.grace, on_track):
        if not routes.keys:
            undeliverable = status == PENDING
            planned.append(PlannedRow(occurs_at, routes.undeliverable_key, UNDELIVERABLE if undeliverable else status,
                                      routes.undeliverable if undeliverable else detail, None))
            continue
        when = max(now, occurs_at + offset) if status == PENDING else None
        planned += [PlannedRow(occurs_at, key, status, detail, when) for key in routes.keys]
    return planned


def plan_occurrences(schedule: ReminderSchedule, rule: Recurrence, now: datetime, grace: timedelta,
                     on_track: Callable[[datetime], bool] | None = None) -> list[tuple[datetime, str, str | None]]:
    """Each occurrence from ``next_due_at`` to ``now`` with its status and the reason for it;
    ``on_track`` ("only when I'm behind") skips the one that would be sent while on pace."""
    start = schedule.next_due_at
    planned = []
    if start < now - MISSED_LOG_LIMIT:
        dropped = list(rule.occurrences(start, now - MISSED_LOG_LIMIT))
        start = rule.next_after(now - MISSED_LOG_LIMIT)
        if dropped:
            planned.append((dropped[0], MISSED, f"{len(dropped)} occurrences from here on were missed "
                                                "while no worker was running"))
    if start > now:
        due = []
    else:
        following = _next_after(rule, start)
        due = [start] if following > now else [start, *rule.occurrences(following, now)]
    for index, occurs_at in enumerate(due):
        if (skipped := skip_reason(schedule, occurs_at)) is not None:
            planned.append((occurs_at, SKIPPED, skipped))
        elif index < len(due) - 1:
            planned.append((occurs_at, MISSED, "a later occurrence was due too"))
        elif now - occurs_at > grace:
            planned.append((occurs_at, MISSED, f"{_minutes(now - occurs_at)} late"))
        elif on_track is not None and on_track(occurs_at):
            planned.append((occurs_at, SKIPPED, ON_TRACK))
        else:
            planned.append((occurs_at, PENDING, None))
    return planned


def _insert(session: Session, rows: list[dict], now: datetime, claim: ClaimReady | None, postgres: bool) -> list:
    """Insert the rows (those ``leased`` claimed for ``claim``), leaving an existing (schedule,
    occurrence, channel) row alone; the rows inserted (``_INSERTED``'s columns)."""
    token, lease_until = (claim.token, claim.lease_until) if claim is not None else (None, None)
    if postgres:
        return queue_rows(session, rows, now, token, lease_until)
    insert_once = sqlite.insert(_LOG).on_conflict_do_nothing(index_elements=["schedule_id", "occurs_at", "channel"])
    return session.execute(insert_once.returning(*_INSERTED), [{
        "schedule_id": row["schedule_id"], "occurs_at": row["occurs_at"], "channel": row["channel"],
        "status": row["status"], "attempts": 1 if row["leased"] else 0, "last_error": row["last_error"],
        "updated_at": now, "next_attempt_at": lease_until if row["leased"] else row["ready_at"],
        "ready_at": row["ready_at"], "lease_token": token if row["leased"] else None} for row in rows]).all()


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} minutes" if minutes < 120 else f"{minutes // 60} hours"
