"""Opening the skill."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.handlers.base import SkillRequestHandler, ask
from skill.persistence import is_first_visit


class LaunchRequestHandler(SkillRequestHandler):
    """"Alexa, open cramp coach": the disclaimer on a first visit, a short greeting after."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        key = "launch.first" if is_first_visit(handler_input) else "launch.returning"
        return ask(handler_input, self.say(handler_input, key), self.say(handler_input, "launch.reprompt"))
