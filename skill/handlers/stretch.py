"""Starting, listing and resuming guided stretch routines."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.handlers.base import SkillRequestHandler, speech_of
from skill.handlers.stretch_replies import catalogue, finished, go_to, no_routine, position_of, saved_position_of
from skill.slots import resolved_slot_ids, unmatched_slot_names
from skill.speech import spoken
from skill.stretch.progress import Position


class StartStretchIntentHandler(SkillRequestHandler):
    """"Walk me through a calf stretch", "start my bedtime routine": start by name or body part."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("StartStretchIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        slot_ids = resolved_slot_ids(handler_input)
        routines = self.ctx.routines
        routine = routines.get(slot_ids.get("routine")) or routines.for_body_part(slot_ids.get("bodyPart"))
        if routine is None:
            named_other = "bodyPart" in slot_ids or "bodyPart" in unmatched_slot_names(handler_input)
            lead = speech_of(handler_input).say("stretch.catalogue.unknown_body_part") if named_other else None
            return catalogue(handler_input, self.ctx, lead)
        lead = spoken(speech_of(handler_input).say("stretch.start", routine=routine.name), routines.safety.say)
        return go_to(handler_input, self.ctx, Position(routine, 0), lead)


class ListStretchesIntentHandler(SkillRequestHandler):
    """"What stretches do you have": the routines by name."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ListStretchesIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return catalogue(handler_input, self.ctx)


class ResumeStretchIntentHandler(SkillRequestHandler):
    """"Resume my stretch": carry on in this session, or at the step saved in an earlier one."""

    INTENTS = ("ResumeStretchIntent", "AMAZON.ResumeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        position = position_of(handler_input, self.ctx)
        if position is not None and position.finished:
            return finished(handler_input, position)
        if position is not None:
            return go_to(handler_input, self.ctx, position,
                         say("stretch.lead.carry_on", routine=position.routine.name))
        saved = saved_position_of(handler_input, self.ctx)
        if saved is None:
            return no_routine(handler_input, self.ctx)
        return go_to(handler_input, self.ctx, saved, say("stretch.lead.resume", routine=saved.routine.name))
