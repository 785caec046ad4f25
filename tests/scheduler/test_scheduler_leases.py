"""Leases that mean what they say: passes longer than the lease, slow addresses, lease tokens,
real send times, grouped result writes, jitter and rate limits (in-process, on a running clock)."""
from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from cramp_coach.worker_commands import running_from
from models import DeliveryLog
from models.database import bound_engine
from reminders.channels import ChannelRegistry, RateLimited
from reminders.channels.keys import ALEXA
from reminders.schedules import create_schedule
from reminders.spec import ScheduleSpec
from scheduler.claims import claim_due_deliveries, release_deliveries
from scheduler.dispatch import Dispatcher
from scheduler.expansion import ClaimReady, expand_due
from scheduler.pacing import jitter_for
from scheduler.policy import DispatchPolicy
from scheduler.results import Result, ResultWriter
from tests.scheduler.support import CREATED, FIRST, make_user

AT_EIGHT = ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", at="08:00")
SHORT_LEASE = DispatchPolicy(lease=timedelta(seconds=1), batch_size=10, send_concurrency=2)


class Recorder:
    """An Alexa-slot channel that records each send per schedule; some schedules are slow."""

    def __init__(self, pause: float = 0.0):
        self.pause = pause
        self.slow: dict[int, float] = {}
        self.error: Exception | None = None
        self.sends: Counter[int] = Counter()
        self._lock = threading.Lock()

    def factory(self, schedule, reference):
        recorder = self

        class Bound:
            def deliver(self, message):
                with recorder._lock:
                    recorder.sends[schedule.id] += 1
                time.sleep(recorder.slow.get(schedule.id, recorder.pause))
                if recorder.error is not None:
                    raise recorder.error

        return Bound()


def add_schedules(session_factory, count: int) -> list[int]:
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.LEASES", CREATED)
        ids = [create_schedule(session, user, AT_EIGHT, CREATED).id for _ in range(count)]
        session.commit()
    return ids


def rows(session_factory) -> list[DeliveryLog]:
    with session_factory() as session:
        return list(session.scalars(select(DeliveryLog).order_by(DeliveryLog.id)))


