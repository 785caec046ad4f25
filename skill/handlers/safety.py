"""Red flags: an urgent referral before anything else, and short next steps after it."""
from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from knowledge.answers import Reply
from knowledge.base import Answer
from knowledge.safety import RedFlagScreen
from skill.alexa_session import session_attributes
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask, speech_of
from skill.handlers.question_replies import speak_reply
from skill.handlers.questions import SEARCH_INTENT
from skill.slots import heard_values, slot_texts
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
        referral = self.ctx.knowledge.red_flags[flag].answer
        asked = self._answer_asked(handler_input, referral)
        if asked is not None:
            session_attributes(handler_input).pop(URGENT_ATTRIBUTE, None)
            return speak_reply(handler_input, Reply(asked), opening=referral.facts[0].say)
        response = ask(handler_input, spoken(referral.speech), spoken(referral.follow_up))
        session_attributes(handler_input)[URGENT_ATTRIBUTE] = flag
        return response

    def _answer_asked(self, handler_input: HandlerInput, referral: Answer) -> Answer | None:
        """For a question about a red flag (nobody affected now), the article facts it asks
        for that the referral does not already say; None otherwise. Only a search query holds
        enough of the question to tell: another slot's value ("whole body" of "my whole body
        is cramping") leaves out who is affected."""
        if not is_intent_name(SEARCH_INTENT)(handler_input):
            return None
        heard = heard_values(handler_input)
        if not self.screen.asks_about(heard):
            return None
        reply = self.ctx.answerer.search(" ".join(heard))
        if reply is None:
            return None
        said = {fact.say for fact in referral.facts}
        facts = tuple(fact for fact in reply.answer.facts if not fact.policy and fact.say not in said)
        return replace(reply.answer, facts=facts) if facts else None


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
