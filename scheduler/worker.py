"""The reminder worker: one APScheduler 3 interval job that runs a dispatch pass.

There is never one APScheduler job per reminder: the schedules live in their own indexed table
and each pass claims what is due. The job is paused while its pass runs, so a pass longer than
the interval neither overlaps another nor makes APScheduler warn on every tick. Each pass that
did something logs one line (how many, how long). ``cramp-coach worker`` runs it in the
foreground; ``cramp-coach serve`` runs it in a background thread unless started with
``--no-worker``. ``shutdown`` (and SIGTERM for ``cramp-coach worker``) lets the sends in flight
finish, hands back the rest of the batch, and stops. The foreground worker takes what is alive
when it starts out of the garbage collector's reach (``foundations.heap.settle_heap``).
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from foundations.heap import settle_heap
from scheduler.dispatch import Dispatcher

log = logging.getLogger(__name__)
JOB_ID = "dispatch-reminders"


class Worker:
    """The scheduler and its dispatcher, started and stopped together."""

    def __init__(self, scheduler: BaseScheduler, dispatcher: Dispatcher):
        self.scheduler = scheduler
        self.dispatcher = dispatcher

    def start(self) -> None:
        """Run the job; blocks until shutdown for the foreground worker."""
        if isinstance(self.scheduler, BlockingScheduler):
            settle_heap()
        self.scheduler.start()

    def get_jobs(self):
        return self.scheduler.get_jobs()

    def shutdown(self, wait: bool = True) -> None:
        """Stop passes: the one running finishes its sends in flight (``wait``: wait for it)."""
        self.dispatcher.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        if wait:
            self.dispatcher.close()


def build_worker(dispatcher: Dispatcher, clock: Callable[[], datetime], interval_seconds: float,
                 background: bool) -> Worker:
    """A worker (not yet started) whose single job dispatches everything due by ``clock()``."""
    scheduler = BackgroundScheduler(timezone=timezone.utc) if background else BlockingScheduler(timezone=timezone.utc)

    def dispatch_once() -> None:
        scheduler.pause_job(JOB_ID)
        started = time.monotonic()
        try:
            totals = dispatcher.run_pass(clock)
        finally:
            if not dispatcher.stopping.is_set():
                scheduler.resume_job(JOB_ID)
        if totals:
            log.info("Reminder pass: %d deliveries in %.1f s (%s)", sum(totals.values()), time.monotonic() - started,
                     ", ".join(f"{count} {status}" for status, count in sorted(totals.items())))

    # APScheduler times its job on the real clock; the pass itself reads ``clock``.
    scheduler.add_job(dispatch_once, "interval", seconds=interval_seconds, id=JOB_ID,
                      next_run_time=datetime.now(timezone.utc), max_instances=1, coalesce=True,
                      misfire_grace_time=max(1, int(interval_seconds)))
    return Worker(scheduler, dispatcher)
