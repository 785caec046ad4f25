"""Alexa services in a skill session: the session's attributes, the recognised speaker, and for
reminders the user's permission, the device's time zone, the Reminders API client, and asking
for the permission by voice (with a card fallback).

The SDK's service clients come from the request's ``service_client_factory``: they call the
request's ``apiEndpoint`` with its ``apiAccessToken``.
"""
from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import PermissionStatus, Response
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.services.reminder_management import ReminderManagementServiceClient
from ask_sdk_model.ui import AskForPermissionsConsentCard
from markupsafe import Markup

from foundations.alexa_api import REMINDERS_SCOPE, AlexaApiError, call_alexa
from skill.speech import require_markup

log = logging.getLogger(__name__)
ASK_FOR = "AskFor"
# Request attribute standing in for the session's attributes when a request has none.
SESSIONLESS_ATTRIBUTES = "sessionless_attributes"


def session_attributes(handler_input: HandlerInput) -> dict:
    """The session's attributes. Skill events, Skill Messaging callbacks and some clients'
    ``Connections.Response`` come without a session (the SDK then refuses its attributes): what
    a handler keeps there lasts for this request only."""
    if handler_input.request_envelope.session is None:
        return handler_input.attributes_manager.request_attributes.setdefault(SESSIONLESS_ATTRIBUTES, {})
    return handler_input.attributes_manager.session_attributes


def person_id(handler_input: HandlerInput) -> str | None:
    """The recognised speaker Alexa names in ``context.System.person``, if any."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    person = getattr(system, "person", None)
    return getattr(person, "person_id", None) or None


def reminders_api(handler_input: HandlerInput) -> ReminderManagementServiceClient:
    return handler_input.service_client_factory.get_reminder_management_service()


def has_reminders_permission(handler_input: HandlerInput) -> bool:
    """Whether the request says the user granted the reminders permission."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    permissions = getattr(user, "permissions", None)
    if permissions is None:
        return False
    if permissions.scopes:
        scope = permissions.scopes.get(REMINDERS_SCOPE)
        return scope is not None and scope.status == PermissionStatus.GRANTED
    return bool(permissions.consent_token)


def device_time_zone(handler_input: HandlerInput) -> str | None:
    """The device's IANA time zone from the settings API, or ``None`` if it cannot be had."""
    device = getattr(handler_input.request_envelope.context.system, "device", None)
    if device is None or not device.device_id:
        return None
    settings = handler_input.service_client_factory.get_ups_service()
    try:
        zone = call_alexa("device_time_zone", settings.get_system_time_zone, device.device_id)
    except AlexaApiError as error:
        log.info("device time zone unavailable: %s", error)
        return None
    try:
        return ZoneInfo(str(zone)).key if zone else None
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("device reported an unknown time zone %r", zone)
        return None


def ask_for_permission(handler_input: HandlerInput, speech: Markup, token: str) -> Response:
    """Speak, then let Alexa ask for the reminders permission; ``Connections.Response`` follows."""
    payload = {"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": REMINDERS_SCOPE}
    return (handler_input.response_builder.speak(require_markup(speech))
            .add_directive(SendRequestDirective(name=ASK_FOR, payload=payload, token=token)).response)


def add_consent_card(handler_input: HandlerInput) -> None:
    """The Alexa app card that lets the user grant the reminders permission there."""
    handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE]))
