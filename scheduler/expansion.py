"""Turning due schedules into delivery-log rows, one batch per transaction.

For each claimed schedule, every occurrence from its ``next_due_at`` up to ``now`` gets one log
row per channel: ``skipped`` inside quiet hours or a snooze, ``missed`` when older than the
grace window or followed by a newer one (so a backlog is never sent in a burst), and
``pending`` for the one occurrence still worth sending. The rows and the schedule's new
``next_due_at`` are committed together, so an occurrence is queued exactly once; sending them
is ``scheduler.delivery``'s job.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload, selectinload

from habits.pace import ON_TRACK, PaceCheck
from models import DeliveryLog, ReminderSchedule
from models.base import UtcDateTime
from models.delivery_log import MISSED, PENDING, SKIPPED
from scheduler.channels import ChannelRegistry
from scheduler.claims import claim_due_schedules
from scheduler.outcome import Outcome
from scheduler.policy import DispatchPolicy
from scheduler.recurrence import Rule, in_local_window, next_after, occurrences
from scheduler.schedules import rule_of

_SCHEDULES = ReminderSchedule.__table__
_ADVANCE = (_SCHEDULES.update().where(_SCHEDULES.c.id == bindparam("schedule_id"))
            .values(next_due_at=bindparam("next_due_at", type_=UtcDateTime()), claimed_until=None))
# Misses further back than this (the worker was down for days) are not logged one by one.
MISSED_LOG_LIMIT = timedelta(days=1)


def expand_due(session: Session, now: datetime, policy: DispatchPolicy, registry: ChannelRegistry,
               report: Callable[[Outcome], None]) -> int:
    """Queue or log the due occurrences of one batch of schedules and commit; the batch's size."""
    ids = claim_due_schedules(session, now, policy.batch_size)
    if not ids:
        session.commit()
        return 0
    schedules = session.scalars(select(ReminderSchedule).where(ReminderSchedule.id.in_(ids))
                                .options(selectinload(ReminderSchedule.notify_channels),
                                         joinedload(ReminderSchedule.user))).all()
    rows: list[dict] = []
    advances: list[dict] = []
    logged: list[Outcome] = []
    pace = PaceCheck.load(session, schedules, now)
    for schedule in schedules:
        rule = rule_of(schedule)
        keys = registry.keys_for(schedule)
        for occurs_at, status, detail in plan_occurrences(schedule, rule, now, policy.grace,
                                                          pace.checker_for(schedule)):
            for key in keys:
                rows.append({"schedule_id": schedule.id, "occurs_at": occurs_at, "channel": key,
                             "status": status, "attempts": 0, "last_error": detail, "updated_at": now,
                             "next_attempt_at": now if status == PENDING else None})
                if status != PENDING:
                    logged.append(Outcome.of(schedule, occurs_at, key, status, detail))
        advances.append({"schedule_id": schedule.id, "next_due_at": next_after(rule, now)})
    if rows:
        session.execute(_insert_once(session), rows)
    session.execute(_ADVANCE, advances)
    session.commit()
    for outcome in logged:
        report(outcome)
    return len(ids)


def plan_occurrences(schedule: ReminderSchedule, rule: Rule, now: datetime, grace: timedelta,
                     on_track: Callable[[datetime], bool] | None = None) -> list[tuple[datetime, str, str | None]]:
    """Each occurrence from ``next_due_at`` to ``now`` with its status and the reason for it;
    ``on_track`` ("only when I'm behind") skips the one that would be sent while on pace."""
    start = schedule.next_due_at
    if start < now - MISSED_LOG_LIMIT:
        start = next_after(rule, now - MISSED_LOG_LIMIT)
    due = list(occurrences(rule, start, now))
    quiet = (schedule.quiet_start, schedule.quiet_end) if schedule.quiet_start is not None else None
    planned = []
    for index, occurs_at in enumerate(due):
        if quiet is not None and in_local_window(occurs_at, rule.zone, quiet):
            planned.append((occurs_at, SKIPPED, "quiet hours"))
        elif schedule.snoozed_until is not None and occurs_at < schedule.snoozed_until:
            planned.append((occurs_at, SKIPPED, "snoozed"))
        elif index < len(due) - 1:
            planned.append((occurs_at, MISSED, "a later occurrence was due too"))
        elif now - occurs_at > grace:
            planned.append((occurs_at, MISSED, f"{_minutes(now - occurs_at)} late"))
        elif on_track is not None and on_track(occurs_at):
            planned.append((occurs_at, SKIPPED, ON_TRACK))
        else:
            planned.append((occurs_at, PENDING, None))
    return planned


def _insert_once(session: Session):
    """An INSERT that leaves an existing (schedule, occurrence, channel) row alone."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(DeliveryLog.__table__).on_conflict_do_nothing(
        index_elements=["schedule_id", "occurs_at", "channel"])


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} minutes" if minutes < 120 else f"{minutes // 60} hours"
