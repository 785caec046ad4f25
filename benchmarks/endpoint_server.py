"""One benchmark target on loopback: our skill, a bare ASK SDK hello-world skill, or a bare
Flask app answering a fixed body.

The two skills sit behind the same endpoint code (SkillAdapter, size limit, envelope check) and
the same verifiers (skill ID, timestamp, Signature-256 with the certificate chain validated), so
the difference measured is what our skill itself costs. Started by ``benchmarks/endpoint.py``,
on waitress or under gunicorn:

    python -m benchmarks.endpoint_server {ours|hello|flask} PORT DATABASE_URL ROOTS_PEM CHAIN_PEM SKILL_ID
    python benchmarks/endpoint_server.py {ours|hello|flask} PORT DATABASE_URL ROOTS_PEM CHAIN_PEM SKILL_ID
    BENCH_TARGET="ours DATABASE_URL ROOTS_PEM CHAIN_PEM SKILL_ID" gunicorn -w 2 'benchmarks.endpoint_server:from_environment()'
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    # Run as a file, Python put benchmarks/ first on the path, where its modules would shadow the
    # project's packages: put the project root there instead, as ``-m`` does.
    sys.path[0] = str(PROJECT_ROOT)

from ask_sdk_core.dispatch_components import AbstractRequestHandler  # noqa: E402
from ask_sdk_core.skill_builder import SkillBuilder  # noqa: E402
from flask import Flask  # noqa: E402
from waitress import serve  # noqa: E402

from cramp_coach.app import create_app  # noqa: E402
from foundations.heap import settle_heap  # noqa: E402
from foundations.clock import utc_now  # noqa: E402
from foundations.settings import Settings  # noqa: E402
from models.database import migrate  # noqa: E402
from skill.endpoint import register_alexa_endpoint  # noqa: E402
from skill.verification import SkillIdVerifier, TimestampVerifier, signature_verifier_for  # noqa: E402


class HelloWorldHandler(AbstractRequestHandler):
    """Answers every request with a fixed sentence: the SDK's hello-world sample."""

    def can_handle(self, handler_input) -> bool:
        return True

    def handle(self, handler_input):
        return handler_input.response_builder.speak("Hello world!").ask("Say hello again?").response


def hello_world_app(settings: Settings, fetch_chain) -> Flask:
    builder = SkillBuilder()
    builder.add_request_handler(HelloWorldHandler())
    app = Flask(__name__)
    verifiers = [SkillIdVerifier(settings.skill_id),
                 TimestampVerifier(utc_now, settings.timestamp_tolerance_seconds),
                 signature_verifier_for(settings, utc_now, fetch_chain)]
    register_alexa_endpoint(app, builder.create(), settings.skill_id, verifiers, settings.max_request_bytes)
    return app


FIXED_BODY = b'{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"Hello world!"}}}'


def fixed_body_app() -> Flask:
    """The floor: a bare Flask app answering every POST /alexa with the same bytes."""
    app = Flask(__name__)

    @app.post("/alexa")
    def alexa():
        return FIXED_BODY, 200, {"Content-Type": "application/json"}

    return app


def build(which: str, database_url: str, roots: str, chain: str, skill_id: str) -> Flask:
    """The target app; the database of ``ours`` must be migrated already."""
    if which == "flask":
        return fixed_body_app()
    chain_pem = Path(chain).read_bytes()
    settings = Settings(database_url=database_url, skill_id=skill_id, verify_requests=True,
                        trust_roots_file=roots, secret_key="benchmark-secret-key")
    if which == "ours":
        return create_app(settings, certificate_fetcher=lambda url: chain_pem)
    return hello_world_app(settings, lambda url: chain_pem)


def from_environment() -> Flask:
    """gunicorn's app factory: the target named by ``BENCH_TARGET`` (``build``'s arguments)."""
    app = build(*os.environ["BENCH_TARGET"].split(" "))
    settle_heap()
    return app


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("which", metavar="{ours,hello,flask}", choices=("ours", "hello", "flask"),
                        help="our skill, the hello-world skill, or the fixed-body Flask app")
    parser.add_argument("port", metavar="PORT", type=int, help="the port to serve on 127.0.0.1")
    parser.add_argument("database_url", metavar="DATABASE_URL",
                        help="SQLAlchemy URL of our skill's database, migrated on start (the others ignore it)")
    parser.add_argument("roots", metavar="ROOTS_PEM", help="PEM file with the trust roots requests are verified against")
    parser.add_argument("chain", metavar="CHAIN_PEM", help="PEM file served for every signing certificate chain URL")
    parser.add_argument("skill_id", metavar="SKILL_ID", help="the skill ID requests must carry")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_arguments(argv)
    if args.which == "ours":
        migrate(args.database_url)
    app = build(args.which, args.database_url, args.roots, args.chain, args.skill_id)
    settle_heap()   # as ``cramp-coach serve`` does, for every target alike
    serve(app, host="127.0.0.1", port=args.port, threads=4, _quiet=True)


if __name__ == "__main__":
    main()
