"""Red flags: an urgent referral before anything else, and short next steps after it."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from knowledge.safety import RedFlagScreen
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask, session_attributes, speech_of
from skill.slots import slot_texts
from skill.speech import spoken

URGENT_ATTRIBUTE = "urgent"
_FLAG = "red_flag"


class RedFlagHandler(SkillRequestHandler):
    """Any request whose words describe a red-flag symptom gets the urgent referral first."""

    def __init__(self, ctx: SkillContext, screen: RedFlagScreen):
        super().__init__(ctx)
        self.screen = screen

    def can_handle(self, handler_input: HandlerInput) -> bool:
        flag = red_flag_of(handler_input, self.screen)
        handler_input.attributes_manager.request_attributes[_FLAG] = flag
        return flag is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        flag = handler_input.attributes_manager.request_attributes[_FLAG]
        answer = self.ctx.knowledge.red_flags[flag].answer
        response = ask(handler_input, spoken(answer.speech), spoken(answer.follow_up))
        session_attributes(handler_input)[URGENT_ATTRIBUTE] = flag
        return response


class UrgentNextStepsHandler(SkillRequestHandler):
    """"No" or "I can't" right after an urgent referral: who to ask for help, never an error."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_intent_name("AMAZON.NoIntent")(handler_input)
                and session_attributes(handler_input).get(URGENT_ATTRIBUTE) is not None)

    def handle(self, handler_input: HandlerInput) -> Response:
        session_attributes(handler_input).pop(URGENT_ATTRIBUTE, None)
        say = speech_of(handler_input).say
        return ask(handler_input, say("answers.urgent_next"), say("answers.urgent_next_reprompt"))


def red_flag_of(handler_input: HandlerInput, screen: RedFlagScreen) -> str | None:
    """The red flag the request's words describe, if any (intent requests only)."""
    if not is_request_type("IntentRequest")(handler_input):
        return None
    return screen.match(slot_texts(handler_input))
