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

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

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
    except OperationalError as error:
        print(f"cramp-coach: {unreachable_database(error)}", file=sys.stderr)
        return 1


def unreachable_database(error: OperationalError) -> str:
    """One line for a database that cannot be reached or opened, without the password."""
    url = settings_from_env().database_url
    reason = (str(error.orig if error.orig is not None else error).strip().splitlines() or ["unknown error"])[0]
    return (f"cannot use the database at {make_url(url).render_as_string(hide_password=True)}: {reason} "
            "(check CRAMP_COACH_DATABASE_URL and that the database server is running)")


if __name__ == "__main__":
    sys.exit(main())
