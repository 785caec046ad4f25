"""Opening the skill."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask
from skill.launch_facts import launch_facts
from skill.persistence import is_first_visit
from skill.stretch.progress import resumable_position
from skill.stretch.routines import RoutineBook
from skill.stretch.ssml import text_ssml


class LaunchRequestHandler(SkillRequestHandler):
    """"Alexa, open cramp coach": the disclaimer on a first visit, then a greeting or a paused stretch."""

    def __init__(self, ctx: SkillContext, routines: RoutineBook):
        super().__init__(ctx)
        self.routines = routines

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        if is_first_visit(handler_input):
            return ask(handler_input, self.say(handler_input, "launch.first"),
                       self.say(handler_input, "launch.reprompt"))
        facts = launch_facts(handler_input)
        saved = None if facts is None else resumable_position(self.routines, facts.stretch_routine_id,
                                                              facts.stretch_step_index)
        if saved is not None:
            speech = self.say(handler_input, "stretch.saved", routine=saved.routine.name,
                              number=saved.number, total=saved.total)
            return ask(handler_input, text_ssml(speech), text_ssml(self.say(handler_input, "stretch.no_routine_reprompt")))
        return ask(handler_input, self.say(handler_input, "launch.returning"),
                   self.say(handler_input, "launch.reprompt"))
