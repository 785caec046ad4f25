"""“Send a test notification”, off the threads that serve pages and ``POST /alexa``.

Waitress answers web pages and Alexa from one set of threads. A test to an address that never
answers used to hold one of them for the whole send; 16 at once made Alexa's requests wait
7.6 s (issue 15). Now the button only queues the send on a small pool of its own and returns at
once; the notifications page shows how it went on the next visit. Each person may press it
``CRAMP_COACH_TEST_NOTIFICATIONS_PER_HOUR`` times an hour, counted in the rate-limit storage
(shared by all server processes when it is ``redis://…``). Results are kept in this process's
memory for an hour: with several server processes a result shows on the process that sent it.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from reminders.channels import DeliveryError
from reminders.notify_policy import hourly_test_notifications

SENDERS = 4
MAX_WAITING = 100
"""Sends queued or running at once, for everyone together; more are refused, not queued."""
KEEP_RESULTS_SECONDS = 3600
MAX_RESULTS = 10_000


@dataclass(frozen=True)
class TrialResult:
    """One test's outcome for the page: ``ok`` is ``None`` while it is still being sent.
    ``channel_id`` is a reminder address's id, or a caller's ``str`` key for another kind of address."""

    channel_id: int | str
    ok: bool | None
    message: str


class TrialNotifications:
    """Queues test sends on a bounded pool and keeps their results per person."""

    def __init__(self, send: Callable[[str], None], rate_limit_storage_uri: str = "memory://",
                 senders: int = SENDERS, max_waiting: int = MAX_WAITING):
        self.send = send
        self.max_waiting = max_waiting
        self._pool = ThreadPoolExecutor(max_workers=senders, thread_name_prefix="test-notification")
        self._limiter = MovingWindowRateLimiter(storage_from_string(rate_limit_storage_uri))
        self._results: OrderedDict[tuple[int, int | str], tuple[float, TrialResult]] = OrderedDict()
        self._handed_out: set[tuple[int, int | str]] = set()
        self._waiting = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def start(self, user_id: int, channel_id: int | str, url: str, address: str) -> tuple[bool, str]:
        """Queue a test to ``url`` (shown as ``address``); whether it was queued, and what to say."""
        per_hour = hourly_test_notifications()
        if not self._limiter.hit(parse(f"{per_hour} per hour"), "test-notifications", str(user_id)):
            return False, (f"You can send {per_hour} test notifications an hour. "
                           "Try again later; your reminders are not affected.")
        with self._lock:
            if self._waiting >= self.max_waiting:
                return False, "Many test notifications are being sent right now. Try again in a minute."
            self._waiting += 1
            self._keep(user_id, TrialResult(channel_id, None, f"Still sending the test notification to {address}…"))
        self._pool.submit(self._run, user_id, channel_id, url, address)
        return True, f"Sending a test notification to {address}. How it went shows here in a few seconds."

    def take_results(self, user_id: int) -> list[TrialResult]:
        """The person's test results, oldest first; finished ones are handed out once."""
        now = time.monotonic()
        with self._lock:
            mine = [(key, result) for key, (at, result) in self._results.items()
                    if key[0] == user_id and now - at < KEEP_RESULTS_SECONDS and key not in self._handed_out]
            for key, result in mine:
                if result.ok is not None:
                    self._handed_out.add(key)
        return [result for _, result in mine]

    def latest(self, user_id: int) -> list[TrialResult]:
        """The person's last test per address within the hour, handed out or not (the reminders page
        shows them beside each address)."""
        now = time.monotonic()
        with self._lock:
            return [result for key, (at, result) in self._results.items()
                    if key[0] == user_id and now - at < KEEP_RESULTS_SECONDS]

    def wait_until_idle(self, timeout: float) -> bool:
        """Block until no test is queued or running (tests and shutdown); ``False`` on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._waiting == 0, timeout=timeout)

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._waiting

    def _run(self, user_id: int, channel_id: int | str, url: str, address: str) -> None:
        try:
            self.send(url)
        except DeliveryError as error:
            result = TrialResult(channel_id, False, f"The test to {address} failed: {error}")
        except Exception as error:  # a plugin bug must still end the test with a result
            result = TrialResult(channel_id, False, f"The test to {address} failed ({type(error).__name__}).")
        else:
            result = TrialResult(channel_id, True, f"Test notification sent to {address}.")
        with self._lock:
            self._keep(user_id, result)
            self._waiting -= 1
            self._idle.notify_all()

    def _keep(self, user_id: int, result: TrialResult) -> None:
        key = (user_id, result.channel_id)
        self._results.pop(key, None)
        self._handed_out.discard(key)
        self._results[key] = (time.monotonic(), result)
        while len(self._results) > MAX_RESULTS:
            evicted, _ = self._results.popitem(last=False)
            self._handed_out.discard(evicted)
