"""Benchmark ``POST /alexa``: our skill against a bare ASK SDK hello-world skill.

Both run as real HTTP servers on 127.0.0.1 (waitress), behind the same adapter and the same
request verification, and get the same representative mix of signed requests in the same run.
Prints requests per second and median/p99 time per request for each, then the ratio, ending
with ``ratio <our time per request / hello-world time per request>``.

    .venv/bin/python benchmarks/endpoint.py [--requests 2000]
    .venv/bin/python -m benchmarks.endpoint [--requests 2000]
"""
from __future__ import annotations

import argparse
import json
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

from benchmarks.alexa_pki import make_pki, signed_headers  # noqa: E402
from skill.simulator.envelope import Device, Session, request_envelope  # noqa: E402
from skill.simulator.nlu import Nlu  # noqa: E402

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
# What people say, turned into envelopes by the simulator's NLU: a launch, questions, help, a red
# flag, a misheard question, an unknown body part, yes and stop.
MIX = ["open cramp coach", "what causes leg cramps", "help", "my left arm is numb and it keeps cramping",
       "blorf quaxle zibber wug", "what causes earlobe cramps", "yes", "stop"]


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
        device = Device(SKILL_ID, user_id=f"amzn1.ask.account.BENCH{number % 50:04d}")
        envelope = request_envelope(device, Session.start(), self.resolutions[number % len(self.resolutions)],
                                    datetime.now(timezone.utc))
        body = json.dumps(envelope).encode()
        return body, {**signed_headers(body), "Content-Type": "application/json"}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per server per round")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    mix = Requests()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        pki = make_pki(datetime.now(timezone.utc))
        roots = pki.write_roots(workdir)
        chain = workdir / "chain.pem"
        chain.write_bytes(pki.chain_pem())
        servers = {which: start_server(which, workdir, roots, chain) for which in ("hello", "ours")}
        try:
            timings: dict[str, list[float]] = {"hello": [], "ours": []}
            for which, (_, url) in servers.items():
                run(url, 100, mix)
            for _ in range(args.rounds):
                for which, (_, url) in servers.items():
                    timings[which] += run(url, args.requests, mix)
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(timeout=10)
    print("baseline: bare ASK SDK hello-world skill, same adapter and verification")
    hello = summary("hello-world", timings["hello"])
    ours = summary("cramp-coach", timings["ours"])
    print(f"ratio {ours / hello:.2f}")


if __name__ == "__main__":
    main()
