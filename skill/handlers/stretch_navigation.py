"""Moving through a routine: next or skip, back, repeat, start over, pause and stop."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from skill.handlers.base import ask, tell
from skill.handlers.stretch_base import CurrentStepHandler, StretchRequestHandler
from skill.stretch.progress import Position
from skill.stretch.ssml import text_ssml


class NextIntentHandler(StretchRequestHandler):
    """"Next" or "skip": the following step (of the saved routine in a new session), or the wrap-up."""

    LEADS = {"AMAZON.NextIntent": "", "SkipStepIntent": "stretch.lead.skip"}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input) and get_intent_name(handler_input) in self.LEADS

    def respond(self, handler_input: HandlerInput) -> Response:
        lead_key = self.LEADS[get_intent_name(handler_input)]
        leads = [self.say(handler_input, lead_key)] if lead_key else []
        position = self.position(handler_input)
        if position is None:
            # "Alexa, ask cramp coach for the next step" after the session timed out mid-routine.
            position = self.saved(handler_input)
            if position is None:
                return self.no_routine(handler_input)
            leads.insert(0, self.say(handler_input, "stretch.lead.picking_up", routine=position.routine.name))
        if position.finished:
            return self.finished(handler_input, position)
        return self.go_to(handler_input, Position(position.routine, position.index + 1), " ".join(leads))


class PreviousIntentHandler(StretchRequestHandler):
    """"Back": the step before (the first step again when already there)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.PreviousIntent")(handler_input)

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.no_routine(handler_input)
        if position.index == 0:
            return self.go_to(handler_input, position, self.say(handler_input, "stretch.lead.first_already"))
        previous = Position(position.routine, position.index - 1)
        return self.go_to(handler_input, previous, self.say(handler_input, "stretch.lead.back"))


class RepeatIntentHandler(StretchRequestHandler):
    """"Repeat": the current step again; outside a routine, how to hear an answer again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return ask(handler_input, text_ssml(self.say(handler_input, "stretch.repeat_outside")),
                       text_ssml(self.say(handler_input, "follow_up.reprompt")))
        if position.finished:
            return self.finished(handler_input, position)
        return self.go_to(handler_input, position, self.say(handler_input, "stretch.lead.repeat"))


class StartOverIntentHandler(StretchRequestHandler):
    """"Start over": the first step of this session's routine, or of the one saved earlier."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input) or self.saved(handler_input)
        if position is None:
            return self.no_routine(handler_input)
        lead = self.say(handler_input, "stretch.lead.start_over")
        return self.go_to(handler_input, Position(position.routine, 0), lead)


class PauseIntentHandler(CurrentStepHandler):
    """"Pause": keep the step for later ("resume my stretch") and close the session."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.PauseIntent")(handler_input)

    def respond_at(self, handler_input: HandlerInput, position: Position) -> Response:
        speech = self.say(handler_input, "stretch.paused", routine=position.routine.name,
                          number=position.number, total=position.total)
        return tell(handler_input, text_ssml(speech))


class StretchStopIntentHandler(StretchRequestHandler):
    """Stop or cancel mid-routine: say where it stopped and how to pick it up again."""

    INTENTS = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (any(is_intent_name(name)(handler_input) for name in self.INTENTS)
                and self.active(handler_input) is not None)

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.active(handler_input)
        speech = self.say(handler_input, "stretch.stopped", routine=position.routine.name, number=position.number)
        return tell(handler_input, text_ssml(speech))
