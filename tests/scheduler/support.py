"""Helpers for the reminder tests: a local JSON receiver, a user factory, the CLI in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import DeliveryLog, User
from reminders.spec import ScheduleSpec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CREATED = datetime(2026, 6, 1, 5, 0, tzinfo=timezone.utc)
FIRST = datetime(2026, 6, 1, 6, 0, tzinfo=timezone.utc)   # 08:00 in Berlin, the first occurrence
SPEC = ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", at="08:00", alexa=False)


def clear_of_the_next_occurrence(every_minutes: int, margin_seconds: int = 90) -> None:
    """Tests that run a worker on the real clock seed a schedule due now: started just before
    its next occurrence on the grid (:00, :15, … for every 15 minutes, in UTC), a second
    occurrence would fall due while the test watches, so wait until that moment has passed."""
    now = datetime.now(timezone.utc)
    period = every_minutes * 60
    left = period - (now.hour * 3600 + now.minute * 60 + now.second) % period
    if left < margin_seconds:
        time.sleep(left + 1)


class JsonReceiver:
    """An HTTP server on 127.0.0.1 that records what Apprise's ``json://`` posts to it.

    ``delay`` slows every answer down; ``failing`` answers 500; ``rendezvous`` holds the first
    two requests until both have arrived (proof that two senders were at work at once);
    ``drip`` sends the answer one byte every ``drip`` seconds (a slow-drip address).
    """

    def __init__(self, delay: float = 0.0, failing: bool = False, rendezvous: bool = False, drip: float = 0.0):
        self.delay = delay
        self.drip = drip
        self.failing = failing
        self.rendezvous = threading.Barrier(2, timeout=60) if rendezvous else None
        self.received: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver._lock:
                    receiver.received.append((self.path, body))
                    first_two = len(receiver.received) <= 2
                if receiver.rendezvous is not None and first_two:
                    receiver.rendezvous.wait()
                time.sleep(receiver.delay)
                try:
                    if receiver.drip:
                        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(receiver.drip)
                        return
                    self.send_response(500 if receiver.failing else 200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):  # the sender gave up or was killed meanwhile
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str = "") -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/{path}"

    def counts(self) -> Counter[str]:
        with self._lock:
            return Counter(path for path, _ in self.received)

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"receiver got {len(self.received)} of {count} posts")
            time.sleep(0.01)

    def __enter__(self) -> "JsonReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_user(session: Session, alexa_user_id: str, now: datetime, time_zone: str | None = None) -> User:
    user = User(alexa_user_id=alexa_user_id, created_at=now, last_seen_at=now, time_zone=time_zone)
    session.add(user)
    session.flush()
    return user


def status_counts(session: Session) -> Counter[str]:
    rows = session.execute(select(DeliveryLog.status, func.count()).group_by(DeliveryLog.status))
    return Counter({status: count for status, count in rows})


@contextmanager
def cli_process(database_url: str, *args: str, **settings: str) -> Iterator[subprocess.Popen]:
    """``cramp-coach ARGS`` in a subprocess on this database, with ``CRAMP_COACH_<NAME>`` settings;
    killed on the way out if still running."""
    env = {**os.environ, "CRAMP_COACH_DATABASE_URL": database_url,
           **{f"CRAMP_COACH_{name.upper()}": value for name, value in settings.items()}}
    process = subprocess.Popen([sys.executable, "-m", "cramp_coach.cli", *args], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            process.communicate()


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    """Wait for a CLI process to succeed; its standard output."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return out
