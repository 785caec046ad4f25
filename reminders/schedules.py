"""Reminder schedules for a user: create, change, pause, resume, snooze, delete, list.

These are the domain functions the voice side, the web pages and the ``reminders`` command
call. The caller owns the session and commits; every check runs before anything changes,
so a ``ScheduleError`` leaves the database as it was.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import NotificationChannel, ReminderSchedule, User
from models.base import MAX_ROW_ID
from reminders.alexa_sync import schedule_changed, schedule_deleted
from reminders.notify_policy import max_reminders_per_user
from reminders.parsing import ScheduleError
from reminders.schedule_rules import quiet_hours, rule_of, store_rules
from reminders.spec import CheckedSchedule, ScheduleSpec, check

MAX_SNOOZE = timedelta(days=7)


def create_schedule(session: Session, user: User, spec: ScheduleSpec, now: datetime) -> ReminderSchedule:
    """A new, enabled schedule for ``user``, first due at its next occurrence after ``now``."""
    checked = check(spec)
    most = max_reminders_per_user()
    if user.id is not None and session.scalar(select(func.count()).select_from(ReminderSchedule)
                                              .where(ReminderSchedule.user_id == user.id)) >= most:
        raise ScheduleError(f"You can have at most {most} reminders; delete one to add another.")
    schedule = ReminderSchedule(user=user, enabled=True, alexa_enabled=True, created_at=now)
    _apply(schedule, checked, now)
    session.add(schedule)
    session.flush()
    return schedule


def update_schedule(session: Session, schedule: ReminderSchedule, now: datetime, **changes) -> ReminderSchedule:
    """Change some ``ScheduleSpec`` fields; the series restarts from ``now``.

    Giving ``every``/``between`` replaces clock times, giving ``at``/``days`` replaces an interval.
    """
    current = spec_of(schedule)
    if {"every", "between"} & changes.keys():
        current = dataclasses.replace(current, at=(), days=None)
    if {"at", "days"} & changes.keys():
        current = dataclasses.replace(current, every=None, between=None)
    checked = check(dataclasses.replace(current, **changes))
    _apply(schedule, checked, now)
    schedule_changed(schedule)
    session.flush()
    return schedule


def pause_schedule(schedule: ReminderSchedule, now: datetime) -> None:
    """Stop sending until resumed; nothing is owed for the paused time."""
    schedule.enabled = False
    schedule.next_due_at = None
    schedule.updated_at = now
    schedule_changed(schedule)


def resume_schedule(schedule: ReminderSchedule, now: datetime) -> None:
    """Send again from the next occurrence after ``now``; also ends a snooze."""
    schedule.enabled = True
    schedule.snoozed_until = None
    schedule.next_due_at = rule_of(schedule).next_after(now)
    schedule.updated_at = now
    schedule_changed(schedule)


def snooze_schedule(schedule: ReminderSchedule, until: datetime | timedelta, now: datetime) -> None:
    """Skip occurrences before ``until`` (an instant or a duration from now); the series keeps its times."""
    end = now + until if isinstance(until, timedelta) else until
    if end <= now:
        raise ScheduleError("A snooze has to end in the future.")
    if end - now > MAX_SNOOZE:
        raise ScheduleError("A snooze can last at most a week; pause the reminder instead.")
    schedule.snoozed_until = end
    schedule.updated_at = now
    schedule_changed(schedule)


def delete_schedule(session: Session, schedule: ReminderSchedule) -> None:
    """Remove the schedule with its channels and delivery history."""
    schedule_deleted(session, schedule)
    session.delete(schedule)
    session.flush()


def list_schedules(session: Session, user: User) -> list[ReminderSchedule]:
    """The user's schedules, oldest first."""
    return list(session.scalars(select(ReminderSchedule).where(ReminderSchedule.user_id == user.id)
                                .order_by(ReminderSchedule.id)))


def get_schedule(session: Session, user: User, schedule_id: int) -> ReminderSchedule:
    """The user's schedule with this id; someone else's counts as not found."""
    schedule = session.get(ReminderSchedule, schedule_id) if 0 < schedule_id <= MAX_ROW_ID else None
    if schedule is None or schedule.user_id != user.id:
        raise ScheduleError(f"There is no reminder number {schedule_id} for this user.")
    return schedule


def spec_of(schedule: ReminderSchedule) -> ScheduleSpec:
    """The schedule as the spec that would create it."""
    return ScheduleSpec(kind=schedule.kind, time_zone=schedule.time_zone, **rule_of(schedule).spec_fields(),
                        quiet=quiet_hours(schedule), label=schedule.label, alexa=schedule.alexa_enabled,
                        notify=tuple(channel.apprise_url for channel in schedule.notify_channels))


def _apply(schedule: ReminderSchedule, checked: CheckedSchedule, now: datetime) -> None:
    schedule.kind = checked.kind
    store_rules(schedule, checked.rule, checked.quiet)
    schedule.label = checked.label
    schedule.alexa_enabled = checked.alexa
    kept = [channel for channel in schedule.notify_channels if channel.apprise_url in checked.notify]
    kept_urls = {channel.apprise_url for channel in kept}
    schedule.notify_channels = kept + [NotificationChannel(apprise_url=url)
                                       for url in checked.notify if url not in kept_urls]
    schedule.next_due_at = checked.rule.next_after(now) if schedule.enabled else None
    schedule.updated_at = now
