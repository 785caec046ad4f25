"""The reminder commands of ``cramp-coach``.

    cramp-coach worker                          run the reminder worker in the foreground (SIGTERM:
                                                finish the sends in flight, then exit)
    cramp-coach dispatch                        one dispatch pass now
    cramp-coach dispatch --at ISO8601           what a pass at that instant would do (changes nothing)
    cramp-coach dispatch --at ISO8601 --commit  run that pass for real, the clock starting at that instant
    cramp-coach reminders list|add|remove|pause|resume|snooze --user ALEXA_USER_ID …

Bad input prints a plain-words error and exits with status 2; nothing is stored.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import Engine

from cramp_coach.reminders_command import USAGE_ERROR, add_reminders_command
from foundations.alexa_api import AlexaHttpClient, messenger_from_settings
from foundations.clock import utc_now
from foundations.secret_key import secret_key_for
from foundations.settings import Settings, settings_from_env
from habits.links import ActionLinks
from models.database import make_engine, make_session_factory, migrate
from reminders.channels import default_registry
from reminders.messages import ReminderTexts
from reminders.parsing import ScheduleError
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from scheduler.preview import preview_pass
from scheduler.worker import Worker, build_worker


def add_scheduler_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``worker``, ``dispatch`` and ``reminders`` on the main parser's subcommands."""
    worker = commands.add_parser("worker", help="run the reminder worker in the foreground")
    worker.set_defaults(run=_worker)

    dispatch = commands.add_parser("dispatch", help="send what is due, once, and print each delivery")
    dispatch.add_argument("--at", metavar="ISO8601",
                          help="show what a pass at this instant would do, with its offset "
                               "(2026-11-22T14:00:00+01:00); nothing is sent or changed without --commit")
    dispatch.add_argument("--commit", action="store_true",
                          help="with --at: really run that pass (sends, logs, and moves schedules on)")
    dispatch.set_defaults(run=_dispatch)

    add_reminders_command(commands)


def start_background_worker(settings: Settings) -> Worker:
    """The worker in a background thread (for ``serve``); call ``shutdown()`` when done."""
    _quiet_libraries()
    worker = build_worker(_dispatcher(settings, make_engine(settings.database_url)), utc_now,
                          settings.worker_interval_seconds, background=True)
    worker.start()
    return worker


def _worker(args: argparse.Namespace) -> int:
    settings = settings_from_env()
    migrate(settings.database_url)
    _quiet_libraries()
    worker = build_worker(_dispatcher(settings, make_engine(settings.database_url)), utc_now,
                          settings.worker_interval_seconds, background=False)

    def stop(signum, frame) -> None:
        logging.getLogger(__name__).info("Stopping: finishing the reminders in flight")
        worker.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    try:
        worker.start()
    except KeyboardInterrupt:
        worker.shutdown(wait=True)
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    try:
        start = parse_instant(args.at) if args.at else None
    except ScheduleError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    if args.commit and start is None:
        print("error: --commit goes with --at; without --at a pass always runs for real.", file=sys.stderr)
        return USAGE_ERROR
    settings = settings_from_env()
    migrate(settings.database_url)
    _quiet_libraries()
    engine = make_engine(settings.database_url)
    try:
        if start is not None and not args.commit:
            return _preview(settings, engine, start)
        clock = utc_now if start is None else running_from(start)
        dispatcher = _dispatcher(settings, engine)
        try:
            totals = dispatcher.run_pass(clock, lambda outcome: print(outcome.line(), flush=True))
        finally:
            dispatcher.close()
    finally:
        engine.dispose()
    print(f"dispatch at {(start or clock()).isoformat()}: {_summary(totals) or 'nothing due'}", file=sys.stderr)
    return 0


def _preview(settings: Settings, engine: Engine, at: datetime) -> int:
    policy = DispatchPolicy.from_settings(settings)
    totals: Counter[str] = Counter()
    with make_session_factory(engine)() as session:
        for outcome in preview_pass(session, at, policy, default_registry(policy.delivery_timeout.total_seconds())):
            totals[outcome.status] += 1
            print(outcome.line(), flush=True)
        session.rollback()
    print(f"dry run at {at.isoformat()}: {_summary(totals) or 'nothing due'}; nothing was sent or changed "
          "(add --commit to run this pass)", file=sys.stderr)
    return 0


def _summary(totals: Counter[str]) -> str:
    return ", ".join(f"{count} {status}" for status, count in sorted(totals.items()))


def running_from(start: datetime) -> Callable[[], datetime]:
    """A clock that reads ``start`` now and then advances with real time."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def _dispatcher(settings: Settings, engine: Engine) -> Dispatcher:
    """A dispatcher on ``engine``, with the settings' policy and Skill Messaging."""
    return Dispatcher(make_session_factory(engine), DispatchPolicy.from_settings(settings),
                      messenger=messenger_from_settings(settings, AlexaHttpClient(), utc_now),
                      texts=ReminderTexts.load(links=ActionLinks(secret_key_for(settings), settings.public_url)),
                      habit_retention=timedelta(days=settings.habit_retention_days))


def _quiet_libraries() -> None:
    """Apprise logs every sent notification and APScheduler every run of the job at INFO; the
    worker's own line per pass is enough."""
    logging.getLogger("apprise").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset (``Z`` or ``+01:00``), in UTC."""
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ScheduleError(f"{text!r} is not an ISO 8601 date and time, like 2026-11-22T14:00:00+01:00.") from None
    if instant.tzinfo is None:
        raise ScheduleError(f"{text!r} has no offset; add one, like Z or +01:00.")
    return instant.astimezone(timezone.utc)
