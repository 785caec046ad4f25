"""Red flags: an urgent referral before anything else."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_request_type
from ask_sdk_model import Response

from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask
from skill.safety import RedFlagMatcher
from skill.slots import resolved_slot_ids


class RedFlagHandler(SkillRequestHandler):
    """Any intent whose slots describe a red-flag symptom gets the urgent referral."""

    def __init__(self, ctx: SkillContext, matcher: RedFlagMatcher):
        super().__init__(ctx)
        self.matcher = matcher

    def _flag(self, handler_input: HandlerInput) -> str | None:
        if not is_request_type("IntentRequest")(handler_input):
            return None
        return self.matcher.match(get_intent_name(handler_input), resolved_slot_ids(handler_input))

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self._flag(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        answer = self.ctx.knowledge.red_flags[self._flag(handler_input)].answer
        return ask(handler_input, answer.speech, answer.follow_up)
