"""How the worker treats late, failing and in-flight deliveries (from the ``CRAMP_COACH_REMINDER_*`` settings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cramp_coach.config import Settings


@dataclass(frozen=True)
class DispatchPolicy:
    grace: timedelta = timedelta(minutes=10)
    """An occurrence later than this is logged as missed instead of being sent."""
    max_attempts: int = 5
    retry_base: timedelta = timedelta(minutes=1)
    """The wait after the first failed attempt; it doubles after each further one."""
    lease: timedelta = timedelta(minutes=2)
    """How long a claim holds; a worker stops starting deliveries from a batch before it runs out."""
    batch_size: int = 200

    @classmethod
    def from_settings(cls, settings: Settings) -> "DispatchPolicy":
        return cls(grace=timedelta(seconds=settings.reminder_grace_seconds),
                   max_attempts=settings.reminder_max_attempts,
                   retry_base=timedelta(seconds=settings.reminder_retry_base_seconds),
                   lease=timedelta(seconds=settings.reminder_lease_seconds),
                   batch_size=settings.reminder_batch_size)

    def backoff(self, attempts: int) -> timedelta:
        """The wait before the next attempt after ``attempts`` failed ones."""
        return self.retry_base * 2 ** (attempts - 1)
