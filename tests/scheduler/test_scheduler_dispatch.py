"""Dispatch passes in-process: what is sent, skipped, missed, retried, and never sent twice."""
from __future__ import annotations

import logging
import threading
import time as clock_time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import DeliveryLog, ReminderSchedule
from reminders.channels import ChannelRegistry, PermanentDeliveryError, RetryableDeliveryError, Unavailable
from reminders.channels.keys import ALEXA
from reminders.schedules import create_schedule, pause_schedule, snooze_schedule
from reminders.spec import ScheduleSpec
from scheduler.claims import claim_due_deliveries, claim_due_schedules
from scheduler.dispatch import Dispatcher
from scheduler.expansion import expand_due
from scheduler.policy import DispatchPolicy
from tests.scheduler.support import CREATED, FIRST, make_user, status_counts

EVERY_2H = ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", every="2h", between="08:00-20:00")
POLICY = DispatchPolicy(grace=timedelta(minutes=10), max_attempts=3, retry_base=timedelta(minutes=1),
                        lease=timedelta(minutes=2), batch_size=50)


class FakeAlexa:
    """A channel in the registry's Alexa slot that records messages or fails as told."""

    def __init__(self):
        self.sent: list[tuple[int, str]] = []
        self.error: Exception | None = None
        self.pause = 0.0

    def factory(self, schedule, reference):
        channel = self

        class Bound:
            def deliver(self, message):
                clock_time.sleep(channel.pause)
                if channel.error is not None:
                    raise channel.error
                channel.sent.append((schedule.id, message.body))

        return Bound()


@pytest.fixture
def alexa():
    return FakeAlexa()


@pytest.fixture
def dispatcher(session_factory, alexa):
    return Dispatcher(session_factory, POLICY, ChannelRegistry({ALEXA: alexa.factory}))


def add_schedule(session_factory, spec=EVERY_2H, user_id="amzn1.ask.account.DISPATCH", now=CREATED) -> int:
    with session_factory() as session:
        user = make_user(session, user_id, now)
        schedule_id = create_schedule(session, user, spec, now).id
        session.commit()
    return schedule_id


def log_rows(session_factory) -> list[DeliveryLog]:
    with session_factory() as session:
        return list(session.scalars(select(DeliveryLog).order_by(DeliveryLog.occurs_at)))


def test_due_occurrence_is_sent_once_and_schedule_advances(dispatcher, session_factory, alexa):
    schedule_id = add_schedule(session_factory)

    totals = dispatcher.run_pass(FIRST + timedelta(minutes=1))

    assert totals == {"sent": 1} and [sent[0] for sent in alexa.sent] == [schedule_id]
    with session_factory() as session:
        assert session.get(ReminderSchedule, schedule_id).next_due_at == FIRST + timedelta(hours=2)


def test_running_the_same_pass_twice_delivers_once(dispatcher, session_factory, alexa):
    add_schedule(session_factory)

    first = dispatcher.run_pass(FIRST)
    second = dispatcher.run_pass(FIRST)

    assert (first, second, len(alexa.sent)) == ({"sent": 1}, {}, 1)


def test_nothing_is_sent_before_the_first_occurrence(dispatcher, session_factory, alexa):
    add_schedule(session_factory)

    assert dispatcher.run_pass(FIRST - timedelta(seconds=1)) == {} and alexa.sent == []


def test_occurrence_later_than_the_grace_window_is_logged_missed_not_sent(dispatcher, session_factory, alexa):
    add_schedule(session_factory)

    totals = dispatcher.run_pass(FIRST + timedelta(minutes=11))

    assert totals == {"missed": 1} and alexa.sent == []
    assert log_rows(session_factory)[0].last_error == "11 minutes late"


def test_backlog_after_downtime_is_logged_missed_and_only_the_current_one_sent(dispatcher, session_factory, alexa):
    add_schedule(session_factory)

    totals = dispatcher.run_pass(FIRST + timedelta(hours=6, minutes=5))

    assert totals == {"missed": 3, "sent": 1} and len(alexa.sent) == 1
    assert [row.status for row in log_rows(session_factory)] == ["missed", "missed", "missed", "sent"]


