"""``cramp-coach say`` and ``cramp-coach chat``: talk to the skill without a speaker.

    cramp-coach say "what causes leg cramps" "how much water should I drink"
    cramp-coach chat                      # type utterances; Ctrl-D ends
    printf 'open cramp coach\\nstop\\n' | cramp-coach chat --json

Replies are printed as plain text, one line per turn; ``--json`` prints one JSON object per
turn instead (``intent``, ``slots``, ``request``, ``response``). Requests go through the real
``POST /alexa`` endpoint in this process (database from ``CRAMP_COACH_DATABASE_URL``,
migrated first), or to a running server with ``--url``.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from contextlib import contextmanager
from typing import Iterable, Iterator, TextIO

import requests

from cramp_coach.config import settings_from_env
from skill.simulator.conversation import Simulator, Turn
from skill.simulator.envelope import DEFAULT_USER_ID, Device
from skill.simulator.model import LOCALES

PROMPT = "you> "


def add_simulator_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``say`` and ``chat`` on the ``cramp-coach`` command line."""
    say = commands.add_parser("say", help="one-shot utterances, each in a new session")
    say.add_argument("utterances", nargs="+", metavar="UTTERANCE")
    say.set_defaults(run=run_say)
    chat = commands.add_parser("chat", help="a conversation: utterances from the prompt or stdin")
    chat.set_defaults(run=run_chat)
    for parser in (say, chat):
        parser.add_argument("--json", action="store_true", help="one JSON object per turn")
        parser.add_argument("--user", default=DEFAULT_USER_ID, help="the Alexa userId to speak as")
        parser.add_argument("--locale", default="en-US", choices=LOCALES)
        parser.add_argument("--apl", action="store_true", help="speak from a device with a screen (APL)")
        parser.add_argument("--url", help="post to a running server, e.g. http://127.0.0.1:8080/alexa")


def run_say(args: argparse.Namespace) -> int:
    with _simulator(args) as simulator:
        return _print_turns((simulator.say(utterance) for utterance in args.utterances), args.json)


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
    device = Device(settings.skill_id, user_id=args.user, locale=args.locale, apl=args.apl)
    try:
        simulator = (Simulator.over_http(args.url, settings, device) if args.url
                     else Simulator.in_process(settings, device))
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
