"""``cramp-coach serve`` as a process: its address in the web code, access log, quiet worker, clean stop."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from foundations.settings import PROJECT_ROOT
from tests.conftest import TEST_SKILL_ID
from tests.processes import stop

LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)/alexa")


def _start(command: list[str], env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, int]:
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        match = LISTENING.search(log_path.read_text())
        if match:
            return process, int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"server did not start:\n{log_path.read_text()}")



def test_serve_speaks_its_own_address_logs_each_request_and_stops_cleanly_on_sigterm(tmp_path):
    env = {**os.environ, "CRAMP_COACH_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
           "CRAMP_COACH_SKILL_ID": TEST_SKILL_ID, "CRAMP_COACH_VERIFY_REQUESTS": "0",
           "CRAMP_COACH_WORKER_INTERVAL_SECONDS": "0.2"}
    env.pop("CRAMP_COACH_PUBLIC_URL", None)
    log_path = tmp_path / "serve.log"
    process, port = _start([sys.executable, "-m", "cramp_coach.cli", "serve", "--port", "0"], env, log_path)
    try:
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        said = subprocess.run([sys.executable, "-m", "cramp_coach.cli", "say", "--url", f"http://127.0.0.1:{port}",
                               "for my web code"], env=env, capture_output=True, text=True, timeout=60)
        time.sleep(1)  # several worker ticks
    finally:
        status = stop(process, timeout=30)
    log = log_path.read_text()
    assert said.returncode == 0, said.stderr
    assert f"Open 127.0.0.1:{port} and type it in" in said.stdout, log
    assert "localhost:8080" not in said.stdout
    assert re.search(r'127\.0\.0\.1 "GET /healthz" 200 \d+ [\d.]+ ms', log)
    assert re.search(r'"POST /alexa" 200', log)
    assert "apscheduler" not in log.lower() and "Running job" not in log
    assert status == 0 and "Stopped" in log


SLOW_APP = """
import sys, time
from cramp_coach.serving import serve_until_stopped

def slow(environ, start_response):
    time.sleep(1.5)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "8")])
    return [b"finished"]

def build(host, port):
    print(f"listening on http://{host}:{port}/alexa", flush=True)
    return slow

serve_until_stopped(build, "127.0.0.1", 0, threads=2)
print("returned", flush=True)
"""


def test_sigterm_lets_the_request_in_flight_finish_before_the_server_exits(tmp_path):
    log_path = tmp_path / "slow.log"
    process, port = _start([sys.executable, "-c", SLOW_APP], dict(os.environ), log_path)
    answers: list[requests.Response] = []
    thread = threading.Thread(target=lambda: answers.append(
        requests.get(f"http://127.0.0.1:{port}/", timeout=20)))
    try:
        thread.start()
        time.sleep(0.5)  # the request is being served
        status = stop(process, timeout=30)
    finally:
        thread.join(timeout=20)
    assert [(answer.status_code, answer.text) for answer in answers] == [(200, "finished")]
    assert status == 0 and "returned" in log_path.read_text()
    refused = False
    try:
        requests.get(f"http://127.0.0.1:{port}/", timeout=2)
    except requests.ConnectionError:
        refused = True
    assert refused
