"""Schedules as a dispatch pass reads them: plain read-only copies, loaded with four Core queries.

A pass only reads its schedules (what is due, where it goes, the words), and builds thousands of
them in a burst. As ORM objects each one cost an identity-map entry, instrumented attributes and
collections, and a joined user, which was more than everything else the worker does per
reminder. The copies carry every column of the schedule under the same names, the schedule's
``user`` (every column of it, and its ``account_addresses``) and its ``notify_channels`` in id
order, so the domain functions
that take a ``ReminderSchedule`` to read it take these too. Changes go through the ORM as before.
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from models import AccountAddress, NotificationChannel, ReminderSchedule, User

_SCHEDULES = ReminderSchedule.__table__
_USERS = User.__table__
_CHANNELS = NotificationChannel.__table__
_ADDRESSES = AccountAddress.__table__


class Snapshot:
    """The columns of one row as attributes."""

    def __init__(self, columns: dict[str, Any]):
        self.__dict__.update(columns)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.__dict__.get('id')}>"


class UserSnapshot(Snapshot):
    """A ``users`` row with its ``account_addresses``."""

    account_addresses: list[AddressSnapshot]


class AddressSnapshot(Snapshot):
    """An ``account_addresses`` row."""


class ChannelSnapshot(Snapshot):
    """A ``notification_channels`` row."""


class ScheduleSnapshot(Snapshot):
    """A ``reminder_schedules`` row with its ``user`` and ``notify_channels``."""

    user: UserSnapshot
    notify_channels: list[ChannelSnapshot]


def load_schedules(session: Session | Connection, ids: Iterable[int]) -> list[ScheduleSnapshot]:
    """The schedules with these ids (those that still exist), in id order."""
    ids = sorted(set(ids))
    if not ids:
        return []
    schedules = {row["id"]: ScheduleSnapshot(row) for row in session.execute(
        select(_SCHEDULES).where(_SCHEDULES.c.id.in_(ids)).order_by(_SCHEDULES.c.id)).mappings()}
    if not schedules:
        return []
    user_ids = {schedule.user_id for schedule in schedules.values()}
    users = {row["id"]: UserSnapshot(row) for row in session.execute(
        select(_USERS).where(_USERS.c.id.in_(user_ids))).mappings()}
    addresses: dict[int, list[AddressSnapshot]] = {user_id: [] for user_id in users}
    for row in session.execute(select(_ADDRESSES).where(_ADDRESSES.c.user_id.in_(list(users)))
                               .order_by(_ADDRESSES.c.id)).mappings():
        addresses[row["user_id"]].append(AddressSnapshot(row))
    for user_id, user in users.items():
        user.account_addresses = addresses[user_id]
    channels: dict[int, list[ChannelSnapshot]] = {schedule_id: [] for schedule_id in schedules}
    for row in session.execute(select(_CHANNELS).where(_CHANNELS.c.schedule_id.in_(list(schedules)))
                               .order_by(_CHANNELS.c.id)).mappings():
        channels[row["schedule_id"]].append(ChannelSnapshot(row))
    loaded = []
    for schedule_id, schedule in schedules.items():
        if schedule.user_id in users:   # else the account was deleted meanwhile, and the schedule with it
            schedule.user = users[schedule.user_id]
            schedule.notify_channels = channels[schedule_id]
            loaded.append(schedule)
    return loaded
