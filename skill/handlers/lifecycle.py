"""Session ends, Alexa's error reports, requests we do not handle, and the exception safety net."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask, speech_of
from skill.persistence import close_request_session

log = logging.getLogger(__name__)


class SessionEndedRequestHandler(SkillRequestHandler):
    """The session closed; an error reason is logged, nothing is spoken."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        if request.error is not None:
            log.warning("session ended with error %s: %s", request.error.object_type, request.error.message)
        return handler_input.response_builder.response


class ExceptionEncounteredHandler(SkillRequestHandler):
    """Alexa reports that our last response was invalid; log it, reply with nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("System.ExceptionEncountered")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        error = handler_input.request_envelope.request.error
        log.error("Alexa reported an exception: %s", getattr(error, "message", error))
        return handler_input.response_builder.response


class UnhandledRequestHandler(SkillRequestHandler):
    """Last in line: any request or intent no other handler took."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("no handler for %s", getattr(request, "object_type", type(request).__name__))
        if not is_request_type("IntentRequest")(handler_input):
            return handler_input.response_builder.response
        say = speech_of(handler_input).say
        return ask(handler_input, say("error.unsupported"), say("fallback.reprompt"))


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Any bug becomes an apology the person can act on, never a 500."""

    def __init__(self, ctx: SkillContext):
        self.ctx = ctx

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("error while handling a request", exc_info=exception)
        close_request_session(handler_input, commit=False)
        if handler_input.request_envelope.session is None:
            # Skill events and Skill Messaging callbacks have no one listening to apologise to.
            return handler_input.response_builder.response
        say = speech_of(handler_input).say
        return ask(handler_input, say("error.generic"), say("fallback.reprompt"))
