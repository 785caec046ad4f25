"""The one base class of request handlers, and the helpers every handler shares.

A handler speaks through the request's ``Speech`` (``speech_of``), which the
``SpeechInterceptor`` makes first thing for each request; ``ask`` and ``tell`` take only the
``Markup`` it returns, so a plain string can never reach Alexa unescaped.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from markupsafe import Markup

from skill.alexa_session import session_attributes
from skill.context import SkillContext
from skill.speech import Speech, require_markup

OFFER_ATTRIBUTE = "offer"
# Request attribute holding the request's Speech.
SPEECH_ATTRIBUTE = "speech"


class SkillRequestHandler(AbstractRequestHandler):
    """A request handler that holds the skill's context."""

    def __init__(self, ctx: SkillContext):
        self.ctx = ctx


class SpeechInterceptor(AbstractRequestInterceptor):
    """Gives every request its ``Speech``, in the request's locale."""

    def __init__(self, ctx: SkillContext):
        self.ctx = ctx

    def process(self, handler_input: HandlerInput) -> None:
        speech = self.ctx.speech_in(locale_of(handler_input))
        handler_input.attributes_manager.request_attributes[SPEECH_ATTRIBUTE] = speech


def speech_of(handler_input: HandlerInput) -> Speech:
    """The request's speech (made by ``SpeechInterceptor``)."""
    return handler_input.attributes_manager.request_attributes[SPEECH_ATTRIBUTE]


def locale_of(handler_input: HandlerInput) -> str:
    return getattr(handler_input.request_envelope.request, "locale", None) or "en-US"


def ask(handler_input: HandlerInput, speech: Markup, reprompt: Markup, offer: str | None = None) -> Response:
    """Speak and keep listening; remember what a plain "yes" would accept."""
    attributes = session_attributes(handler_input)
    if offer:
        attributes[OFFER_ATTRIBUTE] = offer
    else:
        attributes.pop(OFFER_ATTRIBUTE, None)
    return handler_input.response_builder.speak(require_markup(speech)).ask(require_markup(reprompt)).response


def tell(handler_input: HandlerInput, speech: Markup) -> Response:
    """Speak and end the session."""
    return handler_input.response_builder.speak(require_markup(speech)).set_should_end_session(True).response
