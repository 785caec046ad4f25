"""Spreading the top of the hour: a fixed jitter per schedule and per-channel rate limits.

A million reminders due at 08:00 need not all leave in the same second: with a jitter of J
seconds each schedule's sends go out a fixed 0…J seconds after the occurrence (the same offset
every time, so a person's reminder does not wander). A channel kind with a rate limit
(``alexa=50/second``) makes sends beyond it wait for the next free slot instead of failing; the
limit's counters live in the ``limits`` storage named by ``CRAMP_COACH_RATE_LIMIT_STORAGE_URI``
(``redis://…`` to share them between worker processes).
"""
from __future__ import annotations

import hashlib
import time
from datetime import timedelta

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

# A wait up to this long is spent in the sending thread; a longer one hands the delivery back.
MAX_INLINE_WAIT = 1.0
_NAMESPACE = "cramp-coach-reminder-channel"


def jitter_for(schedule_id: int, jitter: timedelta) -> timedelta:
    """The schedule's fixed offset in [0, ``jitter``], in whole seconds."""
    span = int(jitter.total_seconds())
    if span <= 0:
        return timedelta(0)
    digest = hashlib.blake2b(str(schedule_id).encode(), digest_size=8).digest()
    return timedelta(seconds=int.from_bytes(digest, "big") % (span + 1))


class ChannelPacer:
    """Rate limits per channel kind; kinds without one are never held back."""

    def __init__(self, rates: dict[str, str], storage_uri: str = "memory://"):
        self.items = {kind: parse(rate) for kind, rate in rates.items()}
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri)) if self.items else None

    def acquire(self, kind: str) -> float:
        """Take a slot for one send on ``kind``: 0 when it may go now (perhaps after a short wait
        here), otherwise the seconds until it should be tried again."""
        item = self.items.get(kind)
        if item is None:
            return 0.0
        deadline = time.monotonic() + MAX_INLINE_WAIT
        while True:
            if self.limiter.hit(item, _NAMESPACE, kind):
                return 0.0
            wait = max(0.01, self.limiter.get_window_stats(item, _NAMESPACE, kind).reset_time - time.time())
            if time.monotonic() + wait > deadline:
                return wait
            time.sleep(wait)
