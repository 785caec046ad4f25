"""A conversation with the stretch coach through POST /alexa: one realistic envelope per turn,
carrying the session attributes back the way Alexa does, every response checked as SSML."""
from __future__ import annotations

import re
from dataclasses import dataclass

from foundations.ssml import break_seconds, plain_text, ssml_problems
from simulator.envelope import entity_resolutions
from tests.conftest import TEST_SKILL_ID
from tests.envelopes import load_envelope

BREAK = re.compile(r'<break time="([^"]+)"/>')


def breaks_of(ssml: str) -> list[float]:
    """The seconds of each <break> in an SSML document, in order."""
    return [break_seconds(value) for value in BREAK.findall(ssml)]


@dataclass(frozen=True)
class Turn:
    """What the person hears and sees after one thing they said."""

    body: dict

    @property
    def ssml(self) -> str:
        return self.body["response"]["outputSpeech"]["ssml"]

    @property
    def speech(self) -> str:
        return plain_text(self.ssml)

    @property
    def reprompt(self) -> str:
        reprompt = self.body["response"].get("reprompt")
        return plain_text(reprompt["outputSpeech"]["ssml"]) if reprompt else ""

    @property
    def ends_session(self) -> bool:
        return bool(self.body["response"].get("shouldEndSession"))

    @property
    def directives(self) -> list[dict]:
        return self.body["response"].get("directives") or []


def slot(name: str, entity_id: str | None, spoken: str) -> dict:
    """A slot as Alexa sends it: matched to an entity ID, or heard but matching none (ID None)."""
    return {"name": name, "value": spoken, "confirmationStatus": "NONE",
            "resolutions": entity_resolutions(TEST_SKILL_ID, name, spoken, entity_id)}


class Conversation:
    """One person talking to the skill, session after session."""

    def __init__(self, client, clock, fixture: str = "start_calf_stretch", user_id: str | None = None):
        self.client = client
        self.clock = clock
        self.fixture = fixture
        self.user_id = user_id
        self.attributes: dict | None = None

    def say(self, intent: str, *slots: dict) -> Turn:
        envelope = load_envelope(self.fixture, self.clock())
        envelope["session"]["new"] = self.attributes is None
        envelope["session"]["attributes"] = self.attributes or {}
        envelope["request"]["intent"] = {"name": intent, "confirmationStatus": "NONE",
                                         "slots": {item["name"]: item for item in slots}}
        if self.user_id:
            envelope["session"]["user"]["userId"] = self.user_id
            envelope["context"]["System"]["user"]["userId"] = self.user_id
        turn = self.post(envelope)
        self.attributes = None if turn.ends_session else turn.body.get("sessionAttributes", {})
        return turn

    def post(self, envelope: dict) -> Turn:
        response = self.client.post("/alexa", json=envelope)
        assert response.status_code == 200, response.get_data(as_text=True)
        turn = Turn(response.get_json())
        if "outputSpeech" in turn.body["response"]:
            assert ssml_problems(turn.ssml) == []
        if turn.body["response"].get("reprompt"):
            assert ssml_problems(turn.body["response"]["reprompt"]["outputSpeech"]["ssml"]) == []
        return turn

    def time_out(self) -> None:
        """The session times out: Alexa sends SessionEndedRequest, without session attributes."""
        self.post(load_envelope("session_ended_timeout", self.clock()))
        self.attributes = None

    def start(self, routine_id: str) -> Turn:
        return self.say("StartStretchIntent", slot("routine", routine_id, routine_id.lower()))
