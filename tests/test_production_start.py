"""The README's production start: ``cramp-coach migrate`` once, gunicorn with two worker processes,
a separate ``cramp-coach worker``, rate limits shared through Redis (database 2 in tests), on
PostgreSQL when ``CRAMP_COACH_TEST_POSTGRES_URL`` names a server and on SQLite always."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from foundations.settings import PROJECT_ROOT
from tests.conftest import BACKENDS, POSTGRES_URL, TEST_SKILL_ID
from tests.envelopes import load_envelope, speech_of
from tests.processes import stop

BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/2"


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A database with no tables yet: the production start migrates it itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'production.db'}"
        return
    admin_url = make_url(POSTGRES_URL)
    name = f"cramp_coach_production_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def shared_limits():
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield store
    store.flushdb()
    store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still booting
            pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not become healthy:\n{log.read_text()}")



def test_production_start_migrates_once_then_serves_alexa_and_the_web_page_from_two_processes(
        empty_database, shared_limits, tmp_path, clock):
    env = {**os.environ, "CRAMP_COACH_DATABASE_URL": empty_database, "CRAMP_COACH_SKILL_ID": TEST_SKILL_ID,
           "CRAMP_COACH_VERIFY_REQUESTS": "0", "CRAMP_COACH_RATE_LIMIT_STORAGE_URI": REDIS_URL,
           "CRAMP_COACH_SECRET_KEY": "production-test-secret", "CRAMP_COACH_WORKER_INTERVAL_SECONDS": "1"}
    migrated = subprocess.run([str(BIN / "cramp-coach"), "migrate"], env=env, capture_output=True, text=True,
                              timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    engine = create_engine(empty_database)
    assert "reminder_schedules" in inspect(engine).get_table_names()
    engine.dispose()

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server_log, worker_log = tmp_path / "gunicorn.log", tmp_path / "worker.log"
    with server_log.open("w") as log:
        server = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                                   "--access-logfile", "-", "cramp_coach.wsgi:app"],
                                  cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    with worker_log.open("w") as log:
        worker = subprocess.Popen([str(BIN / "cramp-coach"), "worker"], cwd=PROJECT_ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, server, server_log)
        launch = requests.post(f"{url}/alexa", json=load_envelope("launch_request", clock()), timeout=30)
        page = requests.get(f"{url}/", timeout=30)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        wrong_code = requests.post(f"{url}/sign-in", data={"csrf_token": token.group(1) if token else "",
                                                           "code": "000000"},
                                   cookies=page.cookies, timeout=30, allow_redirects=False)
        limiter_keys = shared_limits.keys("*LIMITER/*sign*")
        worker_alive = worker.poll() is None
    finally:
        server_status, worker_status = stop(server, timeout=60), stop(worker, timeout=60)
    server_output = server_log.read_text()
    assert launch.status_code == 200 and "not medical advice" in speech_of(launch.json()), launch.text
    assert page.status_code == 200 and token is not None, page.text[:500]
    assert wrong_code.status_code in (200, 400), wrong_code.text[:500]
    assert limiter_keys, "sign-in attempts are not counted in the shared Redis store"
    assert len(set(re.findall(r"Booting worker with pid: (\d+)", server_output))) == 2, server_output
    assert '"POST /alexa HTTP/1.1" 200' in server_output and '"GET / HTTP/1.1" 200' in server_output
    assert worker_alive, worker_log.read_text()
    assert server_status == 0, server_output
    assert json.dumps(launch.json())  # a complete JSON answer, not a cut-off one
