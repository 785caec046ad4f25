"""The reminder commands of ``cramp-coach``.

    cramp-coach worker                          run the reminder worker in the foreground
    cramp-coach dispatch [--at ISO8601]         one dispatch pass as if the clock read that instant
    cramp-coach reminders list|add|remove|pause|resume|snooze --user ALEXA_USER_ID …

Bad input prints a plain-words error and exits with status 2; nothing is stored.
"""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import Engine

from cramp_coach.clock import utc_now
from cramp_coach.config import Settings, settings_from_env
from habits.links import ActionLinks
from models.database import make_engine, make_session_factory, migrate
from scheduler.alexa_api import AlexaHttpClient, messenger_from_settings
from scheduler.dispatch import Dispatcher
from scheduler.messages import ReminderTexts
from scheduler.parsing import ScheduleError
from scheduler.policy import DispatchPolicy
from scheduler.reminders_command import USAGE_ERROR, add_reminders_command
from scheduler.worker import build_worker
from web.secret_key import secret_key_for


def add_scheduler_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``worker``, ``dispatch`` and ``reminders`` on the main parser's subcommands."""
    worker = commands.add_parser("worker", help="run the reminder worker in the foreground")
    worker.set_defaults(run=_worker)

    dispatch = commands.add_parser("dispatch", help="send what is due, once, and print each delivery")
    dispatch.add_argument("--at", metavar="ISO8601",
                          help="pretend the clock reads this instant, with its offset (2026-11-22T14:00:00+01:00)")
    dispatch.set_defaults(run=_dispatch)

    add_reminders_command(commands)


def start_background_worker(settings: Settings) -> BaseScheduler:
    """The worker in a background thread (for ``serve``); call ``shutdown()`` when done."""
    _quiet_apprise()
    worker = build_worker(_dispatcher(settings, make_engine(settings.database_url)), utc_now,
                          settings.worker_interval_seconds, background=True)
    worker.start()
    return worker


def _worker(args: argparse.Namespace) -> int:
    settings = settings_from_env()
    migrate(settings.database_url)
    _quiet_apprise()
    worker = build_worker(_dispatcher(settings, make_engine(settings.database_url)), utc_now,
                          settings.worker_interval_seconds, background=False)
    try:
        worker.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    try:
        now = parse_instant(args.at) if args.at else utc_now()
    except ScheduleError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    settings = settings_from_env()
    migrate(settings.database_url)
    _quiet_apprise()
    engine = make_engine(settings.database_url)
    try:
        totals = _dispatcher(settings, engine).run_pass(now, lambda outcome: print(outcome.line(), flush=True))
    finally:
        engine.dispose()
    summary = ", ".join(f"{count} {status}" for status, count in sorted(totals.items())) or "nothing due"
    print(f"dispatch at {now.isoformat()}: {summary}", file=sys.stderr)
    return 0


def _dispatcher(settings: Settings, engine: Engine) -> Dispatcher:
    """A dispatcher on ``engine``, with the settings' policy and Skill Messaging."""
    return Dispatcher(make_session_factory(engine), DispatchPolicy.from_settings(settings),
                      messenger=messenger_from_settings(settings, AlexaHttpClient(), utc_now),
                      texts=ReminderTexts.load(links=ActionLinks(secret_key_for(settings), settings.public_url)),
                      habit_retention=timedelta(days=settings.habit_retention_days))


def _quiet_apprise() -> None:
    """Apprise logs every sent notification at INFO; the pass summary is enough."""
    logging.getLogger("apprise").setLevel(logging.WARNING)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset (``Z`` or ``+01:00``), in UTC."""
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ScheduleError(f"{text!r} is not an ISO 8601 date and time, like 2026-11-22T14:00:00+01:00.") from None
    if instant.tzinfo is None:
        raise ScheduleError(f"{text!r} has no offset; add one, like Z or +01:00.")
    return instant.astimezone(timezone.utc)
