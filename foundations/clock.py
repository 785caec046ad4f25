"""The wall clock, in one place: everything else takes ``now`` or a clock as an input."""
from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
