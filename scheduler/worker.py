"""The reminder worker: one APScheduler 3 interval job that runs a dispatch pass.

There is never one APScheduler job per reminder: the schedules live in their own indexed table
and each pass claims what is due. ``cramp-coach worker`` runs it in the foreground;
``cramp-coach serve`` runs it in a background thread unless started with ``--no-worker``.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from scheduler.dispatch import Dispatcher

log = logging.getLogger(__name__)
JOB_ID = "dispatch-reminders"


def build_worker(dispatcher: Dispatcher, clock: Callable[[], datetime], interval_seconds: float,
                 background: bool) -> BaseScheduler:
    """A scheduler (not yet started) whose single job dispatches everything due at ``clock()``."""
    scheduler = BackgroundScheduler(timezone=timezone.utc) if background else BlockingScheduler(timezone=timezone.utc)

    def dispatch_once() -> None:
        totals = dispatcher.run_pass(clock())
        if totals:
            log.info("Reminder pass: %s", ", ".join(f"{count} {status}" for status, count in sorted(totals.items())))

    # APScheduler times its job on the real clock; the pass itself reads ``clock``.
    scheduler.add_job(dispatch_once, "interval", seconds=interval_seconds, id=JOB_ID,
                      next_run_time=datetime.now(timezone.utc), max_instances=1, coalesce=True,
                      misfire_grace_time=max(1, int(interval_seconds)))
    return scheduler
