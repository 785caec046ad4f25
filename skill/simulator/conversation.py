"""Conversations with the skill: utterances in, Alexa envelopes through ``POST /alexa``, replies out.

Sessions behave as on a speaker: a session lasts until the skill ends it
(``shouldEndSession: true``), its attributes travel from each response to the next request,
and "open cramp coach" always starts a fresh one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import requests
from flask import Flask

from cramp_coach.app import create_app
from cramp_coach.config import Settings
from models.database import migrate
from skill.simulator.envelope import Device, Session, request_envelope
from skill.simulator.nlu import Nlu, Resolution
from skill.simulator.slots import Heard, SlotFill
from skill.ssml import plain_text


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
        self.url = url
        self.timeout_seconds = timeout_seconds

    def post(self, envelope: dict) -> tuple[int, dict]:
        response = requests.post(self.url, json=envelope, timeout=self.timeout_seconds)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, {"error": response.text}

    def close(self) -> None:
        """Nothing to release."""


@dataclass(frozen=True)
class Turn:
    """One exchange: what was heard, the envelopes sent and received."""

    utterance: str
    resolution: Resolution
    request: dict
    status: int
    response: dict

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def text(self) -> str:
        """The reply as plain text; empty when the skill said nothing."""
        speech = (self.response.get("response") or {}).get("outputSpeech") or {}
        if speech.get("type") == "SSML":
            return plain_text(speech.get("ssml", ""))
        return " ".join(str(speech.get("text", "")).split())

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

    def __init__(self, transport: InProcess | OverHttp, nlu: Nlu, device: Device):
        self.transport = transport
        self.nlu = nlu
        self.device = device
        self.session: Session | None = None

    @classmethod
    def in_process(cls, settings: Settings, device: Device) -> "Simulator":
        """The skill built from ``settings`` in this process, its database migrated first."""
        nlu = Nlu.for_locale(settings.interaction_model_dir, device.locale)
        migrate(settings.database_url)
        app = create_app(settings.with_overrides(verify_requests=False), warn_when_unverified=False)
        return cls(InProcess(app), nlu, device)

    @classmethod
    def over_http(cls, url: str, settings: Settings, device: Device) -> "Simulator":
        return cls(OverHttp(url), Nlu.for_locale(settings.interaction_model_dir, device.locale), device)

    def send(self, utterance: str) -> Turn:
        """Say something in the current session, or in a new one if none is open."""
        resolution = self.nlu.resolve(utterance)
        if self.session is None or resolution.intent is None:
            self.session = Session.start()
        envelope = request_envelope(self.device, self.session, resolution)
        status, body = self.transport.post(envelope)
        turn = Turn(utterance, resolution, envelope, status, body)
        self.session.new = False
        self.session.attributes = body.get("sessionAttributes") or {}
        if turn.ends_session:
            self.session = None
        return turn

    def say(self, utterance: str) -> Turn:
        """A one-shot request ("Alexa, ask cramp coach …") in a session of its own."""
        self.session = None
        turn = self.send(utterance)
        self.session = None
        return turn

    def close(self) -> None:
        self.transport.close()
