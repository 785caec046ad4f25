"""A user's records as a whole: their delivery history and a JSON copy of everything.

The caller owns the session and commits.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (AccountAddress, ActionLinkUse, Base, DeliveryLog, ReminderSchedule, RemovedAddress, StretchLog,
                    StretchProgress, User, WaterGoal, WaterLog)
from reminders.schedules import list_schedules


def deliveries_page(session: Session, user: User, page: int,
                    per_page: int) -> tuple[list[tuple[DeliveryLog, ReminderSchedule]], int]:
    """One page of the user's deliveries with their schedules, newest first, and the page count."""
    owned = (select(DeliveryLog, ReminderSchedule).join(ReminderSchedule)
             .where(ReminderSchedule.user_id == user.id))
    total = session.scalar(select(func.count()).select_from(owned.subquery()))
    rows = session.execute(owned.order_by(DeliveryLog.occurs_at.desc(), DeliveryLog.id.desc())
                           .limit(per_page).offset((page - 1) * per_page))
    return [(delivery, schedule) for delivery, schedule in rows], max(1, -(-total // per_page))


def export_user_data(session: Session, user: User) -> dict[str, Any]:
    """Everything stored about the user, as JSON-ready values (sign-in codes and sessions are
    credentials, not the person's data, and are left out)."""
    schedules = list_schedules(session, user)
    return {
        "user": _row(user),
        "reminder_schedules": [{**_row(schedule), "notification_channels": [
            _row(channel) for channel in schedule.notify_channels]} for schedule in schedules],
        "delivery_log": [_row(row) for row in session.scalars(
            select(DeliveryLog).where(DeliveryLog.schedule_id.in_([schedule.id for schedule in schedules]))
            .order_by(DeliveryLog.id))],
        "stretch_progress": [_row(row) for row in session.scalars(
            select(StretchProgress).where(StretchProgress.user_id == user.id))],
        **{key: [_row(row) for row in session.scalars(select(model).where(model.user_id == user.id)
                                                      .order_by(model.id))]
           for key, model in (("water_logs", WaterLog), ("stretch_logs", StretchLog), ("water_goals", WaterGoal),
                              ("action_link_uses", ActionLinkUse), ("account_addresses", AccountAddress),
                              ("removed_addresses", RemovedAddress))},
    }


def _row(row: Base) -> dict[str, Any]:
    return {column.key: _json_value(getattr(row, column.key)) for column in row.__mapper__.column_attrs}


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value
