""""Yes" to "would you like me to walk you through a thigh stretch?": start exactly that routine."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.alexa_session import session_attributes
from skill.handlers.base import OFFER_ATTRIBUTE, SkillRequestHandler, speech_of
from skill.handlers.stretch_replies import go_to
from skill.speech import spoken
from skill.stretch.progress import Position

STRETCH_OFFER = "stretch:"


class StretchOfferYesHandler(SkillRequestHandler):
    """A "yes" whose offer is a stretch routine starts it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_intent_name("AMAZON.YesIntent")(handler_input):
            return False
        offer = session_attributes(handler_input).get(OFFER_ATTRIBUTE) or ""
        return offer.startswith(STRETCH_OFFER) and self.ctx.routines.get(offer.removeprefix(STRETCH_OFFER)) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        offer = session_attributes(handler_input).pop(OFFER_ATTRIBUTE)
        routine = self.ctx.routines.get(offer.removeprefix(STRETCH_OFFER))
        lead = spoken(speech_of(handler_input).say("stretch.start", routine=routine.name), self.ctx.routines.safety.say)
        return go_to(handler_input, self.ctx, Position(routine, 0), lead)
