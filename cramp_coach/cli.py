"""``cramp-coach``: the command line. ``cramp-coach --help`` lists the commands.

    cramp-coach serve [--host H] [--port P]   migrate the database, then serve /alexa (and run
                                              the reminder worker, unless --no-worker)
    cramp-coach migrate                       bring the database schema up to date, once
                                              (production: before starting gunicorn and workers)
    cramp-coach say "UTTERANCE" ...           one-shot questions through the simulator
    cramp-coach chat                          a multi-turn conversation through the simulator
    cramp-coach worker | dispatch | reminders  reminders: see ``cramp_coach/worker_commands.py``
"""
from __future__ import annotations

import argparse
import logging
import os
import socket
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from cramp_coach.simulator_commands import add_simulator_commands
from cramp_coach.worker_commands import add_scheduler_commands, start_background_worker
from foundations.settings import ENV_PREFIX, ConfigError, Settings, settings_from_env
from models.database import migrate


def _serve(args: argparse.Namespace) -> int:
    from cramp_coach.app import create_app
    from cramp_coach.serving import serve_until_stopped

    settings = settings_from_env()
    migrate(settings.database_url)
    worker = None

    def build_app(host: str, port: int):
        nonlocal worker
        served = _with_public_url(settings, host, port)
        app = create_app(served)
        worker = None if args.no_worker else start_background_worker(served)
        logging.getLogger(__name__).info("Cramp Coach listening on http://%s:%s/alexa (web page: %s)",
                                         _url_host(host), port, served.public_url)
        return app

    try:
        serve_until_stopped(build_app, args.host, args.port, args.threads)
    finally:
        if worker is not None:
            worker.shutdown(wait=True)
    return 0


def _with_public_url(settings: Settings, host: str, port: int) -> Settings:
    """``CRAMP_COACH_PUBLIC_URL`` when set, else the address this server listens on."""
    if os.environ.get(f"{ENV_PREFIX}PUBLIC_URL", "").strip():
        return settings
    if host in ("", "0.0.0.0", "::"):
        host = socket.getfqdn()
    return settings.with_overrides(public_url=f"http://{_url_host(host)}:{port}")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _migrate(args: argparse.Namespace) -> int:
    settings = settings_from_env()
    migrate(settings.database_url)
    print("database schema is up to date", file=sys.stderr)
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
    migrate_command = commands.add_parser("migrate", help="bring the database schema up to date and exit")
    migrate_command.set_defaults(run=_migrate)
    add_simulator_commands(commands)
    add_scheduler_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "Context impl SQLiteImpl" on every command
    # APScheduler logs "Running job" and "executed successfully" on every worker tick.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
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
