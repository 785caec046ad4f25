"""``cramp-coach reminders``: look after a user's reminder schedules from the shell.

    cramp-coach reminders list   --user ALEXA_USER_ID
    cramp-coach reminders add    --user ALEXA_USER_ID --kind hydration --every 2h --tz Europe/Berlin
    cramp-coach reminders add    --user ALEXA_USER_ID --kind stretch --at 21:00 --days mon,wed,fri
                                 --tz Europe/Berlin --notify ntfy://my-topic --no-alexa
    cramp-coach reminders pause|resume|remove --user ALEXA_USER_ID SCHEDULE_ID
    cramp-coach reminders snooze --user ALEXA_USER_ID SCHEDULE_ID --for 2h
    cramp-coach reminders pace   --user ALEXA_USER_ID --when-behind|--always

``add`` also takes ``--between 08:00-20:00`` (the window for ``--every``), ``--quiet 22:00-07:00``
and ``--label TEXT``; ``cramp-coach reminders add --help`` lists them all. ``pace`` is the voice's
"only remind me when I'm behind" / "always remind me": it sets all the user's water reminders.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundations.clock import utc_now
from foundations.settings import settings_from_env
from habits.pace import applies_to as only_when_behind
from habits.reminders import set_only_when_behind
from models import ReminderSchedule, User
from models.database import make_engine, make_session_factory, migrate
from reminders.channels import undeliverable_reason
from reminders.channels.keys import ALEXA, apprise_key
from reminders.outcome import masked_url
from reminders.parsing import ScheduleError, parse_minutes
from reminders.schedules import (create_schedule, delete_schedule, get_schedule, list_schedules,
                                 pause_schedule, resume_schedule, snooze_schedule)
from reminders.spec import ScheduleSpec
from reminders.wording import KIND_WORDS, describe, upcoming

USAGE_ERROR = 2


def add_reminders_command(commands: argparse._SubParsersAction) -> None:
    reminders = commands.add_parser("reminders",
                                    help="list, add, remove, pause, resume, snooze or pace a user's reminders")
    actions = reminders.add_subparsers(dest="action", required=True)

    def action(name: str, help_text: str, needs_id: bool) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--user", required=True, metavar="ALEXA_USER_ID", help="the user's Alexa userId")
        if needs_id:
            parser.add_argument("schedule_id", type=int, metavar="SCHEDULE_ID")
        parser.set_defaults(run=_run, action=name)
        return parser

    action("list", "show the user's reminders", needs_id=False)
    add = action("add", "add a reminder (creates the user if needed)", needs_id=False)
    add.add_argument("--kind", required=True, help="hydration, stretch or warm_up")
    add.add_argument("--every", metavar="INTERVAL", help="e.g. 45m, 2h, 1h30m (15 minutes to a day)")
    add.add_argument("--between", metavar="HH:MM-HH:MM", help="daily window for --every (default 08:00-20:00)")
    add.add_argument("--at", action="append", default=[], metavar="HH:MM", help="time of day; repeat or comma-separate")
    add.add_argument("--days", metavar="DAYS", help="weekly on these days, e.g. mon,wed,fri or weekdays")
    add.add_argument("--tz", metavar="IANA_ZONE", help="e.g. Europe/Berlin (default: the user's time zone)")
    add.add_argument("--quiet", metavar="HH:MM-HH:MM", help="quiet hours: occurrences inside are skipped")
    add.add_argument("--label", metavar="TEXT")
    add.add_argument("--notify", action="append", default=[], metavar="APPRISE_URL", help="also send here; repeatable")
    add.add_argument("--no-alexa", dest="alexa", action="store_false", help="do not send through Alexa")
    action("remove", "delete a reminder", needs_id=True)
    action("pause", "stop a reminder until resumed", needs_id=True)
    action("resume", "restart a paused or snoozed reminder", needs_id=True)
    snooze = action("snooze", "skip a reminder's occurrences for a while", needs_id=True)
    snooze.add_argument("--for", dest="duration", required=True, metavar="DURATION", help="e.g. 90m or 2h")
    pace = action("pace", "send the water reminders only when behind on water, or always", needs_id=False)
    when = pace.add_mutually_exclusive_group(required=True)
    when.add_argument("--when-behind", dest="only_when_behind", action="store_const", const=True,
                      help="skip an occurrence while the day's water is on pace for the goal (logged as on track)")
    when.add_argument("--always", dest="only_when_behind", action="store_const", const=False,
                      help="send every occurrence (the default)")


def _run(args: argparse.Namespace) -> int:
    settings = settings_from_env()
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    now = utc_now()
    try:
        with make_session_factory(engine)() as session:
            for line in _act(session, args, now):
                print(line)
            session.commit()
    except ScheduleError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        engine.dispose()
    return 0


def _act(session: Session, args: argparse.Namespace, now: datetime) -> list[str]:
    if args.action == "add":
        user = _user(session, args.user, create=True, now=now)
        time_zone = args.tz or user.time_zone
        if not time_zone:
            raise ScheduleError("Give a time zone with --tz (this user has none on record), e.g. --tz Europe/Berlin.")
        spec = ScheduleSpec(kind=args.kind, time_zone=time_zone, every=args.every, between=args.between,
                            at=args.at, days=args.days, quiet=args.quiet, label=args.label,
                            alexa=args.alexa, notify=args.notify)
        return ["added " + _summary(create_schedule(session, user, spec, now), now)]
    user = _user(session, args.user, create=False, now=now)
    if args.action == "list":
        return [_summary(schedule, now) for schedule in list_schedules(session, user)] or ["no reminders"]
    if args.action == "pace":
        if not set_only_when_behind(session, user.id, args.only_when_behind, now):
            raise ScheduleError("This user has no water reminders; add one with --kind hydration first.")
        return [_summary(schedule, now) for schedule in list_schedules(session, user) if schedule.kind == "hydration"]
    schedule = get_schedule(session, user, args.schedule_id)
    if args.action == "remove":
        delete_schedule(session, schedule)
        return [f"removed #{args.schedule_id}"]
    if args.action == "pause":
        pause_schedule(schedule, now)
    elif args.action == "resume":
        resume_schedule(schedule, now)
    else:
        snooze_schedule(schedule, timedelta(minutes=parse_minutes(args.duration)), now)
    return [_summary(schedule, now)]


def _user(session: Session, alexa_user_id: str, create: bool, now: datetime) -> User:
    user = session.scalar(select(User).where(User.alexa_user_id == alexa_user_id))
    if user is None and not create:
        raise ScheduleError(f"No user with Alexa userId {alexa_user_id!r}.")
    if user is None:
        user = User(alexa_user_id=alexa_user_id, created_at=now, last_seen_at=now)
        session.add(user)
    return user


def _summary(schedule: ReminderSchedule, now: datetime) -> str:
    """``#3 hydration: every 2 hours, 8 am–8 pm, Europe/Berlin; next 14:00, 16:00 …; to alexa, …``
    (``…, Europe/Berlin, only when behind on water; …`` for "only when I'm behind"), then
    ``; cannot be delivered: <why>`` when none of its channels can take it."""
    label = f" “{schedule.label}”" if schedule.label else ""
    nexts = ", ".join(f"{moment:%a %H:%M}" for moment in upcoming(schedule, now))
    channels = ([ALEXA] if schedule.alexa_enabled else []) + [
        f"{apprise_key(channel)} {masked_url(channel.apprise_url)}" for channel in schedule.notify_channels]
    snoozed = (f"; snoozed until {schedule.snoozed_until.astimezone(ZoneInfo(schedule.time_zone)):%a %H:%M}"
               if schedule.snoozed_until and schedule.snoozed_until > now else "")
    blocked = undeliverable_reason(schedule) if schedule.enabled else None
    pace = ", only when behind on water" if only_when_behind(schedule) else ""
    return (f"#{schedule.id} {KIND_WORDS[schedule.kind]}{label}: {describe(schedule)}{pace}{snoozed}; "
            f"next {nexts or 'none'}; to {', '.join(channels) or 'nowhere'}"
            + (f"; cannot be delivered: {blocked}" if blocked else ""))