def test_two_workers_on_a_pass_longer_than_the_lease_send_each_reminder_once(session_factory):
    ids = add_schedules(session_factory, 80)
    recorder = Recorder(pause=0.05)
    registry = ChannelRegistry({ALEXA: recorder.factory})
    clock = running_from(FIRST)
    workers = [Dispatcher(session_factory, SHORT_LEASE, registry) for _ in range(2)]
    started = time.monotonic()

    threads = [threading.Thread(target=worker.run_pass, args=(clock,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    elapsed = time.monotonic() - started
    for worker in workers:
        worker.close()

    assert elapsed > SHORT_LEASE.lease.total_seconds(), "the pass should outlast its lease"
    assert recorder.sends == {schedule_id: 1 for schedule_id in ids}
    assert {(row.status, row.attempts, row.lease_token) for row in rows(session_factory)} == {("sent", 1, None)}


def test_each_row_records_when_it_was_really_sent_not_when_the_pass_began(session_factory):
    add_schedules(session_factory, 12)
    recorder = Recorder(pause=0.1)
    policy = DispatchPolicy(lease=timedelta(seconds=2), batch_size=4, send_concurrency=1)
    dispatcher = Dispatcher(session_factory, policy, ChannelRegistry({ALEXA: recorder.factory}))

    dispatcher.run_pass(running_from(FIRST))
    dispatcher.close()

    sent_at = [row.sent_at for row in rows(session_factory)]
    assert all(moment > FIRST for moment in sent_at)
    assert sent_at == sorted(sent_at) and sent_at[-1] - sent_at[0] >= timedelta(seconds=1)


def test_slow_address_holds_up_nothing_is_logged_as_a_timeout_and_is_not_sent_again(session_factory):
    ids = add_schedules(session_factory, 20)
    recorder = Recorder(pause=0.01)
    recorder.slow[ids[0]] = 3.0
    policy = DispatchPolicy(lease=timedelta(seconds=2), batch_size=20, send_concurrency=4)
    dispatcher = Dispatcher(session_factory, policy, ChannelRegistry({ALEXA: recorder.factory}))
    started = time.monotonic()

    first = dispatcher.run_pass(running_from(FIRST))
    elapsed = time.monotonic() - started
    later = dispatcher.run_pass(FIRST + timedelta(minutes=5))
    dispatcher.close()

    slow = next(row for row in rows(session_factory) if row.schedule_id == ids[0])
    assert elapsed < 2.0, "one slow address must not hold up the batch"
    assert (first, later) == ({"sent": 19, "failed": 1}, {})
    assert slow.last_error.startswith("timed out: no answer within 0.5 s") and slow.attempts == 1
    assert recorder.sends[ids[0]] == 1


def test_result_or_release_for_a_row_another_worker_now_holds_changes_nothing(session_factory):
    add_schedules(session_factory, 1)
    with session_factory() as session:
        expand_due(session, FIRST, SHORT_LEASE, ChannelRegistry({ALEXA: Recorder().factory}))
    engine = bound_engine(session_factory)
    with engine.connect() as connection:
        stale = claim_due_deliveries(connection, FIRST, FIRST + timedelta(seconds=1), 10)
        connection.commit()
        fresh = claim_due_deliveries(connection, FIRST + timedelta(seconds=2), FIRST + timedelta(seconds=3), 10)
        connection.commit()
        writer = ResultWriter(connection, stale.token, group=10, interval=1.0)
        writer.add(Result(stale.deliveries[0].id, "sent", None, None, FIRST + timedelta(seconds=2), sent=True))
        writer.flush()
        release_deliveries(connection, stale.token, [stale.deliveries[0].id], FIRST + timedelta(seconds=2))
        connection.commit()

    [row] = rows(session_factory)
    assert [len(stale.deliveries), len(fresh.deliveries)] == [1, 1]
    assert (row.status, row.lease_token, row.attempts, row.sent_at) == ("pending", fresh.token, 2, None)


def test_expansion_claims_for_its_worker_only_the_rows_ready_now(session_factory):
    ids = add_schedules(session_factory, 30)
    policy = DispatchPolicy(jitter=timedelta(seconds=2))   # offsets of 0, 1 or 2 s: some ready, some not
    ready_now = {schedule_id for schedule_id in ids if jitter_for(schedule_id, policy.jitter) == timedelta(0)}
    claim = ClaimReady("a" * 32, FIRST + policy.lease)

    with session_factory() as session:
        expand_due(session, FIRST, policy, ChannelRegistry({ALEXA: Recorder().factory}), claim=claim)

    logged = rows(session_factory)
    claimed = [row for row in logged if row.lease_token is not None]
    assert 0 < len(ready_now) < len(ids) and {row.schedule_id for row in claimed} == ready_now
    assert [delivery.id for delivery in claim.deliveries] == [row.id for row in claimed]
    assert {(row.status, row.attempts, row.lease_token, row.next_attempt_at) for row in claimed} == {
        ("pending", 1, claim.token, FIRST + policy.lease)}
    assert all((row.attempts, row.next_attempt_at) == (0, row.ready_at) for row in logged if row not in claimed)
    assert set(claim.schedules) == set(ids)


def test_rows_an_expansion_claimed_for_a_worker_that_died_are_sent_once_after_the_lease(session_factory):
    ids = add_schedules(session_factory, 5)
    recorder = Recorder()
    registry = ChannelRegistry({ALEXA: recorder.factory})
    policy = DispatchPolicy()
    with session_factory() as session:   # a worker expands and claims the burst, then dies before sending
        expand_due(session, FIRST, policy, registry, claim=ClaimReady("b" * 32, FIRST + policy.lease))
    dispatcher = Dispatcher(session_factory, policy, registry)

    during_lease = dispatcher.run_pass(FIRST + timedelta(minutes=1))
    after_lease = dispatcher.run_pass(FIRST + policy.lease)
    dispatcher.close()

    assert (during_lease, after_lease) == ({}, {"sent": 5})
    assert recorder.sends == Counter({schedule_id: 1 for schedule_id in ids})
    assert {row.attempts for row in rows(session_factory)} == {2}


def test_results_are_written_in_groups_not_one_commit_per_delivery(session_factory):
    add_schedules(session_factory, 200)
    policy = DispatchPolicy(batch_size=200, result_group=50, result_interval=timedelta(seconds=30))
    dispatcher = Dispatcher(session_factory, policy, ChannelRegistry({ALEXA: Recorder().factory}))
    engine = bound_engine(session_factory)
    commits, statements = [], []
    event.listen(engine, "commit", lambda connection: commits.append(1))
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    totals = dispatcher.run_pass(FIRST)
    dispatcher.close()

    assert totals == {"sent": 200}
    assert len(commits) <= 12, f"{len(commits)} commits for 200 deliveries"
    if engine.dialect.name == "postgresql":
        assert sum("synchronous_commit = off" in statement for statement in statements) >= 4   # each result group


def test_jitter_delays_each_schedule_by_its_own_fixed_offset_and_the_grace_counts_from_there(session_factory):
    ids = add_schedules(session_factory, 30)
    recorder = Recorder()
    policy = DispatchPolicy(jitter=timedelta(seconds=60), grace=timedelta(minutes=10))
    dispatcher = Dispatcher(session_factory, policy, ChannelRegistry({ALEXA: recorder.factory}))
    offsets = {schedule_id: jitter_for(schedule_id, policy.jitter) for schedule_id in ids}
    half = timedelta(seconds=30)

    at_eight = dispatcher.run_pass(FIRST)
    ready = {row.schedule_id: row.ready_at for row in rows(session_factory)}
    later = dispatcher.run_pass(FIRST + policy.grace + half)
    dispatcher.close()

    assert len(set(offsets.values())) > 10 and all(timedelta(0) <= o <= timedelta(seconds=60) for o in offsets.values())
    assert offsets == {schedule_id: jitter_for(schedule_id, policy.jitter) for schedule_id in ids}
    assert at_eight == {"sent": sum(1 for o in offsets.values() if o == timedelta(0))}
    assert ready == {schedule_id: FIRST + offsets[schedule_id] for schedule_id in ids}
    assert later == {"sent": sum(1 for o in offsets.values() if o >= half),
                     "missed": sum(1 for o in offsets.values() if timedelta(0) < o < half)}


@pytest.mark.parametrize("rate", ["10/second"])
def test_channel_rate_limit_delays_sends_instead_of_failing_them(session_factory, rate):
    add_schedules(session_factory, 15)
    recorder = Recorder()
    policy = DispatchPolicy(rate_limits={ALEXA: rate}, send_concurrency=4)
    dispatcher = Dispatcher(session_factory, policy, ChannelRegistry({ALEXA: recorder.factory}))
    started = time.monotonic()

    totals = dispatcher.run_pass(running_from(FIRST))
    dispatcher.close()

    assert totals == {"sent": 15} and time.monotonic() - started >= 1.0


def test_channel_answering_429_gets_its_delivery_back_later_without_using_an_attempt(session_factory):
    add_schedules(session_factory, 1)
    recorder = Recorder()
    recorder.error = RateLimited("Alexa answered 429 Too Many Requests", retry_after=30)
    dispatcher = Dispatcher(session_factory, DispatchPolicy(), ChannelRegistry({ALEXA: recorder.factory}))

    first = dispatcher.run_pass(FIRST)
    [held] = rows(session_factory)
    recorder.error = None
    early = dispatcher.run_pass(FIRST + timedelta(seconds=29))
    after = dispatcher.run_pass(FIRST + timedelta(seconds=30))
    dispatcher.close()

    assert (first, early, after) == ({}, {}, {"sent": 1})
    assert (held.status, held.attempts, held.next_attempt_at) == ("pending", 0, FIRST + timedelta(seconds=30))
