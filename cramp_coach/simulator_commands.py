"""``cramp-coach say`` and ``cramp-coach chat``: talk to the skill without a speaker.

    cramp-coach say "what causes leg cramps" "how much water should I drink"
    cramp-coach say --grant reminders "remind me to drink water every two hours" "what reminders do I have"
    cramp-coach chat                      # type utterances; Ctrl-D ends
    printf 'open cramp coach\\nstop\\n' | cramp-coach chat --json

The utterances of one ``say`` are one conversation, like ``chat``'s lines: the session stays
open while the skill keeps it open ("ask cramp coach …" starts a new one). Replies are printed
as plain text, one line per turn; ``--json`` prints one JSON object per turn instead
(``intent``, ``slots``, ``request``, ``response``). Requests go through the real ``POST /alexa``
endpoint in this process (database from ``CRAMP_COACH_DATABASE_URL``, migrated first), where
the simulator also answers the device's Alexa APIs (its time zone, ``--tz``; reminders), or to a
running server with ``--url``.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from contextlib import contextmanager
from typing import Iterable, Iterator, TextIO

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
import tzlocal

from cramp_coach.app import create_app
from foundations.settings import Settings, settings_from_env
from models.database import migrate
from simulator.alexa_apis import SimulatedAlexaApis
from simulator.conversation import InProcess, Simulator, Turn
from simulator.envelope import ACCESS_TOKEN, DEFAULT_USER_ID, GRANTABLE, Device
from simulator.model import LOCALES
from simulator.nlu import Nlu

PROMPT = "you> "


def simulator_in_process(settings: Settings, device: Device, time_zone: str = "UTC") -> Simulator:
    """The skill built from ``settings`` in this process, its database migrated first; the
    device's Alexa APIs (time zone ``time_zone``, reminders) are answered in process too."""
    nlu = Nlu.for_locale(settings.interaction_model_dir, device.locale)
    migrate(settings.database_url)
    apis = SimulatedAlexaApis(device.device_id, ACCESS_TOKEN, time_zone, set(device.granted))
    app = create_app(settings.with_overrides(verify_requests=False), warn_when_unverified=False,
                     alexa_api_client=apis)
    return Simulator(InProcess(app), nlu, device, apis)


def add_simulator_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``say`` and ``chat`` on the ``cramp-coach`` command line."""
    say = commands.add_parser("say", help="utterances given as arguments, one conversation")
    say.add_argument("utterances", nargs="+", metavar="UTTERANCE")
    say.set_defaults(run=run_say)
    chat = commands.add_parser("chat", help="a conversation: utterances from the prompt or stdin")
    chat.set_defaults(run=run_chat)
    machine_zone = machine_time_zone()
    for parser in (say, chat):
        parser.add_argument("--json", action="store_true", help="one JSON object per turn")
        parser.add_argument("--user", default=DEFAULT_USER_ID, metavar="ID",
                            help=f"the Alexa userId to speak as (default: {DEFAULT_USER_ID}; "
                                 "use it with `cramp-coach reminders list --user`)")
        parser.add_argument("--locale", default="en-US", choices=LOCALES)
        parser.add_argument("--apl", action="store_true", help="speak from a device with a screen (APL)")
        parser.add_argument("--tz", default=machine_zone, type=time_zone, metavar="ZONE",
                            help="the device's time zone setting, as Alexa's Settings API reports it "
                                 f"(default: this machine's, {machine_zone})")
        parser.add_argument("--grant", action="append", default=[], choices=sorted(GRANTABLE),
                            help="a permission the user has already granted the skill (Alexa sends it "
                                 "in context.System.user.permissions); without it the skill asks")
        parser.add_argument("--url", help="post to a running server (its root, http://127.0.0.1:8080, "
                                          "posts to /alexa); the device's Alexa APIs are then Amazon's, so "
                                          "--tz does not reach it")


def machine_time_zone() -> str:
    """This machine's IANA time zone (``TZ`` or ``/etc/localtime``), UTC when it has none."""
    try:
        return time_zone(tzlocal.get_localzone_name() or "UTC")
    except (argparse.ArgumentTypeError, LookupError, ValueError, OSError):  # no zone set, or an odd one
        return "UTC"


def time_zone(name: str) -> str:
    """An IANA time zone name such as Europe/Berlin, checked."""
    try:
        return ZoneInfo(name.strip()).key
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"{name!r} is not a time zone; use an IANA name like Europe/Berlin") from None


def run_say(args: argparse.Namespace) -> int:
    with _simulator(args) as simulator:
        return _print_turns((simulator.converse(utterance) for utterance in args.utterances), args.json)


def run_chat(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    if interactive:
        print("Talk to Cramp Coach; Ctrl-D ends.", file=sys.stderr)
    with _simulator(args) as simulator:
        turns = (simulator.send(utterance) for utterance in _utterances(sys.stdin, interactive))
        return _print_turns(_announcing_session_ends(turns, interactive), args.json)


@contextmanager
def _simulator(args: argparse.Namespace) -> Iterator[Simulator]:
    """The simulator the arguments ask for, closed afterwards."""
    logging.getLogger().setLevel(logging.WARNING)
    settings = settings_from_env()
    device = Device(settings.skill_id, user_id=args.user, locale=args.locale, apl=args.apl,
                    granted=frozenset(GRANTABLE[name] for name in args.grant))
    try:
        simulator = (Simulator.over_http(args.url, settings, device) if args.url
                     else simulator_in_process(settings, device, time_zone=args.tz))
    except FileNotFoundError as error:
        raise SystemExit(f"cramp-coach: {error}") from None
    try:
        yield simulator
    except requests.RequestException as error:
        raise SystemExit(f"cramp-coach: could not reach {args.url}: {error}") from None
    finally:
        simulator.close()


def _utterances(stream: TextIO, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from (line.rstrip("\r\n") for line in stream)
        return
    while True:
        try:
            yield input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print(file=sys.stderr)
            return


def _announcing_session_ends(turns: Iterable[Turn], interactive: bool) -> Iterator[Turn]:
    for turn in turns:
        yield turn
        if interactive and turn.ends_session:
            print("(the skill ended the session; the next utterance starts a new one)", file=sys.stderr)


def _print_turns(turns: Iterable[Turn], as_json: bool) -> int:
    """Print each turn on one line as it happens; 1 if any request was refused."""
    status = 0
    for turn in turns:
        if not turn.ok:
            status = 1
            print(f"HTTP {turn.status}: {turn.response.get('error', turn.response)}", file=sys.stderr)
        print(json.dumps(turn.as_json()) if as_json else turn.text, flush=True)
    return status
