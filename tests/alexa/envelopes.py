"""Request envelopes for the reminder tests, built in code the way Alexa sends them: intents with
built-in values normalised (``PT2H``, ``21:00``) and custom values resolved, ``Connections.Response``,
skill events and ``Messaging.MessageReceived``; ``apiEndpoint`` points at the stand-in.

``Talk`` is one person on one device: it posts to ``/alexa`` and carries the session along.
"""
from __future__ import annotations

import uuid

from foundations.alexa_api import REMINDERS_SCOPE
from simulator.envelope import entity_resolutions
from tests.alexa.stand_in import AlexaStandIn
from tests.conftest import TEST_SKILL_ID

USER = "amzn1.ask.account.REMINDER-USER-ONE"
OTHER_USER = "amzn1.ask.account.REMINDER-USER-TWO"
DEVICE = "amzn1.ask.device.REMINDER-DEVICE-ONE"


def builtin(value: str) -> dict:
    """A built-in slot (AMAZON.DURATION, AMAZON.TIME) as Alexa fills it."""
    return {"value": value, "slotValue": {"type": "Simple", "value": value}}


def custom(slot_type: str, heard: str, slot_id: str | None) -> dict:
    """A custom slot: resolved to ``slot_id``, or heard but matching none of our values."""
    simple = {"type": "Simple", "value": heard, "resolutions": _resolutions(slot_type, slot_id)}
    return {"value": heard, "resolutions": simple["resolutions"], "slotValue": simple}


def custom_list(slot_type: str, *values: tuple[str, str | None]) -> dict:
    """A multiple-value custom slot ("mondays, wednesdays and fridays")."""
    return {"slotValue": {"type": "List", "values": [
        {"type": "Simple", "value": heard, "resolutions": _resolutions(slot_type, slot_id)}
        for heard, slot_id in values]}}


def _resolutions(slot_type: str, slot_id: str | None) -> dict:
    return entity_resolutions(TEST_SKILL_ID, slot_type, slot_id.lower() if slot_id else None, slot_id)


def kind(heard: str, slot_id: str | None) -> dict:
    return custom("REMINDER_KIND", heard, slot_id)


class Talk:
    """One person on one device talking to the skill through ``POST /alexa``."""

    def __init__(self, client, stand_in: AlexaStandIn, clock, user_id: str = USER, permitted: bool = False,
                 device_id: str = DEVICE):
        self.client, self.stand_in, self.clock = client, stand_in, clock
        self.user_id, self.device_id, self.permitted = user_id, device_id, permitted
        self.token = stand_in.session_token(user_id, permitted)
        self.session: dict | None = None

    def context(self) -> dict:
        user: dict = {"userId": self.user_id}
        if self.permitted:
            user["permissions"] = {"consentToken": "stand-in-consent",
                                   "scopes": {REMINDERS_SCOPE: {"status": "GRANTED"}}}
        return {"System": {"application": {"applicationId": TEST_SKILL_ID}, "user": user,
                           "device": {"deviceId": self.device_id, "supportedInterfaces": {}},
                           "apiEndpoint": self.stand_in.url, "apiAccessToken": self.token}}

    def grant(self) -> None:
        """The user allows reminders (as Alexa records it after an accepted AskFor)."""
        self.permitted = True
        self.stand_in.permitted.add(self.user_id)

    def post(self, request: dict, in_session: bool = True) -> dict:
        request = {"requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                   "timestamp": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ"), "locale": "en-US", **request}
        envelope = {"version": "1.0", "context": self.context(), "request": request}
        if in_session:
            if self.session is None:
                self.session = {"new": True, "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
                                "application": {"applicationId": TEST_SKILL_ID},
                                "user": {"userId": self.user_id}, "attributes": {}}
            envelope["session"] = self.session
        response = self.client.post("/alexa", json=envelope)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        if in_session and self.session is not None:
            self.session = {**self.session, "new": False, "attributes": body.get("sessionAttributes") or {}}
            if body["response"].get("shouldEndSession") is True:
                self.session = None
        return body

    def intent(self, name: str, **slots: dict) -> dict:
        filled = {slot: {"name": slot, "confirmationStatus": "NONE", **value} for slot, value in slots.items()}
        return self.post({"type": "IntentRequest", "dialogState": "COMPLETED",
                          "intent": {"name": name, "confirmationStatus": "NONE", "slots": filled}})

    def launch(self) -> dict:
        self.session = None
        return self.post({"type": "LaunchRequest"})

    def yes(self) -> dict:
        return self.intent("AMAZON.YesIntent")

    def no(self) -> dict:
        return self.intent("AMAZON.NoIntent")

    def permission_answer(self, answer: str, token: str, code: str = "200") -> dict:
        """Alexa's ``Connections.Response`` to our AskFor: ACCEPTED, DENIED or NOT_ANSWERED."""
        if answer == "ACCEPTED":
            self.grant()
        return self.post({"type": "Connections.Response", "name": "AskFor",
                          "status": {"code": code, "message": "OK" if code == "200" else "error"},
                          "token": token,
                          "payload": {"permissionScope": REMINDERS_SCOPE, "status": answer}})

    def event(self, event_type: str, body: dict | None = None) -> dict:
        """An ``AlexaSkillEvent.*`` request (no session)."""
        stamp = self.clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        request = {"type": event_type, "eventCreationTime": stamp, "eventPublishingTime": stamp}
        if body is not None:
            request["body"] = body
        return self.post(request, in_session=False)

    def deliver_messages(self) -> int:
        """Alexa calling back with each Skill Messaging message queued for this user."""
        mine = [message for message in self.stand_in.messages if message["user"] == self.user_id]
        for message in mine:
            self.stand_in.messages.remove(message)
            self.post({"type": "Messaging.MessageReceived", "message": message["data"]}, in_session=False)
        return len(mine)


def speech(body: dict) -> str:
    return body["response"].get("outputSpeech", {}).get("ssml", "")


def directives(body: dict) -> list[dict]:
    return body["response"].get("directives") or []