def test_occurrence_in_quiet_hours_is_logged_skipped(dispatcher, session_factory, alexa):
    spec = ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", every="2h", quiet="07:30-09:00")
    add_schedule(session_factory, spec)

    totals = dispatcher.run_pass(FIRST)

    assert totals == {"skipped": 1} and alexa.sent == []
    assert log_rows(session_factory)[0].last_error == "quiet hours"


def test_snooze_skips_occurrences_before_its_end_and_keeps_the_series(dispatcher, session_factory, alexa):
    schedule_id = add_schedule(session_factory)
    with session_factory() as session:
        snooze_schedule(session.get(ReminderSchedule, schedule_id), timedelta(hours=4), CREATED)
        session.commit()

    during = dispatcher.run_pass(FIRST)
    after = dispatcher.run_pass(FIRST + timedelta(hours=2))

    assert (during, after) == ({"skipped": 1}, {"skipped": 1})
    assert dispatcher.run_pass(FIRST + timedelta(hours=4)) == {"sent": 1}
    assert [row.occurs_at.hour for row in log_rows(session_factory)] == [6, 8, 10]


def test_failing_channel_is_retried_with_doubling_backoff_then_ends_failed(dispatcher, session_factory, alexa):
    add_schedule(session_factory)
    alexa.error = RetryableDeliveryError("receiver answered 503")
    now, waits = FIRST, []

    for _ in range(POLICY.max_attempts):
        dispatcher.run_pass(now)
        row = log_rows(session_factory)[0]
        if row.next_attempt_at is not None:
            waits.append(row.next_attempt_at - now)
            now = row.next_attempt_at

    assert waits == [timedelta(minutes=1), timedelta(minutes=2)]
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 3, None)
    assert row.last_error == "gave up after 3 attempts: receiver answered 503"


def test_retry_that_succeeds_ends_sent(dispatcher, session_factory, alexa):
    add_schedule(session_factory)
    alexa.error = RetryableDeliveryError("timeout")
    first = dispatcher.run_pass(FIRST)
    alexa.error = None

    second = dispatcher.run_pass(FIRST + timedelta(minutes=1))

    assert (first, second) == ({"retrying": 1}, {"sent": 1})
    assert (log_rows(session_factory)[0].attempts, len(alexa.sent)) == (2, 1)


def test_permanent_error_fails_at_once_without_retries(dispatcher, session_factory, alexa):
    add_schedule(session_factory)
    alexa.error = PermanentDeliveryError("address rejected")

    assert dispatcher.run_pass(FIRST) == {"failed": 1}
    assert log_rows(session_factory)[0].attempts == 1


def test_unexpected_channel_error_is_logged_and_retried(dispatcher, session_factory, alexa, caplog):
    add_schedule(session_factory)
    alexa.error = KeyError("bug")

    with caplog.at_level(logging.ERROR, logger="scheduler.delivery"):
        assert dispatcher.run_pass(FIRST) == {"retrying": 1}

    assert "Unexpected error delivering reminder" in caplog.text
    assert log_rows(session_factory)[0].last_error == "KeyError: 'bug'"


def test_delivery_claimed_by_a_worker_that_died_is_sent_after_its_lease_not_before(
        dispatcher, session_factory, alexa):
    schedule_id = add_schedule(session_factory)
    with session_factory() as session:   # a worker queues the occurrence, claims it, then dies
        claim_due_schedules(session, FIRST, 10)
        session.execute(update(ReminderSchedule).values(next_due_at=FIRST + timedelta(hours=2)))
        session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=FIRST, channel=ALEXA, status="pending", attempts=0,
                                next_attempt_at=FIRST, updated_at=FIRST))
        session.commit()
        claim_due_deliveries(session, FIRST, FIRST + POLICY.lease, 10)
        session.commit()

    during_lease = dispatcher.run_pass(FIRST + timedelta(minutes=1))
    after_lease = dispatcher.run_pass(FIRST + POLICY.lease)

    assert (during_lease, after_lease, len(alexa.sent)) == ({}, {"sent": 1}, 1)
    assert log_rows(session_factory)[0].attempts == 2


def test_queued_delivery_left_past_the_grace_window_is_logged_missed(session_factory, alexa):
    add_schedule(session_factory)
    registry = ChannelRegistry({ALEXA: alexa.factory})
    with session_factory() as session:   # queued at 08:00, then the worker stopped before sending
        expand_due(session, FIRST, POLICY, registry, lambda outcome: None)

    totals = Dispatcher(session_factory, POLICY, registry).run_pass(FIRST + timedelta(minutes=30))

    assert totals == {"missed": 1} and alexa.sent == []


