"""The dispatch's fast paths read and write what the ORM would: schedule copies with the same
columns and relations, and connections handed back to the pool committing durably again."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from models import AccountAddress, ReminderSchedule, User
from models.database import bound_engine
from reminders.channels import ChannelRegistry
from reminders.channels.keys import ACCOUNT, APPRISE
from reminders.schedules import create_schedule
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from scheduler.snapshots import load_schedules
from tests.scheduler.support import CREATED, FIRST, SPEC, make_user


class Sink:
    """A channel for any address that only records what it was handed."""

    def __init__(self):
        self.sent: list[str] = []

    def factory(self, schedule, reference):
        sink = self

        class Bound:
            def deliver(self, message):
                sink.sent.append(reference)

        return Bound()


def add_schedule_with_addresses(session_factory) -> int:
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.SNAPSHOT", CREATED, time_zone="Europe/Berlin")
        user.account_addresses.append(AccountAddress(apprise_url="json://127.0.0.1:9/account", created_at=CREATED))
        schedule = create_schedule(session, user, replace(SPEC, notify=("json://127.0.0.1:9/b", "json://127.0.0.1:9/a")),
                                   CREATED)
        session.commit()
        return schedule.id


def test_schedule_copies_carry_every_column_and_relation_the_orm_loads(session_factory):
    schedule_id = add_schedule_with_addresses(session_factory)

    with session_factory() as session:
        [copy] = load_schedules(session, [schedule_id, 10_000])   # a missing id is left out
        stored = session.scalars(select(ReminderSchedule).where(ReminderSchedule.id == schedule_id).options(
            selectinload(ReminderSchedule.notify_channels),
            selectinload(ReminderSchedule.user).selectinload(User.account_addresses))).one()

        for column in ReminderSchedule.__table__.columns:
            assert getattr(copy, column.key) == getattr(stored, column.key), column.key
        for column in User.__table__.columns:
            assert getattr(copy.user, column.key) == getattr(stored.user, column.key), column.key
        assert [(c.id, c.apprise_url) for c in copy.notify_channels] == [
            (c.id, c.apprise_url) for c in stored.notify_channels]
        assert [(a.id, a.apprise_url) for a in copy.user.account_addresses] == [
            (a.id, a.apprise_url) for a in stored.user.account_addresses]


def test_after_a_pass_every_pooled_connection_commits_durably_again(session_factory):
    add_schedule_with_addresses(session_factory)
    engine = bound_engine(session_factory)
    sink = Sink()
    registry = ChannelRegistry({APPRISE: sink.factory, ACCOUNT: sink.factory})
    dispatcher = Dispatcher(session_factory, DispatchPolicy(), registry)

    totals = dispatcher.run_pass(FIRST)
    dispatcher.close()

    connections = [engine.connect() for _ in range(engine.pool.checkedin())]
    try:
        if engine.dialect.name == "postgresql":
            settings = {connection.scalar(text("SHOW synchronous_commit")) for connection in connections}
            assert settings == {"on"}
        else:   # SQLite's durability is the engine's own (WAL, synchronous=NORMAL), untouched by a pass
            assert {connection.scalar(text("PRAGMA synchronous")) for connection in connections} == {1}
    finally:
        for connection in connections:
            connection.close()
    assert totals == {"sent": 3} and len(sink.sent) == 3
