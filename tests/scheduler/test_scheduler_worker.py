"""The worker: one APScheduler interval job, started by ``serve`` unless ``--no-worker``."""
from __future__ import annotations

import dataclasses

import pytest

import cramp_coach.cli
from reminders.channels import default_registry
from reminders.schedules import create_schedule
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from scheduler.worker import JOB_ID, build_worker
from tests.scheduler.support import CREATED, FIRST, SPEC, JsonReceiver, make_user



def test_worker_has_one_job_however_many_schedules_and_its_pass_delivers_them(session_factory):
    with JsonReceiver() as receiver:
        with session_factory() as session:
            user = make_user(session, "amzn1.ask.account.WORKER", CREATED)
            for number in range(25):
                create_schedule(session, user, dataclasses.replace(SPEC, notify=[receiver.url(f"s{number}")]), CREATED)
            session.commit()
        dispatcher = Dispatcher(session_factory, DispatchPolicy(), default_registry())
        worker = build_worker(dispatcher, lambda: FIRST, interval_seconds=0.2, background=True)

        worker.start()
        try:
            receiver.wait_for(25)
            jobs = worker.get_jobs()
        finally:
            worker.shutdown(wait=True)

    assert [job.id for job in jobs] == [JOB_ID]
    assert receiver.counts() == {f"/s{number}": 1 for number in range(25)}


@pytest.mark.parametrize("args, worker_started", [(["serve"], True), (["serve", "--no-worker"], False)])
def test_serve_runs_the_worker_in_process_unless_told_not_to(database_url, monkeypatch, args, worker_started):
    started = []

    class FakeWorker:
        def shutdown(self, wait: bool) -> None:
            started.append("stopped")

    monkeypatch.setenv("CRAMP_COACH_DATABASE_URL", database_url)
    monkeypatch.setenv("CRAMP_COACH_VERIFY_REQUESTS", "0")

    def serve(build_app, host, port, threads):
        build_app(host, port)
        started.append("served")

    monkeypatch.setattr("cramp_coach.serving.serve_until_stopped", serve)
    monkeypatch.setattr(cramp_coach.cli, "start_background_worker",
                        lambda settings: started.append("worker") or FakeWorker())

    assert cramp_coach.cli.main(args) == 0
    assert started == (["worker", "served", "stopped"] if worker_started else ["served"])
