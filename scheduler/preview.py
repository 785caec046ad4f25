"""What a dispatch pass would do at an instant, without changing or sending anything.

``cramp-coach dispatch --at`` shows this unless ``--commit`` is given: a pass "as if the clock
read" a future instant would otherwise queue, miss and advance real schedules.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from habits.pace import PaceCheck
from models import DeliveryLog, ReminderSchedule
from models.delivery_log import PENDING, RETRYING
from reminders.channels import ChannelRegistry
from reminders.outcome import Outcome
from reminders.schedule_rules import rule_of
from scheduler.expansion import plan_schedule
from scheduler.policy import DispatchPolicy

WOULD_SEND, WOULD_RETRY = "would send", "would retry"


def preview_pass(session: Session, now: datetime, policy: DispatchPolicy,
                 registry: ChannelRegistry) -> Iterator[Outcome]:
    """Each log entry a pass at ``now`` would write, oldest schedule first; read only."""
    owed = (select(DeliveryLog, ReminderSchedule).join(ReminderSchedule, DeliveryLog.schedule_id == ReminderSchedule.id)
            .where(DeliveryLog.next_attempt_at <= now, DeliveryLog.status.in_((PENDING, RETRYING)))
            .options(selectinload(ReminderSchedule.notify_channels), joinedload(ReminderSchedule.user))
            .order_by(DeliveryLog.next_attempt_at))
    for row, schedule in session.execute(owed):
        status = WOULD_SEND if row.status == PENDING else WOULD_RETRY
        yield Outcome.of(schedule, row.occurs_at, row.channel, status, row.last_error)
    due = (select(ReminderSchedule).where(ReminderSchedule.next_due_at <= now)
           .options(selectinload(ReminderSchedule.notify_channels), joinedload(ReminderSchedule.user))
           .order_by(ReminderSchedule.next_due_at, ReminderSchedule.id))
    schedules = session.scalars(due).all()
    pace = PaceCheck.load(session, schedules, now)
    for schedule in schedules:
        for planned in plan_schedule(schedule, rule_of(schedule), now, policy, registry, pace.checker_for(schedule)):
            status = WOULD_SEND if planned.status == PENDING else planned.status
            yield Outcome.of(schedule, planned.occurs_at, planned.channel, status, planned.detail)
