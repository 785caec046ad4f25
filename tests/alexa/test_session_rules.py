"""Session hygiene: every intent the model declares, in every state a conversation can be in.

Each reply is held to the session rule by ``tests/alexa_replies.py`` (the suite's hook runs it
on every ``POST /alexa``); here the walk also checks that Help ends with a question, Stop and
Cancel end the session, ``SessionEndedRequest`` gets no speech, and no handler fails on a
request without a session. The intents come from the generated model, so new ones are walked
as soon as they exist.
"""
from __future__ import annotations

import pytest

from foundations.settings import PROJECT_ROOT
from simulator.envelope import ACCESS_TOKEN, DEFAULT_USER_ID, Device, Session, request_envelope
from simulator.model import InteractionModel, model_path
from simulator.nlu import Nlu, Resolution
from skill.handlers.base import OFFER_ATTRIBUTE
from skill.handlers.lifecycle import CatchAllExceptionHandler
from skill.pending import DELETE, PENDING_ATTRIBUTE, TIME_ZONE, WHEN
from skill.stretch.progress import session_position
from skill.stretch.routines import RoutineBook
from tests.alexa.envelopes import DEVICE
from tests.alexa_replies import last_sentence, session_problems, speech_text
from tests.conftest import TEST_SKILL_ID

MODEL_DIR = PROJECT_ROOT / "interaction_model"
MODEL = InteractionModel.load(model_path(MODEL_DIR, "en-US"))
NLU = Nlu.for_locale(MODEL_DIR, "en-US")
ROUTINES = RoutineBook.load()
DEVICE_WITHOUT_ZONE = "amzn1.ask.device.NO-TIME-ZONE"
# Spoken stand-ins for Amazon's built-in slot types in sample utterances.
BUILT_IN_WORDS = {"AMAZON.NUMBER": "two", "AMAZON.DURATION": "two hours", "AMAZON.TIME": "nine pm",
                  "AMAZON.DATE": "tomorrow", "AMAZON.FirstName": "sam", "AMAZON.SearchQuery": "cramps"}
ENDING_INTENTS = ("AMAZON.StopIntent", "AMAZON.CancelIntent")
# How to reach each state, from a new session: what the person says, in order.
STATES = {
    "new session": [],
    "after launch": [None],
    "mid-stretch": ["walk me through a calf stretch"],
    "stretch finished": ["walk me through a calf stretch", "finish the routine"],
    "asked when to remind": ["remind me to drink water"],
    "asked which time zone": ["remind me to drink water every two hours"],
    "asked to confirm a delete": ["remind me to stretch at nine pm every day", "delete my stretch reminder"],
    "after an answer": ["what causes leg cramps"],
}


def asked(question: str):
    return lambda attributes: (attributes.get(PENDING_ATTRIBUTE) or {}).get("question") == question


def stretch_at(finished: bool):
    def check(attributes: dict) -> bool:
        position = session_position(attributes, ROUTINES)
        return position is not None and position.finished is finished
    return check


# What the session attributes hold once a state is reached (so a walk never tests the wrong state).
REACHED = {
    "new session": lambda attributes: attributes == {},
    "after launch": lambda attributes: PENDING_ATTRIBUTE not in attributes and "stretch" not in attributes,
    "mid-stretch": stretch_at(finished=False),
    "stretch finished": stretch_at(finished=True),
    "asked when to remind": asked(WHEN),
    "asked which time zone": asked(TIME_ZONE),
    "asked to confirm a delete": asked(DELETE),
    "after an answer": lambda attributes: bool(attributes.get(OFFER_ATTRIBUTE)),
}


def spoken_sample(intent: str) -> Resolution:
    """The intent as Alexa would send it for its first sample, slots filled with real values."""
    declared = MODEL.intents[intent]
    for sample in declared.samples:
        text = sample
        for name, slot_type in declared.slots.items():
            values = MODEL.slot_types.get(slot_type)
            text = text.replace(f"{{{name}}}", values[0].name if values else BUILT_IN_WORDS.get(slot_type, "two"))
        resolution = NLU.resolve(text)
        if resolution.intent == intent:
            return resolution
    return Resolution(intent, tuple(declared.slots))


class Walk:
    """One person on one device, posting real envelopes and carrying the session along."""

    def __init__(self, client, clock, device_id: str):
        self.client, self.clock = client, clock
        self.device = Device(TEST_SKILL_ID, device_id=device_id, api_endpoint=None)
        self.session: Session | None = None

    def use_stand_in(self, stand_in) -> None:
        self.device = Device(TEST_SKILL_ID, device_id=self.device.device_id, api_endpoint=stand_in.url)
        stand_in.tokens[ACCESS_TOKEN] = DEFAULT_USER_ID

    def post(self, envelope: dict) -> dict:
        response = self.client.post("/alexa", json=envelope)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def send(self, resolution: Resolution, attributes: dict | None = None) -> tuple[dict, dict]:
        session = self.session or Session.start()
        if attributes is not None:
            session = Session(session.id, new=False, attributes=attributes)
        envelope = request_envelope(self.device, session, resolution, self.clock())
        body = self.post(envelope)
        if body["response"].get("shouldEndSession") is True:
            self.session = None
        else:
            self.session = Session(session.id, new=False, attributes=body.get("sessionAttributes") or {})
        return envelope, body

    def say(self, utterance: str | None) -> dict:
        return self.send(Resolution(None) if utterance is None else NLU.resolve(utterance))[1]

    def reach(self, state: str) -> dict:
        """Say what leads to ``state``; the session attributes it leaves."""
        for utterance in STATES[state]:
            if utterance == "finish the routine":
                while not session_position(self.session.attributes, ROUTINES).finished:
                    self.say("next")
            else:
                self.say(utterance)
        return dict(self.session.attributes) if self.session else {}


