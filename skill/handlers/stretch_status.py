"""Where am I in the routine: steps left, which stretch this is, help and misheard words mid-routine."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.handlers.base import ask
from skill.handlers.stretch_base import CurrentStepHandler, StretchRequestHandler
from skill.stretch.progress import Position
from skill.stretch.ssml import text_ssml


class StepsLeftIntentHandler(CurrentStepHandler):
    """"How many steps are left"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("StepsLeftIntent")(handler_input)

    def respond_at(self, handler_input: HandlerInput, position: Position) -> Response:
        key = {0: "stretch.left.none", 1: "stretch.left.one"}.get(position.steps_after, "stretch.left.many")
        return self.stay(handler_input, self.say(handler_input, key, count=position.steps_after,
                                                 routine=position.routine.name))


class CurrentStretchIntentHandler(CurrentStepHandler):
    """"Which stretch is this"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("CurrentStretchIntent")(handler_input)

    def respond_at(self, handler_input: HandlerInput, position: Position) -> Response:
        return self.stay(handler_input, self.say(handler_input, "stretch.current", number=position.number,
                                                 total=position.total, routine=position.routine.name,
                                                 name=position.step.move.name))


class StretchHelpIntentHandler(StretchRequestHandler):
    """Help mid-routine: the commands that move through it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input) and self.active(handler_input) is not None

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.active(handler_input)
        speech = self.say(handler_input, "stretch.help", number=position.number, total=position.total,
                          routine=position.routine.name)
        return ask(handler_input, text_ssml(speech), text_ssml(self.say(handler_input, "stretch.step.reprompt")))


class StretchFallbackIntentHandler(StretchRequestHandler):
    """Words that match nothing mid-routine: the routine stays where it is, and we say what works."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.FallbackIntent")(handler_input) and self.active(handler_input) is not None

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.active(handler_input)
        return self.stay(handler_input, self.say(handler_input, "stretch.fallback", number=position.number,
                                                 total=position.total, routine=position.routine.name))
