"""Real worker processes racing each other, killed with SIGKILL at random points, stopped with
SIGTERM, on passes longer than their lease, next to a slow-drip and a hanging address.

The receiver counts deliveries per schedule (each schedule posts to its own path), so "no loss"
and "at most one repeat" are checked where a person would notice them: at the phone.
"""
from __future__ import annotations

import dataclasses
import random
import signal
import socket
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from models import DeliveryLog, ReminderSchedule
from reminders.schedules import create_schedule
from tests.scheduler.support import CREATED, SPEC, JsonReceiver, cli_process, finish, make_user, status_counts

# Scaled so a pass outlasts the lease several times and the whole test takes seconds.
FAST = {"reminder_lease_seconds": "1", "reminder_batch_size": "10", "reminder_send_concurrency": "4",
        "worker_interval_seconds": "0.2"}
DELIVERY_TIMEOUT = 0.25   # a quarter of the one-second lease


class HangingReceiver:
    """Accepts connections and reads the request, then never answers."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.requests = 0
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            if connection.recv(65536):
                self.requests += 1
            self._held.append(connection)

    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.getsockname()[1]}/hang"

    def close(self) -> None:
        for connection in self._held:
            connection.close()
        self.server.close()


def seed(session_factory, urls: list[str], due_at: datetime) -> None:
    """One daily schedule per URL, due at ``due_at``; its next time of day is twelve hours off,
    so the workers, which run on the real clock, never see a second occurrence fall due."""
    far_off = (datetime.now(timezone.utc) + timedelta(hours=12)).strftime("%H:%M")
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.RACE", CREATED)
        spec = dataclasses.replace(SPEC, at=far_off, time_zone="UTC")
        for url in urls:
            create_schedule(session, user, dataclasses.replace(spec, notify=[url]), CREATED)
        session.execute(update(ReminderSchedule).values(next_due_at=due_at))
        session.commit()


def wait_until_settled(session_factory, expected_rows: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_factory() as session:
            total = session.scalar(select(func.count()).select_from(DeliveryLog))
            open_rows = session.scalar(select(func.count()).select_from(DeliveryLog)
                                       .where(DeliveryLog.next_attempt_at.is_not(None)))
        if total == expected_rows and open_rows == 0:
            return
        time.sleep(0.2)
    raise AssertionError(f"not settled: {total} of {expected_rows} rows, {open_rows} still owed")


def test_two_workers_killed_at_random_points_lose_nothing_and_repeat_at_most_once(
        database_url, session_factory, db_session):
    seed_value = random.randrange(1_000_000)
    rng = random.Random(seed_value)
    hanging = HangingReceiver()
    with JsonReceiver(delay=0.03) as fast, JsonReceiver(drip=0.1) as drip:
        fast_paths = [f"s{number}" for number in range(240)]
        urls = [fast.url(path) for path in fast_paths] + [drip.url("drip"), hanging.url()]
        seed(session_factory, urls, datetime.now(timezone.utc) - timedelta(seconds=1))
        kills = 0
        with cli_process(database_url, "worker", **FAST) as steady:
            started = time.monotonic()
            for _ in range(3):   # a worker killed with SIGKILL and started again, three times
                with cli_process(database_url, "worker", **FAST) as victim:
                    time.sleep(rng.uniform(0.3, 1.2))
                    victim.kill()
                    victim.communicate(timeout=30)
                    kills += victim.returncode == -signal.SIGKILL
            with cli_process(database_url, "worker", **FAST) as last:
                wait_until_settled(session_factory, len(urls))
                pass_seconds = time.monotonic() - started
                for process in (steady, last):
                    process.send_signal(signal.SIGTERM)
                    process.communicate(timeout=30)
        counts = fast.counts()
        drip_posts = len(drip.received)
    hanging.close()

    repeats = {path: count for path, count in counts.items() if count > 1}
    note = f"random seed {seed_value}"
    assert kills == 3 and pass_seconds > 1, note
    assert set(counts) == {f"/{path}" for path in fast_paths}, f"lost reminders ({note})"
    assert max(counts.values()) <= 2, f"more than one repeat: {repeats} ({note})"
    assert len(repeats) <= kills * (4 + 50), note   # in flight: sends under way + unwritten results
    assert 1 <= drip_posts <= 2 and 1 <= hanging.requests <= 2, note
    statuses = status_counts(db_session)
    assert statuses == {"sent": 240, "failed": 2}, note
    errors = db_session.scalars(select(DeliveryLog.last_error).where(DeliveryLog.status == "failed")).all()
    assert all(error.startswith(f"timed out: no answer within {DELIVERY_TIMEOUT:g} s") for error in errors), errors
    assert (steady.returncode, last.returncode) == (0, 0)


def test_sigterm_finishes_the_sends_in_flight_and_hands_back_the_rest(database_url, session_factory, db_session):
    with JsonReceiver(delay=0.4) as receiver:
        paths = [f"s{number}" for number in range(10)]
        seed(session_factory, [receiver.url(path) for path in paths], datetime.now(timezone.utc) - timedelta(seconds=1))
        with cli_process(database_url, "worker", reminder_batch_size="10", reminder_send_concurrency="2") as worker:
            receiver.wait_for(1)
            worker.send_signal(signal.SIGTERM)
            _, err = worker.communicate(timeout=30)
        stopped_with = len(receiver.received)
        db_session.rollback()
        after_stop = Counter(db_session.scalars(select(DeliveryLog.status)))
        held = db_session.scalar(select(func.count()).select_from(DeliveryLog).where(DeliveryLog.lease_token.is_not(None)))
        with cli_process(database_url, "dispatch") as rest:
            finish(rest)

    assert worker.returncode == 0 and "finishing the reminders in flight" in err
    assert after_stop == {"sent": stopped_with, "pending": 10 - stopped_with} and stopped_with < 10 and held == 0
    assert receiver.counts() == Counter({f"/{path}": 1 for path in paths})
    db_session.rollback()
    assert status_counts(db_session) == {"sent": 10}


def test_worker_loop_process_delivers_due_reminders_on_its_own_clock_and_logs_one_line_per_pass(
        database_url, session_factory):
    with JsonReceiver() as receiver:
        seed(session_factory, [receiver.url("loop")], datetime.now(timezone.utc) - timedelta(seconds=1))
        with cli_process(database_url, "worker", worker_interval_seconds="0.3") as worker:
            receiver.wait_for(1, timeout=60)
            time.sleep(1.5)   # several more passes: nothing else is due, nothing is repeated or logged
            worker.send_signal(signal.SIGTERM)
            _, err = worker.communicate(timeout=30)

    pass_lines = [line for line in err.splitlines() if "Reminder pass:" in line]
    assert receiver.counts() == {"/loop": 1}
    assert len(pass_lines) == 1 and "1 deliveries in" in pass_lines[0] and "(1 sent)" in pass_lines[0]
    assert "apscheduler" not in err and "maximum number of running instances" not in err
