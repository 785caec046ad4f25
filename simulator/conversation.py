"""Conversations with the skill: utterances in, Alexa envelopes through ``POST /alexa``, replies out.

Sessions behave as on a speaker: a session lasts until the skill ends it
(``shouldEndSession: true``), its attributes travel from each response to the next request,
and "open cramp coach" always starts a fresh one. When the skill asks Alexa to ask the user for
a permission (``Connections.SendRequest`` AskFor), the simulator plays Alexa: it asks, and the
next utterance ("yes" / "no") comes back to the skill as the ``Connections.Response``; a "yes"
grants the permission for the rest of the conversation, as Alexa would.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

import requests
from flask import Flask

from foundations.settings import Settings
from foundations.ssml import plain_text
from simulator.alexa_apis import SimulatedAlexaApis
from simulator.envelope import Device, Session, connections_response_envelope, request_envelope
from simulator.nlu import Nlu, Resolution
from simulator.slots import Heard, SlotFill
from simulator.text import strip_invocation, words

ASK_FOR = "AskFor"
CONSENT_PROMPT = "(Alexa asks: Do you allow Cramp Coach to use your {permission}? Say yes or no.)"
PERMISSION_NAMES = {"alexa::alerts:reminders:skill:readwrite": "reminders"}
ALEXA_PATH = "/alexa"


class Transport(Protocol):
    def post(self, envelope: dict) -> tuple[int, dict]:
        """Send one request envelope; the HTTP status and the JSON body that came back."""


class InProcess:
    """``POST /alexa`` on the app's test client: the real endpoint and handlers, no socket."""

    def __init__(self, app: Flask):
        self.app = app
        self.client = app.test_client()

    def post(self, envelope: dict) -> tuple[int, dict]:
        response = self.client.post("/alexa", json=envelope)
        return response.status_code, response.get_json(silent=True) or {"error": response.get_data(as_text=True)}

    def close(self) -> None:
        self.app.extensions["cramp_coach"]["engine"].dispose()


class OverHttp:
    """``POST`` to a running server (``cramp-coach serve`` with ``CRAMP_COACH_VERIFY_REQUESTS=0``)."""

    def __init__(self, url: str, timeout_seconds: float = 30.0):
        self.url = alexa_url(url)
        self.timeout_seconds = timeout_seconds

    def post(self, envelope: dict) -> tuple[int, dict]:
        response = requests.post(self.url, json=envelope, timeout=self.timeout_seconds)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, {"error": response.text}

    def close(self) -> None:
        """Nothing to release."""


def alexa_url(url: str) -> str:
    """``POST /alexa`` of the server at ``url``: a server root (``http://127.0.0.1:8080``) gets
    ``/alexa``; a URL with a path is used as it is."""
    parts = urlsplit(url)
    if parts.path in ("", "/"):
        return urlunsplit(parts._replace(path=ALEXA_PATH))
    return url


@dataclass(frozen=True)
class Turn:
    """One exchange: what was heard, the envelopes sent and received."""

    utterance: str
    resolution: Resolution
    request: dict
    status: int
    response: dict
    alexa_says: str = ""
    """What Alexa itself says after the skill (a permission question)."""

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def text(self) -> str:
        """The reply as plain text (then Alexa's own question, if any); empty when nothing was said."""
        speech = (self.response.get("response") or {}).get("outputSpeech") or {}
        if speech.get("type") == "SSML":
            said = plain_text(speech.get("ssml", ""))
        else:
            said = " ".join(str(speech.get("text", "")).split())
        return " ".join(part for part in (said, self.alexa_says) if part)

    def permission_request(self) -> dict | None:
        """The skill's ``Connections.SendRequest`` AskFor directive, if it sent one."""
        for directive in (self.response.get("response") or {}).get("directives") or []:
            if directive.get("type") == "Connections.SendRequest" and directive.get("name") == ASK_FOR:
                return directive
        return None

    @property
    def ends_session(self) -> bool:
        return not self.ok or (self.response.get("response") or {}).get("shouldEndSession") is True

    def as_json(self) -> dict:
        """The turn as ``--json`` prints it: intent, slots as heard, both envelopes."""
        slots = {name: _slot_json(fill) for name, fill in self.resolution.slots.items()}
        return {"intent": self.resolution.intent, "slots": slots, "request": self.request,
                "response": self.response}


