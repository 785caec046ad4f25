"""The channel interface: ``deliver(message)`` returns once the message is handed over, or raises."""
from __future__ import annotations

from typing import Protocol

from scheduler.messages import ReminderMessage


class DeliveryError(Exception):
    """A message that was not delivered; the text is kept as the log's ``last_error``."""


class RetryableDeliveryError(DeliveryError):
    """It may work later (a network error, a busy server)."""


class PermanentDeliveryError(DeliveryError):
    """It will not work as configured; retrying is pointless."""


class Channel(Protocol):
    def deliver(self, message: ReminderMessage) -> None:
        """Hand the message over, or raise a ``DeliveryError``."""
