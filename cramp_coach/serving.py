"""The embedded HTTP server of ``cramp-coach serve``: waitress with an access log and a clean stop.

On SIGTERM (or Ctrl-C) the server stops accepting connections, lets the requests already in
progress finish and their responses go out (up to ``grace_seconds``), then returns.
``waitress.serve`` itself has no such stop: its loop ends at once and an answer still waiting
in a buffer is never sent.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Callable, Iterable

from waitress import create_server, wasyncore
from waitress.channel import HTTPChannel

from foundations.heap import settle_heap

access_log = logging.getLogger("cramp_coach.access")
log = logging.getLogger(__name__)
LOOP_TIMEOUT_SECONDS = 0.5


class AccessLog:
    """WSGI middleware: one line per request (client, method, path, status, bytes, duration)."""

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        seen: dict = {}

        def recording_start_response(status: str, headers: list, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            seen["length"] = next((value for name, value in headers if name.lower() == "content-length"), "-")
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, recording_start_response)
        finally:
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            access_log.info('%s "%s %s" %s %s %.1f ms', environ.get("REMOTE_ADDR", "-"),
                            environ.get("REQUEST_METHOD", "-"), path, seen.get("status", "-"),
                            seen.get("length", "-"), (time.perf_counter() - started) * 1000)


def serve_until_stopped(build_app: Callable[[str, int], Callable], host: str, port: int, threads: int,
                        grace_seconds: float = 30.0) -> None:
    """Serve the app until SIGTERM or SIGINT, then finish what is in flight and return.

    ``build_app`` gets the host and port actually bound (``port=0`` picks a free one) before
    the first request is read, so the app can know its own address."""
    server = create_server(_not_ready, host=host, port=port, threads=threads)
    server.application = AccessLog(build_app(server.effective_host, server.effective_port))
    settle_heap()
    stopping = threading.Event()
    previous = {number: signal.signal(number, lambda *_: stopping.set())
                for number in (signal.SIGTERM, signal.SIGINT)}
    channels = server._map
    try:
        while not stopping.is_set():
            wasyncore.loop(timeout=LOOP_TIMEOUT_SECONDS, map=channels, use_poll=True, count=1)
        log.info("Stopping: no new connections; finishing the requests in progress")
        wasyncore.dispatcher.close(server)  # the listening socket only; the trigger stays
        deadline = time.monotonic() + grace_seconds
        while _busy(channels) and time.monotonic() < deadline:
            wasyncore.loop(timeout=LOOP_TIMEOUT_SECONDS / 5, map=channels, use_poll=True, count=1)
    finally:
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        wasyncore.close_all(channels)
        for number, handler in previous.items():
            signal.signal(number, handler)
    log.info("Stopped")


def _not_ready(environ: dict, start_response: Callable) -> Iterable[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


def _busy(channels: dict) -> bool:
    """Whether a connection has a request being served or an answer not yet sent."""
    return any(channel.requests or channel.total_outbufs_len
               for channel in list(channels.values()) if isinstance(channel, HTTPChannel))
