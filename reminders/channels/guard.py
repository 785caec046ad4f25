"""Sends that may reach only allowed hosts: the outbound rules again, at the moment of sending."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from foundations.outbound import OutboundRefused, check_address, guarded_connections
from reminders.channels.base import PermanentDeliveryError
from reminders.notify_policy import allow_list


@contextmanager
def guarded_send(url: str) -> Iterator[None]:
    """Send inside this block: the address is checked again, and every host it connects to
    (redirects included). Raises ``PermanentDeliveryError`` saying why when one is refused."""
    allowed = allow_list()
    try:
        check_address(url, allowed, resolve=False)
        with guarded_connections(allowed):
            yield
    except OutboundRefused as refused:
        raise PermanentDeliveryError(f"Not sent: {refused}") from None
