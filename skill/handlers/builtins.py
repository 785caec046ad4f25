"""Alexa's required built-in intents: help, stop, cancel and navigate home (fallback: questions.py)."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.handlers.base import SkillRequestHandler, ask, speech_of, tell


class HelpIntentHandler(SkillRequestHandler):
    """What the skill can do, and that it is not medical advice."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        return ask(handler_input, say("help.main"), say("help.reprompt"))


class StopIntentHandler(SkillRequestHandler):
    """Stop, cancel and navigate home all end the conversation politely."""

    INTENTS = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        return tell(handler_input, speech_of(handler_input).say("goodbye"))
