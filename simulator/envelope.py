"""Alexa request envelopes, shaped like the ones a speaker sends (request JSON reference)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from foundations.alexa_api import REMINDERS_SCOPE
from simulator.nlu import Resolution
from simulator.slots import Heard, SlotFill

DEFAULT_USER_ID = "amzn1.ask.account.LOCAL-USER"
DEFAULT_DEVICE_ID = "amzn1.ask.device.LOCAL-DEVICE"
ACCESS_TOKEN = "local-simulator-access-token"
CONSENT_TOKEN = "local-simulator-consent-token"
# ``--grant`` names and the permission scopes Alexa lists for them.
GRANTABLE = {"reminders": REMINDERS_SCOPE}
# Alexa's API endpoint per region (developer.amazon.com, "Alexa Service APIs" regions).
API_ENDPOINTS = {
    "en-US": "https://api.amazonalexa.com", "en-CA": "https://api.amazonalexa.com",
    "en-GB": "https://api.eu.amazonalexa.com", "en-IN": "https://api.eu.amazonalexa.com",
    "en-AU": "https://api.fe.amazonalexa.com",
}
APL_RUNTIME = {"runtime": {"maxVersion": "2024.2"}}
# An Echo Show 8's landscape hub viewport.
SHOW_VIEWPORT = {
    "experiences": [{"arcMinuteWidth": 346, "arcMinuteHeight": 216, "canRotate": False, "canResize": False}],
    "mode": "HUB", "shape": "RECTANGLE", "pixelWidth": 1280, "pixelHeight": 800, "dpi": 160,
    "currentPixelWidth": 1280, "currentPixelHeight": 800, "touch": ["SINGLE"], "keyboard": [],
    "video": {"codecs": ["H_264_42", "H_264_41"]},
}


@dataclass(frozen=True)
class Device:
    """Who is speaking, to which skill, on what kind of speaker."""

    skill_id: str
    user_id: str = DEFAULT_USER_ID
    locale: str = "en-US"
    device_id: str = DEFAULT_DEVICE_ID
    apl: bool = False
    api_endpoint: str | None = None
    granted: frozenset[str] = frozenset()
    """Permission scopes the user granted the skill (``context.System.user.permissions``)."""

    def system(self) -> dict:
        interfaces = {"Alexa.Presentation.APL": APL_RUNTIME} if self.apl else {}
        user: dict = {"userId": self.user_id}
        if self.granted:
            user["permissions"] = {"consentToken": CONSENT_TOKEN,
                                   "scopes": {scope: {"status": "GRANTED"} for scope in sorted(self.granted)}}
        context = {
            "System": {
                "application": {"applicationId": self.skill_id},
                "user": user,
                "device": {"deviceId": self.device_id, "supportedInterfaces": interfaces},
                "apiEndpoint": self.api_endpoint or API_ENDPOINTS.get(self.locale, API_ENDPOINTS["en-US"]),
                "apiAccessToken": ACCESS_TOKEN,
            }
        }
        if self.apl:
            context["Viewport"] = SHOW_VIEWPORT
        return context


@dataclass
class Session:
    """An Alexa session: its ID, whether the next request is its first, and its attributes."""

    id: str
    new: bool = True
    attributes: dict | None = None

    @classmethod
    def start(cls) -> "Session":
        return cls(f"amzn1.echo-api.session.{uuid.uuid4()}")


def request_envelope(device: Device, session: Session, resolution: Resolution,
                     now: datetime | None = None) -> dict:
    """The envelope for a resolved utterance: a LaunchRequest or an IntentRequest."""
    now = now or datetime.now(timezone.utc)
    request = {
        "type": "LaunchRequest" if resolution.intent is None else "IntentRequest",
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "locale": device.locale,
    }
    if resolution.intent is not None:
        request["intent"] = {"name": resolution.intent, "confirmationStatus": "NONE"}
        if resolution.slot_names:
            request["intent"]["slots"] = {name: _slot(name, resolution.slots.get(name), device.skill_id)
                                          for name in resolution.slot_names}
    else:
        request["shouldLinkResultBeReturned"] = False
    return _envelope(device, session, request)


def connections_response_envelope(device: Device, session: Session, name: str, token: str, payload: dict,
                                  now: datetime | None = None) -> dict:
    """Alexa's ``Connections.Response`` after it ran the skill's ``Connections.SendRequest``."""
    now = now or datetime.now(timezone.utc)
    request = {
        "type": "Connections.Response",
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "locale": device.locale,
        "name": name,
        "status": {"code": "200", "message": "OK"},
        "token": token,
        "payload": payload,
    }
    return _envelope(device, session, request)


def _envelope(device: Device, session: Session, request: dict) -> dict:
    return {
        "version": "1.0",
        "session": {
            "new": session.new,
            "sessionId": session.id,
            "application": {"applicationId": device.skill_id},
            "attributes": dict(session.attributes or {}),
            "user": device.system()["System"]["user"],
        },
        "context": device.system(),
        "request": request,
    }


def _slot(name: str, fill: SlotFill | None, skill_id: str) -> dict:
    slot: dict = {"name": name, "confirmationStatus": "NONE"}
    if fill is None:
        return slot
    values = [_simple_value(fill.slot_type, heard, skill_id) for heard in fill.heard]
    slot["source"] = "USER"
    if fill.multiple:
        slot["slotValue"] = {"type": "List", "values": values}
        return slot
    slot.update({key: value for key, value in values[0].items() if key != "type"})
    slot["slotValue"] = values[0]
    return slot


def _simple_value(slot_type: str, heard: Heard, skill_id: str) -> dict:
    value: dict = {"type": "Simple", "value": heard.value}
    if slot_type.startswith("AMAZON."):
        return value
    entity = heard.entity
    value["resolutions"] = entity_resolutions(skill_id, slot_type, entity.name if entity else None,
                                              entity.id if entity else None)
    return value


def entity_resolutions(skill_id: str, slot_type: str, name: str | None, entity_id: str | None) -> dict:
    """A custom slot's ``resolutions`` as Alexa sends them: matched to ``entity_id`` (with its
    value ``name``), or ER_SUCCESS_NO_MATCH when ``entity_id`` is ``None``."""
    authority: dict = {"authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}"}
    if entity_id is None:
        authority["status"] = {"code": "ER_SUCCESS_NO_MATCH"}
    else:
        authority["status"] = {"code": "ER_SUCCESS_MATCH"}
        authority["values"] = [{"value": {"name": name, "id": entity_id}}]
    return {"resolutionsPerAuthority": [authority]}
