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

from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session

from models import AccountAddress, NotificationChannel, ReminderSchedule, User
from scheduler.bulk import among, is_postgres

_SCHEDULES = ReminderSchedule.__table__
_USERS = User.__table__
_CHANNELS = NotificationChannel.__table__
_ADDRESSES = AccountAddress.__table__


class Snapshot:
    """The columns of one row as attributes."""

    def __init__(self, columns: Iterable[tuple[str, Any]]):
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
    postgres = is_postgres(session)
    schedules = {copy.id: copy for copy in _copies(session, ScheduleSnapshot, select(_SCHEDULES).where(
        among(_SCHEDULES.c.id, ids, postgres)))}
    if not schedules:
        return []
    users = {copy.id: copy for copy in _copies(session, UserSnapshot, select(_USERS).where(
        among(_USERS.c.id, {schedule.user_id for schedule in schedules.values()}, postgres)))}
    addresses: dict[int, list[AddressSnapshot]] = {user_id: [] for user_id in users}
    for address in _copies(session, AddressSnapshot, select(_ADDRESSES).where(
            among(_ADDRESSES.c.user_id, users, postgres)).order_by(_ADDRESSES.c.id)):
        addresses[address.user_id].append(address)
    for user_id, user in users.items():
        user.account_addresses = addresses[user_id]
    channels: dict[int, list[ChannelSnapshot]] = {schedule_id: [] for schedule_id in schedules}
    for channel in _copies(session, ChannelSnapshot, select(_CHANNELS).where(
            among(_CHANNELS.c.schedule_id, schedules, postgres)).order_by(_CHANNELS.c.id)):
        channels[channel.schedule_id].append(channel)
    loaded = []
    for schedule_id in ids:
        schedule = schedules.get(schedule_id)
        # Without its user the account was deleted meanwhile, and the schedule with it.
        if schedule is not None and schedule.user_id in users:
            schedule.user = users[schedule.user_id]
            schedule.notify_channels = channels[schedule_id]
            loaded.append(schedule)
    return loaded


def _copies(session: Session | Connection, kind: type[Snapshot], query: Select) -> list:
    """The query's rows as ``kind`` (all fetched at once: one call to the driver, not one per row)."""
    result = session.execute(query)
    keys = list(result.keys())
    return [kind(zip(keys, row)) for row in result.all()]
