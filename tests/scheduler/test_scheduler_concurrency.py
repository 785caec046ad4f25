"""Real worker processes (``cramp-coach dispatch``) racing each other and being killed mid-batch.

The receiver counts deliveries per schedule (each schedule posts to its own path), so "exactly
once" and "at most one repeat" are checked where a person would notice them: at the phone.
"""
from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timedelta, timezone


from scheduler.schedules import create_schedule
from tests.scheduler.support import CREATED, FIRST, SPEC, JsonReceiver, cli_process, finish, make_user, status_counts



def seed(session_factory, receiver: JsonReceiver, count: int) -> set[str]:
    """``count`` schedules due at FIRST, each posting to its own path; the paths."""
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.RACE", CREATED)
        for number in range(count):
            create_schedule(session, user, dataclasses.replace(SPEC, notify=[receiver.url(f"s{number}")]), CREATED)
        session.commit()
    return {f"/s{number}" for number in range(count)}


def test_two_worker_processes_on_the_same_due_set_deliver_each_occurrence_exactly_once(
        database_url, session_factory, db_session):
    with JsonReceiver(delay=0.01, rendezvous=True) as receiver:
        paths = seed(session_factory, receiver, 120)

        with cli_process(database_url, "dispatch", "--at", FIRST.isoformat(), reminder_batch_size="10") as one, \
                cli_process(database_url, "dispatch", "--at", FIRST.isoformat(), reminder_batch_size="10") as two:
            outputs = [finish(one), finish(two)]

    assert receiver.counts() == {path: 1 for path in paths}
    assert all(output.count("  sent") >= 1 for output in outputs), "both workers should have delivered some"
    assert sum(output.count("  sent") for output in outputs) == 120
    assert status_counts(db_session) == {"sent": 120}


def test_worker_killed_mid_batch_and_restarted_loses_nothing_and_repeats_at_most_the_one_in_flight(
        database_url, session_factory, db_session):
    lease = 5
    with JsonReceiver(delay=0.3) as receiver:
        paths = seed(session_factory, receiver, 30)
        with cli_process(database_url, "dispatch", "--at", FIRST.isoformat(),
                         reminder_batch_size="10", reminder_lease_seconds=str(lease)) as first:
            receiver.wait_for(5)
            first.kill()   # SIGKILL: no clean-up, no commit
            first.communicate(timeout=30)
        delivered_before_restart = len(receiver.received)

        restart_at = FIRST + timedelta(seconds=lease + 1)
        with cli_process(database_url, "dispatch", "--at", restart_at.isoformat(),
                         reminder_batch_size="10", reminder_lease_seconds=str(lease)) as restarted:
            finish(restarted)

    counts = receiver.counts()
    assert first.returncode == -9 and 5 <= delivered_before_restart < 30
    assert set(counts) == paths, "every due occurrence was delivered"
    assert sum(counts.values()) - len(paths) <= 1, f"repeated: {[p for p, n in counts.items() if n > 1]}"
    assert status_counts(db_session) == {"sent": 30}


def test_worker_loop_process_delivers_due_reminders_on_its_own_clock(database_url, session_factory):
    now = datetime.now(timezone.utc)
    with JsonReceiver() as receiver:
        with session_factory() as session:
            user = make_user(session, "amzn1.ask.account.LOOP", now)
            spec = dataclasses.replace(SPEC, every=15, at=(), time_zone="UTC", between="00:00-23:59",
                                       notify=[receiver.url("loop")])
            schedule = create_schedule(session, user, spec, now - timedelta(minutes=15))
            schedule.next_due_at = now - timedelta(seconds=1)
            session.commit()
        with cli_process(database_url, "worker", worker_interval_seconds="0.5"):
            receiver.wait_for(1, timeout=60)
            time.sleep(1.5)   # a few more passes: nothing else is due, nothing is repeated

    assert receiver.counts() == {"/loop": 1}
