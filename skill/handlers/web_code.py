"""A sign-in code for the web page, spoken and sent to the Alexa app as a card."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from accounts.sign_in import CODE_LIFETIME, SignIn
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, speech_of
from skill.persistence import current_user, db_session
from skill.speech import require_markup


class WebCodeIntentHandler(SkillRequestHandler):
    """"Ask cramp coach for my web code": a one-time 6-digit code and the page's address."""

    def __init__(self, ctx: SkillContext, sign_in: SignIn):
        super().__init__(ctx)
        self.sign_in = sign_in

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WebCodeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        code = self.sign_in.issue_code(db_session(handler_input), current_user(handler_input), self.ctx.clock())
        address = self.sign_in.public_url
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        speech = speech_of(handler_input)
        said = speech.say("web.code.speech", code=code, address=address.split("://", 1)[-1], minutes=minutes)
        card = SimpleCard(title=speech.display("web.code.card_title"),
                          content=speech.display("web.code.card_text", code=code, address=address, minutes=minutes))
        return (handler_input.response_builder.speak(require_markup(said)).set_card(card)
                .set_should_end_session(True).response)
