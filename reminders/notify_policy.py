"""This deployment's rules for notification addresses: where they may go, and how many.

``check_notify_address`` runs whenever an address is saved (``reminders.spec`` calls it, so the
web form, the voice side and ``cramp-coach reminders add --notify`` refuse the same addresses);
``reminders.channels.guard.guarded_send`` wraps every send with the same allow-list, so a host
whose DNS changed since, or a redirect into an internal network, is refused again
(``foundations.outbound`` has the rules themselves).

Settings come from the environment when used (``CRAMP_COACH_ALLOWED_NOTIFY_HOSTS``,
``CRAMP_COACH_MAX_REMINDERS_PER_USER``, ``CRAMP_COACH_MAX_ADDRESSES_PER_REMINDER``,
``CRAMP_COACH_TEST_NOTIFICATIONS_PER_HOUR``): the worker, the web pages and the command line
share them without passing settings through every call.
"""
from __future__ import annotations

from foundations.outbound import AllowList, OutboundRefused, check_address
from foundations.settings import Settings, settings_from_env
from reminders.parsing import ScheduleError


def current_settings() -> Settings:
    return settings_from_env()


def allow_list() -> AllowList:
    return AllowList.parse(current_settings().allowed_notify_hosts)


def check_notify_address(url: str) -> None:
    """Raise ``ScheduleError`` with the reason if the address may not be saved."""
    try:
        check_address(url, allow_list())
    except OutboundRefused as refused:
        raise ScheduleError(str(refused)) from None


def max_reminders_per_user() -> int:
    return current_settings().max_reminders_per_user


def max_addresses_per_reminder() -> int:
    return current_settings().max_addresses_per_reminder


def hourly_test_notifications() -> int:
    return current_settings().test_notifications_per_hour
