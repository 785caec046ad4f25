"""Moving through a routine: next or skip, back, repeat, start over, pause and stop."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from skill.handlers.base import SkillRequestHandler, speech_of, tell
from skill.handlers.stretch_replies import (active_position, finished, go_to, no_routine, outside_a_step,
                                            position_of, saved_position_of, stretch_ask)
from skill.speech import spoken
from skill.stretch.progress import Position


class NextIntentHandler(SkillRequestHandler):
    """"Next" or "skip": the following step (of the saved routine in a new session), or the wrap-up."""

    LEADS = {"AMAZON.NextIntent": "", "SkipStepIntent": "stretch.lead.skip"}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input) and get_intent_name(handler_input) in self.LEADS

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        lead_key = self.LEADS[get_intent_name(handler_input)]
        leads = [say(lead_key)] if lead_key else []
        position = position_of(handler_input, self.ctx)
        if position is None:
            # "Alexa, ask cramp coach for the next step" after the session timed out mid-routine.
            position = saved_position_of(handler_input, self.ctx)
            if position is None:
                return no_routine(handler_input, self.ctx)
            leads.insert(0, say("stretch.lead.picking_up", routine=position.routine.name))
        if position.finished:
            return finished(handler_input, position)
        return go_to(handler_input, self.ctx, Position(position.routine, position.index + 1), spoken(*leads))


class PreviousIntentHandler(SkillRequestHandler):
    """"Back": the step before (the first step again when already there)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.PreviousIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        position = position_of(handler_input, self.ctx)
        if position is None:
            return no_routine(handler_input, self.ctx)
        if position.index == 0:
            return go_to(handler_input, self.ctx, position, say("stretch.lead.first_already"))
        previous = Position(position.routine, position.index - 1)
        return go_to(handler_input, self.ctx, previous, say("stretch.lead.back"))


class RepeatIntentHandler(SkillRequestHandler):
    """"Repeat": the current step again; outside a routine, how to hear an answer again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        position = position_of(handler_input, self.ctx)
        if position is None:
            return stretch_ask(handler_input, say("stretch.repeat_outside"), say("follow_up.reprompt"))
        if position.finished:
            return finished(handler_input, position)
        return go_to(handler_input, self.ctx, position, say("stretch.lead.repeat"))


class StartOverIntentHandler(SkillRequestHandler):
    """"Start over": the first step of this session's routine, or of the one saved earlier."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        position = position_of(handler_input, self.ctx) or saved_position_of(handler_input, self.ctx)
        if position is None:
            return no_routine(handler_input, self.ctx)
        lead = speech_of(handler_input).say("stretch.lead.start_over")
        return go_to(handler_input, self.ctx, Position(position.routine, 0), lead)


class PauseIntentHandler(SkillRequestHandler):
    """"Pause": keep the step for later ("resume my stretch") and close the session."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        position = position_of(handler_input, self.ctx)
        if position is None or position.finished:
            return outside_a_step(handler_input, self.ctx, position)
        return tell(handler_input, speech_of(handler_input).say(
            "stretch.paused", routine=position.routine.name, number=position.number, total=position.total))


class StretchStopIntentHandler(SkillRequestHandler):
    """Stop or cancel mid-routine: say where it stopped and how to pick it up again."""

    INTENTS = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (any(is_intent_name(name)(handler_input) for name in self.INTENTS)
                and active_position(handler_input, self.ctx) is not None)

    def handle(self, handler_input: HandlerInput) -> Response:
        position = active_position(handler_input, self.ctx)
        return tell(handler_input, speech_of(handler_input).say(
            "stretch.stopped", routine=position.routine.name, number=position.number))
