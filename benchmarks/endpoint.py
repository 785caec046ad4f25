"""Benchmark ``POST /alexa``: our skill against a bare ASK SDK hello-world skill.

Both run as real HTTP servers on 127.0.0.1 (waitress), behind the same adapter and the same
request verification, and get the same representative mix of signed requests in the same run.
Prints requests per second and median/p99 time per request for each, then the ratio, ending
with ``ratio <our time per request / hello-world time per request>``.

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

import requests

from tests.alexa_pki import make_pki, signed_headers
from tests.envelopes import FIXTURES

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
MIX = ["launch_request", "causes_intent", "help_intent", "left_arm_cramp", "fallback_intent",
       "causes_intent_unknown_body_part", "yes_intent", "stop_intent"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(which: str, workdir: Path, roots: Path, chain: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    database_url = f"sqlite:///{workdir / f'{which}.sqlite'}"
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.endpoint_server", which, str(port),
                                database_url, str(roots), str(chain), SKILL_ID])
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


def signed_request(name: str, user_number: int) -> tuple[bytes, dict[str, str]]:
    envelope = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    envelope["request"]["timestamp"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    user_id = f"amzn1.ask.account.BENCH{user_number % 50:04d}"
    envelope["context"]["System"]["user"]["userId"] = user_id
    envelope["session"]["user"]["userId"] = user_id
    body = json.dumps(envelope).encode()
    return body, {**signed_headers(body), "Content-Type": "application/json"}


def run(url: str, count: int) -> list[float]:
    """Seconds per request, sent one after another over one keep-alive connection."""
    timings = []
    with requests.Session() as session:
        for number in range(count):
            body, headers = signed_request(MIX[number % len(MIX)], number)
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
                run(url, 100)
            for _ in range(args.rounds):
                for which, (_, url) in servers.items():
                    timings[which] += run(url, args.requests)
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
