"""Small helpers shared by every handler."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa_session import session_attributes
from skill.context import SkillContext

OFFER_ATTRIBUTE = "offer"
__all__ = ["OFFER_ATTRIBUTE", "SkillRequestHandler", "ask", "locale_of", "session_attributes", "tell"]


class SkillRequestHandler(AbstractRequestHandler):
    """A request handler that holds the skill's context."""

    def __init__(self, ctx: SkillContext):
        self.ctx = ctx

    def say(self, handler_input: HandlerInput, key: str, **values: object) -> str:
        return self.ctx.say(key, locale_of(handler_input), **values)


def locale_of(handler_input: HandlerInput) -> str:
    return getattr(handler_input.request_envelope.request, "locale", None) or "en-US"


def ask(handler_input: HandlerInput, speech: str, reprompt: str, offer: str | None = None) -> Response:
    """Speak and keep listening; remember what a plain "yes" would accept."""
    attributes = session_attributes(handler_input)
    if offer:
        attributes[OFFER_ATTRIBUTE] = offer
    else:
        attributes.pop(OFFER_ATTRIBUTE, None)
    return handler_input.response_builder.speak(speech).ask(reprompt).response


def tell(handler_input: HandlerInput, speech: str) -> Response:
    """Speak and end the session."""
    return handler_input.response_builder.speak(speech).set_should_end_session(True).response
