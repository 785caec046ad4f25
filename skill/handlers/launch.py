"""Opening the skill."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.handlers.base import SkillRequestHandler, ask, speech_of
from skill.launch_facts import launch_facts
from skill.persistence import is_first_visit
from skill.stretch.progress import resumable_position


class LaunchRequestHandler(SkillRequestHandler):
    """"Alexa, open cramp coach": the disclaimer on a first visit, then a greeting or a paused stretch."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        if is_first_visit(handler_input):
            return ask(handler_input, say("launch.first"), say("launch.reprompt"))
        facts = launch_facts(handler_input)
        saved = None if facts is None else resumable_position(self.ctx.routines, facts.stretch_routine_id,
                                                              facts.stretch_step_index)
        if saved is not None:
            speech = say("stretch.saved", routine=saved.routine.name, number=saved.number, total=saved.total)
            return ask(handler_input, speech, say("stretch.no_routine_reprompt"))
        return ask(handler_input, say("launch.returning"), say("launch.reprompt"))
