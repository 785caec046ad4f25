"""Mid-routine, any other answer (a question about cramps, a yes or no) points back to the routine."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import SsmlOutputSpeech

from knowledge.safety import RedFlagScreen
from skill.alexa_session import session_attributes
from skill.context import SkillContext
from skill.handlers.base import speech_of
from skill.handlers.safety import red_flag_of
from skill.handlers.stretch_replies import STRETCH_HANDLED
from skill.stretch.progress import session_position


class CarryOnInterceptor(AbstractResponseInterceptor):
    """Append "say next to carry on" to a non-stretch answer that keeps listening mid-routine.

    The routine itself lives in the session attributes, which every answer carries back; this
    only makes sure the person hears how to get back to it. Red-flag referrals are left alone.
    """

    def __init__(self, ctx: SkillContext, red_flags: RedFlagScreen):
        self.ctx = ctx
        self.red_flags = red_flags

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if not self._applies(handler_input, response):
            return
        position = session_position(session_attributes(handler_input), self.ctx.routines)
        if position is None or position.finished:
            return
        line = speech_of(handler_input).say("stretch.carry_on_prompt", routine=position.routine.name)
        response.output_speech.ssml = _append(response.output_speech.ssml, line)
        response.reprompt.output_speech = SsmlOutputSpeech(ssml=f"<speak>{line}</speak>")

    def _applies(self, handler_input: HandlerInput, response: Response | None) -> bool:
        if response is None or response.reprompt is None or not is_request_type("IntentRequest")(handler_input):
            return False
        if handler_input.attributes_manager.request_attributes.get(STRETCH_HANDLED):
            return False
        if not isinstance(response.output_speech, SsmlOutputSpeech):
            return False
        return red_flag_of(handler_input, self.red_flags) is None


def _append(ssml: str, line: str) -> str:
    body = ssml.removeprefix("<speak>").removesuffix("</speak>").strip()
    return f"<speak>{body} {line}</speak>"
