"""``cramp-coach``: the command line. ``cramp-coach --help`` lists the commands.

    cramp-coach serve [--host H] [--port P]   migrate the database, then serve /alexa (and run
                                              the reminder worker, unless --no-worker)
    cramp-coach say "UTTERANCE" ...           one-shot questions through the simulator
    cramp-coach chat                          a multi-turn conversation through the simulator
    cramp-coach worker | dispatch | reminders  reminders: see ``scheduler/commands.py``
"""
from __future__ import annotations

import argparse
import logging
import sys

from cramp_coach.config import ConfigError, settings_from_env
from models.database import migrate
from scheduler.commands import add_scheduler_commands, start_background_worker
from skill.simulator.commands import add_simulator_commands


def _serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from cramp_coach.app import create_app

    settings = settings_from_env()
    migrate(settings.database_url)
    app = create_app(settings)
    worker = None if args.no_worker else start_background_worker(settings)
    logging.getLogger(__name__).info("Cramp Coach listening on http://%s:%s/alexa", args.host, args.port)
    try:
        serve(app, host=args.host, port=args.port, threads=args.threads)
    finally:
        if worker is not None:
            worker.shutdown(wait=False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cramp-coach", description="Cramp Coach, a voice coach for muscle cramps.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate the database and serve the skill over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--no-worker", action="store_true", help="do not run the reminder worker in this process")
    serve.set_defaults(run=_serve)
    add_simulator_commands(commands)
    add_scheduler_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "Context impl SQLiteImpl" on every command
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as error:
        print(f"cramp-coach: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
