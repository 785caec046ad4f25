"""The concurrent leg of the endpoint benchmark: targets under ``gunicorn -w 2``, 8 connections.

Each target (``benchmarks/endpoint_server.py``: a bare Flask app with a fixed body, the
hello-world skill, our skill on SQLite and on PostgreSQL) runs alone under gunicorn with two
sync worker processes on 127.0.0.1. Two client processes with four connections each send
pre-signed requests as fast as the server answers, for a fixed time after a warm-up; every
answer that is not HTTP 200 counts as an error.
"""
from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CLIENT_PROCESSES = 2
CONNECTIONS_PER_PROCESS = 4


@dataclass(frozen=True)
class Load:
    """What one target did in one measurement."""

    requests_per_second: float
    median_ms: float
    p99_ms: float
    errors: int
    first_error: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One target under ``gunicorn -w 2`` on a loopback port, stopped on leaving the block."""

    def __init__(self, project_root: Path, target: str, workers: int = 2):
        self.port = free_port()
        env = {**os.environ, "BENCH_TARGET": target}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "benchmarks.endpoint_server:from_environment()"],
            cwd=project_root, env=env)

    def __enter__(self) -> "Gunicorn":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure(port: int, bodies: list[tuple[bytes, dict]], seconds: float, warm_up_seconds: float = 1.0) -> Load:
    """Drive the server on ``port`` with ``bodies`` in turn over 8 connections for ``seconds``."""
    with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
        list(pool.map(_client, [(port, bodies, warm_up_seconds, number) for number in range(CLIENT_PROCESSES)]))
        parts = list(pool.map(_client, [(port, bodies, seconds, number) for number in range(CLIENT_PROCESSES)]))
    timings = [timing for part in parts for timing in part[0]]
    errors = sum(part[1] for part in parts)
    first_error = next((part[2] for part in parts if part[2]), "")
    if len(timings) < 2:
        return Load(0.0, 0.0, 0.0, errors, first_error or "no answers")
    return Load(len(timings) / seconds, statistics.median(timings) * 1000,
                statistics.quantiles(timings, n=100)[98] * 1000, errors, first_error)


def _client(job: tuple[int, list[tuple[bytes, dict]], float, int]) -> tuple[list[float], int, str]:
    """One client process: its connections' answer times, error count and first error."""
    port, bodies, seconds, number = job
    deadline = time.monotonic() + seconds
    results: list[tuple[list[float], int, str]] = []

    def connection(offset: int) -> None:
        timings: list[float] = []
        errors, first_error = 0, ""
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        index = offset
        while time.monotonic() < deadline:
            body, headers = bodies[index % len(bodies)]
            index += CLIENT_PROCESSES * CONNECTIONS_PER_PROCESS
            started = time.perf_counter()
            try:
                client.request("POST", "/alexa", body=body, headers=headers)
                response = client.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as error:
                errors, first_error = errors + 1, first_error or repr(error)
                client.close()
                continue
            timings.append(time.perf_counter() - started)
            if response.status != 200:
                errors, first_error = errors + 1, first_error or f"HTTP {response.status}: {answer[:200]!r}"
            if response.will_close:
                client.close()
        client.close()
        results.append((timings, errors, first_error))

    threads = [threading.Thread(target=connection, args=(number * CONNECTIONS_PER_PROCESS + offset,))
               for offset in range(CONNECTIONS_PER_PROCESS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ([timing for part in results for timing in part[0]], sum(part[1] for part in results),
            next((part[2] for part in results if part[2]), ""))
