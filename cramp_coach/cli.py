"""``cramp-coach``: the command line. ``cramp-coach --help`` lists the commands.

    cramp-coach serve [--host H] [--port P]   migrate the database, then serve /alexa
    cramp-coach say "UTTERANCE" ...           one-shot questions through the simulator
    cramp-coach chat                          a multi-turn conversation through the simulator
"""
from __future__ import annotations

import argparse
import logging
import sys

from cramp_coach.config import settings_from_env
from models.database import migrate


def _serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from cramp_coach.app import create_app

    settings = settings_from_env()
    migrate(settings.database_url)
    app = create_app(settings)
    logging.getLogger(__name__).info("Cramp Coach listening on http://%s:%s/alexa", args.host, args.port)
    serve(app, host=args.host, port=args.port, threads=args.threads)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cramp-coach", description="Cramp Coach, a voice coach for muscle cramps.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate the database and serve the skill over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(run=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
