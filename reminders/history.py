"""What a user's reminders did lately, one entry per occurrence over all of its channels."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DeliveryLog, ReminderSchedule, User
from models.delivery_log import FAILED, MISSED, SENT


@dataclass(frozen=True)
class Occurrence:
    schedule: ReminderSchedule
    occurs_at: datetime
    delivered: bool
    """Sent on at least one channel; otherwise it was missed or failed everywhere."""


def recent_occurrences(session: Session, user: User, since: datetime, until: datetime) -> list[Occurrence]:
    """Settled occurrences in (``since``, ``until``], oldest first; paused, skipped and
    still-retrying ones are left out."""
    rows = session.execute(
        select(ReminderSchedule, DeliveryLog.occurs_at, DeliveryLog.status)
        .join(DeliveryLog, DeliveryLog.schedule_id == ReminderSchedule.id)
        .where(ReminderSchedule.user_id == user.id, DeliveryLog.occurs_at > since, DeliveryLog.occurs_at <= until))
    statuses: dict[tuple[int, datetime], set[str]] = defaultdict(set)
    schedules: dict[int, ReminderSchedule] = {}
    for schedule, occurs_at, status in rows:
        schedules[schedule.id] = schedule
        statuses[(schedule.id, occurs_at)].add(status)
    found = [Occurrence(schedules[schedule_id], occurs_at, SENT in seen)
             for (schedule_id, occurs_at), seen in statuses.items() if seen & {SENT, MISSED, FAILED}]
    return sorted(found, key=lambda occurrence: occurrence.occurs_at)
