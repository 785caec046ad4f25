"""The channel interface: ``deliver(message)`` returns once the message is handed over, or raises."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from reminders.messages import ReminderMessage


class DeliveryError(Exception):
    """A message that was not delivered; the text is kept as the log's ``last_error``."""


class RetryableDeliveryError(DeliveryError):
    """It may work later (a network error, a busy server)."""


class PermanentDeliveryError(DeliveryError):
    """It will not work as configured; retrying is pointless."""


class DeliveryTimeout(DeliveryError):
    """The receiver did not answer in time. Once the request went out it may well have arrived,
    so it is not sent again (a slow receiver would otherwise get every reminder five times)."""

    def __init__(self, message: str, may_have_arrived: bool):
        super().__init__(message)
        self.may_have_arrived = may_have_arrived


class RateLimited(DeliveryError):
    """The channel asks us to slow down (HTTP 429): the delivery waits, it does not fail."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Unavailable:
    """What a channel factory returns when the schedule has the channel but it cannot deliver."""

    reason: str


class Channel(Protocol):
    def deliver(self, message: ReminderMessage) -> None:
        """Hand the message over, or raise a ``DeliveryError``."""