def test_delivery_queued_before_a_pause_is_skipped(session_factory, alexa):
    schedule_id = add_schedule(session_factory)
    registry = ChannelRegistry({ALEXA: alexa.factory})
    with session_factory() as session:
        expand_due(session, FIRST, POLICY, registry, lambda outcome: None)
        pause_schedule(session.get(ReminderSchedule, schedule_id), FIRST)
        session.commit()

    assert Dispatcher(session_factory, POLICY, registry).run_pass(FIRST) == {"skipped": 1}


def test_schedule_with_only_an_unregistered_alexa_channel_is_logged_undeliverable(session_factory):
    add_schedule(session_factory)

    totals = Dispatcher(session_factory, POLICY, ChannelRegistry({})).run_pass(FIRST)

    [row] = log_rows(session_factory)
    assert totals == {"undeliverable": 1}
    assert (row.channel, row.status, row.last_error) == ("alexa", "undeliverable", "no channel this worker can deliver to")


def test_channel_that_cannot_deliver_logs_its_reason_and_the_schedule_moves_on(session_factory):
    schedule_id = add_schedule(session_factory)
    registry = ChannelRegistry({ALEXA: lambda schedule, ref: Unavailable("no Alexa reminders permission")})

    totals = Dispatcher(session_factory, POLICY, registry).run_pass(FIRST)

    [row] = log_rows(session_factory)
    assert totals == {"undeliverable": 1}
    assert (row.occurs_at, row.status, row.last_error) == (FIRST, "undeliverable", "no Alexa reminders permission")
    with session_factory() as session:
        assert session.get(ReminderSchedule, schedule_id).next_due_at == FIRST + timedelta(hours=2)


def test_schedule_without_any_channel_is_logged_undeliverable_with_the_reason(session_factory, alexa):
    add_schedule(session_factory)
    with session_factory() as session:   # e.g. its last address went with a deleted account-level one
        session.execute(update(ReminderSchedule).values(alexa_enabled=False))
        session.commit()

    totals = Dispatcher(session_factory, POLICY, ChannelRegistry({ALEXA: alexa.factory})).run_pass(FIRST)

    [row] = log_rows(session_factory)
    assert totals == {"undeliverable": 1} and row.channel == "none"
    assert row.last_error == "no channel: Alexa is off and there is no notification address"


def test_delivery_whose_channel_went_away_after_queueing_is_skipped(session_factory, alexa):
    add_schedule(session_factory)
    with session_factory() as session:
        expand_due(session, FIRST, POLICY, ChannelRegistry({ALEXA: alexa.factory}), lambda outcome: None)

    totals = Dispatcher(session_factory, POLICY, ChannelRegistry({ALEXA: lambda schedule, ref: None})).run_pass(FIRST)

    assert totals == {"skipped": 1} and log_rows(session_factory)[0].last_error == "channel removed"


def test_two_threads_expanding_at_once_take_each_due_schedule_once(session_factory, alexa):
    for number in range(40):
        add_schedule(session_factory, user_id=f"amzn1.ask.account.{number}")
    policy = DispatchPolicy(batch_size=5)
    registry = ChannelRegistry({ALEXA: alexa.factory})
    start = threading.Barrier(2)

    def expand_all() -> int:
        start.wait()
        handled = 0
        while True:
            with session_factory() as session:
                batch = expand_due(session, FIRST, policy, registry, lambda outcome: None)
            if not batch:
                return handled
            handled += batch

    with ThreadPoolExecutor(2) as pool:
        handled = [future.result() for future in [pool.submit(expand_all) for _ in range(2)]]

    assert sum(handled) == 40
    assert len(log_rows(session_factory)) == 40


def test_log_counts_by_status_after_a_mixed_pass(dispatcher, session_factory, db_session):
    add_schedule(session_factory)
    add_schedule(session_factory, ScheduleSpec(kind="stretch", time_zone="Europe/Berlin", at="07:30"),
                 user_id="amzn1.ask.account.LATE")

    dispatcher.run_pass(FIRST)

    assert status_counts(db_session) == {"sent": 1, "missed": 1}
