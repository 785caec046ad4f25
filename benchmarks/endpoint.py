"""Benchmark ``POST /alexa``: our skill against a bare ASK SDK hello-world skill.

Both run as real HTTP servers on 127.0.0.1, behind the same adapter and the same request
verification, and get the same representative mix of signed requests in the same run.

1. One request at a time on waitress (as ``cramp-coach serve`` runs): requests per second and
   median/p99 time per request for each.
2. Concurrently, under ``gunicorn -w 2`` with 8 connections (``benchmarks/endpoint_load.py``):
   a bare Flask app returning a fixed body, the hello-world skill, and our skill on SQLite and
   (with ``--database-url`` or ``CRAMP_COACH_TEST_POSTGRES_URL``) on PostgreSQL, each with the
   mix, launches only and questions only; our requests/s as a share of the hello-world
   skill's, and every error.

The last line is ``ratio <our time per request / hello-world time per request>`` from part 1.

    .venv/bin/python benchmarks/endpoint.py [--requests 2000]
    .venv/bin/python -m benchmarks.endpoint [--requests 2000]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    # Run as a file, Python put benchmarks/ first on the path, where its modules would shadow the
    # project's packages: put the project root there instead, as ``-m`` does.
    sys.path[0] = str(PROJECT_ROOT)

import requests  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.alexa_pki import make_pki, signed_headers  # noqa: E402
from benchmarks.endpoint_load import Gunicorn, measure  # noqa: E402
from models.database import migrate  # noqa: E402
from simulator.envelope import Device, Session, request_envelope  # noqa: E402
from simulator.nlu import Nlu  # noqa: E402

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
# What people say, turned into envelopes by the simulator's NLU: a launch, questions, help, a red
# flag, a misheard question, an unknown body part, yes and stop.
MIX = ["open cramp coach", "what causes leg cramps", "help", "my left arm is numb and it keeps cramping",
       "blorf quaxle zibber wug", "what causes earlobe cramps", "yes", "stop"]
LAUNCH = ["open cramp coach"]
QUESTION = ["what causes leg cramps"]
USERS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(which: str, workdir: Path, roots: Path, chain: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    database_url = f"sqlite:///{workdir / f'{which}.sqlite'}"
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.endpoint_server", which, str(port),
                                database_url, str(roots), str(chain), SKILL_ID], cwd=PROJECT_ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{which} server did not start")


class Requests:
    """Signed request envelopes for the mix, spoken by 50 different users."""

    def __init__(self, utterances: list[str] = MIX):
        nlu = Nlu.for_locale(PROJECT_ROOT / "interaction_model", "en-US")
        self.resolutions = [nlu.resolve(utterance) for utterance in utterances]

    def signed(self, number: int) -> tuple[bytes, dict[str, str]]:
        device = Device(SKILL_ID, user_id=f"amzn1.ask.account.BENCH{number % USERS:04d}")
        envelope = request_envelope(device, Session.start(), self.resolutions[number % len(self.resolutions)],
                                    datetime.now(timezone.utc))
        body = json.dumps(envelope).encode()
        return body, {**signed_headers(body), "Content-Type": "application/json"}

    def batch(self) -> list[tuple[bytes, dict[str, str]]]:
        """One signed request per user and utterance, timestamped now (valid for 150 s)."""
        return [self.signed(number) for number in range(USERS * len(self.resolutions))]


def run(url: str, count: int, mix: Requests) -> list[float]:
    """Seconds per request, sent one after another over one keep-alive connection."""
    timings = []
    with requests.Session() as session:
        for number in range(count):
            body, headers = mix.signed(number)
            started = time.perf_counter()
            response = session.post(f"{url}/alexa", data=body, headers=headers, timeout=10)
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
    return timings


def summary(name: str, timings: list[float]) -> float:
    mean = statistics.fmean(timings)
    p99 = statistics.quantiles(timings, n=100)[98]
    print(f"{name:12s} {1 / mean:8.0f} req/s   median {statistics.median(timings) * 1000:6.2f} ms"
          f"   p99 {p99 * 1000:6.2f} ms   ({len(timings)} requests)")
    return mean


def sequential(mix: Requests, workdir: Path, roots: Path, chain: Path, count: int, rounds: int) -> float:
    """Part 1; returns the ratio of mean times per request, ours over hello-world."""
    servers = {which: start_server(which, workdir, roots, chain) for which in ("hello", "ours")}
    try:
        timings: dict[str, list[float]] = {"hello": [], "ours": []}
        for which, (_, url) in servers.items():
            run(url, 100, mix)
        for _ in range(rounds):
            for which, (_, url) in servers.items():
                timings[which] += run(url, count, mix)
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=10)
    print("one request at a time, waitress; baseline: bare ASK SDK hello-world skill, same adapter and verification")
    hello = summary("hello-world", timings["hello"])
    ours = summary("cramp-coach", timings["ours"])
    return ours / hello


def concurrent(workdir: Path, roots: Path, chain: Path, postgres_url: str | None, seconds: float) -> int:
    """Part 2; prints one line per target and request kind, returns the number of errors."""
    kinds = {"mix": Requests(MIX), "launch": Requests(LAUNCH), "question": Requests(QUESTION)}
    targets = [("flask fixed body", "flask", None), ("hello-world skill", "hello", None),
               ("cramp-coach sqlite", "ours", f"sqlite:///{workdir / 'gunicorn.sqlite'}")]
    if postgres_url:
        targets.append(("cramp-coach postgresql", "ours", postgres_url))
    print(f"gunicorn -w 2 (sync workers), 8 connections, {seconds:g} s per line after a 1 s warm-up:")
    hello: dict[str, float] = {}
    errors = 0
    for name, which, database_url in targets:
        if database_url:
            migrate(database_url)
        target = f"{which} {database_url or 'none'} {roots} {chain} {SKILL_ID}"
        with Gunicorn(PROJECT_ROOT, target) as server:
            for kind, requests_of_kind in kinds.items():
                if which == "flask" and kind != "mix":
                    continue
                load = measure(server.port, requests_of_kind.batch(), seconds)
                errors += load.errors
                if which == "hello":
                    hello[kind] = load.requests_per_second
                share = (f"   {load.requests_per_second / hello[kind]:.2f}x hello-world"
                         if which == "ours" and hello.get(kind) else "")
                print(f"  {name:24s} {kind:9s} {load.requests_per_second:7.0f} req/s   median {load.median_ms:6.2f} ms"
                      f"   p99 {load.p99_ms:7.2f} ms   errors {load.errors}{share}"
                      + (f"   first error: {load.first_error}" if load.errors else ""))
    return errors


def postgres_database(server_url: str):
    """A fresh database on the server for this run: (its URL, a function that drops it)."""
    admin_url = make_url(server_url)
    name = f"endpoint_bench_{os.getpid()}_{int(time.time())}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per server per round (part 1)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of part 1")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per measurement of part 2")
    parser.add_argument("--database-url", default=os.environ.get("CRAMP_COACH_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server for part 2 (default: CRAMP_COACH_TEST_POSTGRES_URL); "
                             "a database is made on it for the run and dropped after")
    args = parser.parse_args()
    mix = Requests()
    errors = 0
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        pki = make_pki(datetime.now(timezone.utc))
        roots = pki.write_roots(workdir)
        chain = workdir / "chain.pem"
        chain.write_bytes(pki.chain_pem())
        ratio = sequential(mix, workdir, roots, chain, args.requests, args.rounds)
        if importlib.util.find_spec("gunicorn") is None:
            print('gunicorn leg NOT run: install it with pip install -e ".[production]"')
        else:
            postgres_url, drop = postgres_database(args.database_url) if args.database_url else (None, None)
            try:
                errors = concurrent(workdir, roots, chain, postgres_url, args.seconds)
            finally:
                if drop:
                    drop()
            if not args.database_url:
                print("PostgreSQL leg NOT run: give --database-url or set CRAMP_COACH_TEST_POSTGRES_URL")
    print(f"errors {errors}")
    print(f"ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
