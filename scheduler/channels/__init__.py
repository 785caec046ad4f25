"""Where reminders go. Each channel has one method, ``deliver(message)``, which returns when the
message was handed over and raises ``RetryableDeliveryError`` or ``PermanentDeliveryError``
when it was not.

A schedule's channels are named by keys stored in the delivery log: ``apprise:<id>`` for each of
its notification addresses, and ``alexa`` when its Alexa channel is on. The registry maps the
part before the colon to a factory (``scheduler.channels.alexa`` for ``alexa``).
"""
from __future__ import annotations

from typing import Callable

from models import ReminderSchedule
from scheduler.channels.alexa import alexa_channel_for
from scheduler.channels.apprise_channel import apprise_channel_for
from scheduler.channels.base import (Channel, DeliveryError, PermanentDeliveryError,
                                     RetryableDeliveryError)

ALEXA = "alexa"
APPRISE = "apprise"
__all__ = ["ALEXA", "APPRISE", "Channel", "ChannelFactory", "ChannelRegistry", "DeliveryError",
           "PermanentDeliveryError", "RetryableDeliveryError", "default_registry"]


ChannelFactory = Callable[[ReminderSchedule, str], Channel | None]
"""Builds the channel for a schedule and the key's part after the colon (``""`` if none);
``None`` when the schedule no longer has that channel."""


class ChannelRegistry:
    """The channel factories by kind (``apprise``, ``alexa``, …)."""

    def __init__(self, factories: dict[str, ChannelFactory]):
        self.factories = dict(factories)

    def register(self, kind: str, factory: ChannelFactory) -> None:
        self.factories[kind] = factory

    def keys_for(self, schedule: ReminderSchedule) -> list[str]:
        """The channel keys a schedule's occurrence goes to now: its channels whose kind is
        registered here and whose factory can build them."""
        keys = [ALEXA] if schedule.alexa_enabled else []
        keys += [f"{APPRISE}:{channel.id}" for channel in schedule.notify_channels]
        return [key for key in keys if self.channel_for(schedule, key) is not None]

    def channel_for(self, schedule: ReminderSchedule, key: str) -> Channel | None:
        kind, _, reference = key.partition(":")
        factory = self.factories.get(kind)
        return factory(schedule, reference) if factory is not None else None


def default_registry() -> ChannelRegistry:
    """Apprise notifications and the Alexa reminders."""
    return ChannelRegistry({APPRISE: apprise_channel_for, ALEXA: alexa_channel_for})
