"""Starting, listing and resuming guided stretch routines."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.handlers.stretch_base import StretchRequestHandler
from skill.slots import resolved_slot_ids, unmatched_slot_names
from skill.stretch.progress import Position


class StartStretchIntentHandler(StretchRequestHandler):
    """"Walk me through a calf stretch", "start my bedtime routine": start by name or body part."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("StartStretchIntent")(handler_input)

    def respond(self, handler_input: HandlerInput) -> Response:
        slot_ids = resolved_slot_ids(handler_input)
        routine = (self.routines.get(slot_ids.get("routine"))
                   or self.routines.for_body_part(slot_ids.get("bodyPart")))
        if routine is None:
            named_other = "bodyPart" in slot_ids or "bodyPart" in unmatched_slot_names(handler_input)
            lead = self.say(handler_input, "stretch.catalogue.unknown_body_part") if named_other else ""
            return self.catalogue(handler_input, lead)
        lead = f"{self.say(handler_input, 'stretch.start', routine=routine.name)} {self.routines.safety.say}"
        return self.go_to(handler_input, Position(routine, 0), lead)


class ListStretchesIntentHandler(StretchRequestHandler):
    """"What stretches do you have": the routines by name."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ListStretchesIntent")(handler_input)

    def respond(self, handler_input: HandlerInput) -> Response:
        return self.catalogue(handler_input)


class ResumeStretchIntentHandler(StretchRequestHandler):
    """"Resume my stretch": carry on in this session, or at the step saved in an earlier one."""

    INTENTS = ("ResumeStretchIntent", "AMAZON.ResumeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.INTENTS)

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is not None and position.finished:
            return self.finished(handler_input, position)
        if position is not None:
            lead = self.say(handler_input, "stretch.lead.carry_on", routine=position.routine.name)
            return self.go_to(handler_input, position, lead)
        saved = self.saved(handler_input)
        if saved is None:
            return self.no_routine(handler_input)
        lead = self.say(handler_input, "stretch.lead.resume", routine=saved.routine.name)
        return self.go_to(handler_input, saved, lead)