def _slot_json(fill: SlotFill) -> dict:
    def one(heard: Heard) -> dict:
        status = None
        if fill.custom:
            status = "ER_SUCCESS_MATCH" if heard.entity else "ER_SUCCESS_NO_MATCH"
        return {"value": heard.value, "id": heard.entity.id if heard.entity else None, "status": status}

    return {"values": [one(heard) for heard in fill.heard]} if fill.multiple else one(fill.heard[0])


class Simulator:
    """A person talking to the skill on one device."""

    def __init__(self, transport: InProcess | OverHttp, nlu: Nlu, device: Device,
                 apis: SimulatedAlexaApis | None = None):
        self.transport = transport
        self.nlu = nlu
        self.device = device
        self.apis = apis
        self.session: Session | None = None
        self.asked_permission: dict | None = None

    @classmethod
    def over_http(cls, url: str, settings: Settings, device: Device) -> "Simulator":
        return cls(OverHttp(url), Nlu.for_locale(settings.interaction_model_dir, device.locale), device)

    def send(self, utterance: str) -> Turn:
        """Say something in the current session, or in a new one if none is open."""
        resolution = self.nlu.resolve(utterance)
        if self.session is None or resolution.intent is None:
            self.session = Session.start()
            self.asked_permission = None
        if self.asked_permission is not None:
            envelope = self._permission_answer(resolution)
        else:
            envelope = request_envelope(self.device, self.session, resolution)
        status, body = self.transport.post(envelope)
        turn = Turn(utterance, resolution, envelope, status, body)
        self.session.new = False
        self.session.attributes = body.get("sessionAttributes") or {}
        self.asked_permission = turn.permission_request() if turn.ok else None
        if self.asked_permission is not None:
            scope = (self.asked_permission.get("payload") or {}).get("permissionScope", "")
            turn = replace(turn, alexa_says=CONSENT_PROMPT.format(permission=PERMISSION_NAMES.get(scope, scope)))
        if turn.ends_session:
            self.session = None
        return turn

    def converse(self, utterance: str) -> Turn:
        """One utterance of a conversation given in advance (``cramp-coach say``): it continues
        the open session, unless it is addressed to the skill by name ("ask cramp coach …"),
        which on a speaker starts a new one."""
        if strip_invocation(utterance, self.nlu.model.invocation_name) != " ".join(words(utterance)):
            self.session = None
        return self.send(utterance)

    def say(self, utterance: str) -> Turn:
        """A one-shot request ("Alexa, ask cramp coach …") in a session of its own."""
        self.session = None
        turn = self.send(utterance)
        self.session = None
        return turn

    def close(self) -> None:
        self.transport.close()

    def _permission_answer(self, resolution: Resolution) -> dict:
        """Alexa's ``Connections.Response`` for the user's answer to its permission question."""
        asked, self.asked_permission = self.asked_permission, None
        scope = (asked.get("payload") or {}).get("permissionScope", "")
        answer = {"AMAZON.YesIntent": "ACCEPTED", "AMAZON.NoIntent": "DENIED"}.get(resolution.intent, "NOT_ANSWERED")
        if answer == "ACCEPTED":
            self.device = replace(self.device, granted=self.device.granted | {scope})
            if self.apis is not None:
                self.apis.granted.add(scope)
        return connections_response_envelope(self.device, self.session, ASK_FOR, asked.get("token", ""),
                                             {"permissionScope": scope, "status": answer})
