"""``cramp-coach serve`` with its in-process worker, stopped with SIGTERM while a reminder is on its way.

The reminder is added with ``cramp-coach reminders add`` and goes to a receiver on this machine
that takes 1.5 s to answer; SIGTERM arrives once the receiver has the request.
"""
from __future__ import annotations

import signal
import subprocess
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from cramp_coach.cli import main
from models import DeliveryLog, ReminderSchedule
from tests.conftest import TEST_SKILL_ID
from tests.scheduler.support import JsonReceiver, clear_of_the_next_occurrence, cli_process

USER = "amzn1.ask.account.SERVE-SHUTDOWN"
SLOW_ANSWER_SECONDS = 1.5


def wait_for_first_post(receiver: JsonReceiver, serve: subprocess.Popen, timeout: float = 60) -> None:
    """Until the receiver has a request; fails at once, with serve's log, if serve exits first."""
    deadline = time.monotonic() + timeout
    while not receiver.received:
        if serve.poll() is not None:
            raise AssertionError(f"serve exited with {serve.returncode} before sending:\n{serve.communicate()[1]}")
        if time.monotonic() > deadline:
            raise AssertionError("serve sent nothing within a minute")
        time.sleep(0.02)


def test_sigterm_to_serve_finishes_the_delivery_in_flight_records_it_sent_and_exits_0(
        database_url, session_factory, db_session, monkeypatch, capsys):
    monkeypatch.setenv("CRAMP_COACH_DATABASE_URL", database_url)
    clear_of_the_next_occurrence(every_minutes=120)
    with JsonReceiver(delay=SLOW_ANSWER_SECONDS) as receiver:
        assert main(["reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "UTC",
                     "--notify", receiver.url("phone"), "--no-alexa"]) == 0
        due_now = datetime.now(timezone.utc) - timedelta(seconds=1)
        with session_factory() as session:  # due now rather than at its next two-hourly time
            session.execute(update(ReminderSchedule).values(next_due_at=due_now))
            session.commit()
        with cli_process(database_url, "serve", "--port", "0", skill_id=TEST_SKILL_ID, verify_requests="0",
                         worker_interval_seconds="0.2") as serve:
            wait_for_first_post(receiver, serve)
            serve.send_signal(signal.SIGTERM)
            _, log = serve.communicate(timeout=30)
        delivered_before_exit = receiver.counts()

    assert serve.returncode == 0, log
    assert "Stopped" in log and "Reminder pass: 1 deliveries" in log and "(1 sent)" in log
    assert delivered_before_exit == {"/phone": 1}
    db_session.rollback()
    assert [(row.status, row.attempts) for row in db_session.scalars(select(DeliveryLog))] == [("sent", 1)]
    assert capsys.readouterr().out.startswith("added #1 hydration: every 2 hours")
