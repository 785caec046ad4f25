"""Where am I in the routine: steps left, which stretch this is, help and misheard words mid-routine."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.handlers.base import SkillRequestHandler, speech_of
from skill.handlers.stretch_replies import active_position, outside_a_step, position_of, stay, stretch_ask


class StepsLeftIntentHandler(SkillRequestHandler):
    """"How many steps are left"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("StepsLeftIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        position = position_of(handler_input, self.ctx)
        if position is None or position.finished:
            return outside_a_step(handler_input, self.ctx, position)
        key = {0: "stretch.left.none", 1: "stretch.left.one"}.get(position.steps_after, "stretch.left.many")
        return stay(handler_input, speech_of(handler_input).say(key, count=position.steps_after,
                                                                routine=position.routine.name))


class CurrentStretchIntentHandler(SkillRequestHandler):
    """"Which stretch is this"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("CurrentStretchIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        position = position_of(handler_input, self.ctx)
        if position is None or position.finished:
            return outside_a_step(handler_input, self.ctx, position)
        return stay(handler_input, speech_of(handler_input).say(
            "stretch.current", number=position.number, total=position.total, routine=position.routine.name,
            name=position.step.move.name))


class StretchHelpIntentHandler(SkillRequestHandler):
    """Help mid-routine: the commands that move through it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_intent_name("AMAZON.HelpIntent")(handler_input)
                and active_position(handler_input, self.ctx) is not None)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        position = active_position(handler_input, self.ctx)
        return stretch_ask(handler_input, say("stretch.help", number=position.number, total=position.total,
                                              routine=position.routine.name),
                           say("stretch.step.reprompt"))


class StretchFallbackIntentHandler(SkillRequestHandler):
    """Words that match nothing mid-routine: the routine stays where it is, and we say what works."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_intent_name("AMAZON.FallbackIntent")(handler_input)
                and active_position(handler_input, self.ctx) is not None)

    def handle(self, handler_input: HandlerInput) -> Response:
        position = active_position(handler_input, self.ctx)
        return stay(handler_input, speech_of(handler_input).say(
            "stretch.fallback", number=position.number, total=position.total, routine=position.routine.name))
