"""The delivery log's channel keys: ``alexa``, ``apprise:<notification channel id>``,
``account:<account address id>``, or ``none`` for an occurrence that had no channel at all."""
from __future__ import annotations

from models import AccountAddress, NotificationChannel

ALEXA = "alexa"
APPRISE = "apprise"
ACCOUNT = "account"
NO_CHANNEL = "none"
"""The delivery-log key of an occurrence that had no channel at all."""


def apprise_key(channel: NotificationChannel) -> str:
    """``apprise:7``: the key of one of a schedule's own notification addresses."""
    return f"{APPRISE}:{channel.id}"


def account_key(address: AccountAddress) -> str:
    """``account:3``: the key of one of the account's addresses for all reminders."""
    return f"{ACCOUNT}:{address.id}"
