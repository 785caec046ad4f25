"""How the worker treats late, failing, slow and in-flight deliveries (from the ``CRAMP_COACH_REMINDER_*`` settings)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from limits import parse

from foundations.settings import ConfigError, Settings
from reminders.backoff import backoff

MAX_JITTER = timedelta(seconds=60)


@dataclass(frozen=True)
class DispatchPolicy:
    grace: timedelta = timedelta(minutes=10)
    """A delivery not attempted this long after it was ready is logged as missed instead of sent."""
    max_attempts: int = 5
    retry_base: timedelta = timedelta(minutes=1)
    """The wait after the first failed attempt; it doubles after each further one."""
    lease: timedelta = timedelta(minutes=2)
    """How long a claim holds before another worker may take the rows; extended while working."""
    batch_size: int = 200
    """Deliveries per claim from the queue; expansion claims five times as many schedules at once
    (and, for the worker expanding them, their deliveries ready at once)."""
    delivery_timeout: timedelta = timedelta(seconds=10)
    """The most one send may take; a quarter of the lease at most."""
    send_concurrency: int = 16
    """Sends in flight at once per worker process."""
    result_group: int = 50
    """Results written per transaction (at least every ``result_interval``)."""
    result_interval: timedelta = timedelta(milliseconds=250)
    jitter: timedelta = timedelta(0)
    """Each schedule's occurrences go out up to this much later (a fixed offset per schedule, ≤ 60 s)."""
    rate_limits: dict[str, str] = field(default_factory=dict)
    """Per channel kind (``alexa``, ``apprise``), a ``limits`` rate such as ``50/second``: sends beyond it wait."""
    rate_limit_storage_uri: str = "memory://"

    def __post_init__(self) -> None:
        object.__setattr__(self, "jitter", min(max(self.jitter, timedelta(0)), MAX_JITTER))
        object.__setattr__(self, "delivery_timeout", min(self.delivery_timeout, self.lease / 4))

    @classmethod
    def from_settings(cls, settings: Settings) -> "DispatchPolicy":
        return cls(grace=timedelta(seconds=settings.reminder_grace_seconds),
                   max_attempts=settings.reminder_max_attempts,
                   retry_base=timedelta(seconds=settings.reminder_retry_base_seconds),
                   lease=timedelta(seconds=settings.reminder_lease_seconds),
                   batch_size=settings.reminder_batch_size,
                   delivery_timeout=timedelta(seconds=settings.reminder_delivery_timeout_seconds),
                   send_concurrency=max(1, settings.reminder_send_concurrency),
                   jitter=timedelta(seconds=settings.reminder_jitter_seconds),
                   rate_limits=parse_rate_limits(settings.reminder_rate_limits),
                   rate_limit_storage_uri=settings.rate_limit_storage_uri)

    def backoff(self, attempts: int) -> timedelta:
        """The wait before the next attempt after ``attempts`` failed ones."""
        return backoff(self.retry_base, attempts)


def parse_rate_limits(text: str) -> dict[str, str]:
    """``"alexa=50/second, apprise=200/second"`` as ``{"alexa": "50/second", …}``."""
    limits = {}
    for part in filter(None, (piece.strip() for piece in text.replace(";", ",").split(","))):
        kind, _, rate = part.partition("=")
        try:
            parse(rate.strip())
        except ValueError:
            raise ConfigError(f"CRAMP_COACH_REMINDER_RATE_LIMITS: {part!r} is not like alexa=50/second") from None
        limits[kind.strip()] = rate.strip()
    return limits