@pytest.fixture
def failures(monkeypatch) -> list[str]:
    """Requests whose handler raised (the catch-all exception handler answered)."""
    caught: list[str] = []
    handle = CatchAllExceptionHandler.handle

    def recording(self, handler_input, exception):
        caught.append(f"{type(exception).__name__}: {exception}")
        return handle(self, handler_input, exception)

    monkeypatch.setattr(CatchAllExceptionHandler, "handle", recording)
    return caught


@pytest.mark.parametrize("state", STATES)
def test_every_intent_in_every_state_asks_with_a_reprompt_or_ends_the_session(alexa_app, stand_in, clock,
                                                                              failures, state):
    device = DEVICE_WITHOUT_ZONE if state == "asked which time zone" else DEVICE
    walk = Walk(alexa_app.test_client(), clock, device)
    walk.use_stand_in(stand_in)
    attributes = walk.reach(state)
    assert REACHED[state](attributes), attributes
    broken = []
    for intent in MODEL.intents:
        walk.session = None  # each intent answers the state itself, not the previous intent's reply
        envelope, body = walk.send(spoken_sample(intent), attributes if STATES[state] else None)
        broken += [f"{intent}: {problem}" for problem in session_problems(envelope, body)]
        response, speech = body["response"], speech_text(body["response"].get("outputSpeech"))
        if intent in ENDING_INTENTS and response.get("shouldEndSession") is not True:
            broken.append(f"{intent} did not end the session: {speech!r}")
        if intent == "AMAZON.HelpIntent" and not last_sentence(speech).endswith("?"):
            broken.append(f"help does not end with a question: {speech!r}")
    assert broken == [] and failures == []


@pytest.mark.parametrize("state", STATES)
def test_session_ended_request_in_every_state_gets_no_speech(alexa_app, stand_in, clock, failures, state):
    walk = Walk(alexa_app.test_client(), clock, DEVICE)
    walk.use_stand_in(stand_in)
    attributes = walk.reach(state)
    envelope = request_envelope(walk.device, Session(Session.start().id, new=False, attributes=attributes),
                                Resolution(None), clock())
    envelope["request"] = {"type": "SessionEndedRequest", "requestId": "amzn1.echo-api.request.ended",
                           "timestamp": envelope["request"]["timestamp"], "locale": "en-US",
                           "reason": "USER_INITIATED"}
    response = walk.post(envelope)["response"]
    assert "outputSpeech" not in response and "reprompt" not in response
    assert failures == []


@pytest.mark.parametrize("intent", list(MODEL.intents))
def test_every_intent_without_a_session_is_answered_without_failing(alexa_app, stand_in, clock, failures, intent):
    walk = Walk(alexa_app.test_client(), clock, DEVICE)
    walk.use_stand_in(stand_in)
    envelope = request_envelope(walk.device, Session.start(), spoken_sample(intent), clock())
    del envelope["session"]
    response = walk.post(envelope)["response"]
    assert failures == []
    assert response.get("outputSpeech") or response.get("directives"), response


def test_connections_response_without_a_session_is_answered_and_ends(alexa_app, stand_in, clock, failures):
    walk = Walk(alexa_app.test_client(), clock, DEVICE)
    walk.use_stand_in(stand_in)
    asked = walk.say("remind me to drink water every two hours")
    token = next(directive["token"] for directive in asked["response"]["directives"]
                 if directive["type"] == "Connections.SendRequest")
    stand_in.permitted.add(DEFAULT_USER_ID)
    envelope = request_envelope(walk.device, Session.start(), Resolution(None), clock())
    del envelope["session"]
    envelope["request"] = {"type": "Connections.Response", "requestId": "amzn1.echo-api.request.connections",
                           "timestamp": envelope["request"]["timestamp"], "locale": "en-US", "name": "AskFor",
                           "status": {"code": "200", "message": "OK"}, "token": token,
                           "payload": {"permissionScope": "alexa::alerts:reminders:skill:readwrite",
                                       "status": "ACCEPTED"}}
    response = walk.post(envelope)["response"]
    assert failures == []
    assert response["shouldEndSession"] is True
    assert "ring on your Alexa devices" in speech_text(response["outputSpeech"])
    assert len(stand_in.user_reminders(DEFAULT_USER_ID)) == 1
