"""The wait before trying again: doubling after each failed attempt, up to a cap."""
from __future__ import annotations

from datetime import timedelta


def backoff(first: timedelta, attempts: int, cap: timedelta | None = None) -> timedelta:
    """The wait after ``attempts`` failed attempts: ``first``, then twice that, and so on, at most ``cap``."""
    wait = first * 2 ** (attempts - 1)
    return wait if cap is None else min(wait, cap)
