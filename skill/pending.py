"""A question the skill asked and the very next turn may answer ("Delete it?", "Which time zone?").

The question travels in the session attributes; the interceptor takes it out at the start of
the next request, so it is seen by that request only. A "yes" three turns later, after the
talk moved on, therefore never deletes anything.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.alexa_session import session_attributes

PENDING_ATTRIBUTE = "reminder_question"
_TAKEN = "reminder_question_taken"

DELETE = "delete"
SPEAKER_OFFER = "speaker_offer"
TIME_ZONE = "time_zone"
WHEN = "when"


class PendingQuestionInterceptor(AbstractRequestInterceptor):
    """Move last turn's open question from the session into this request only."""

    def process(self, handler_input: HandlerInput) -> None:
        question = session_attributes(handler_input).pop(PENDING_ATTRIBUTE, None)
        if isinstance(question, dict):
            handler_input.attributes_manager.request_attributes[_TAKEN] = question


def pending(handler_input: HandlerInput, question: str) -> dict | None:
    """What was stored with last turn's question, if that question was ``question``."""
    asked = handler_input.attributes_manager.request_attributes.get(_TAKEN)
    return asked if asked and asked.get("question") == question else None


def is_answer_to(handler_input: HandlerInput, question: str) -> bool:
    """A "yes" or "no" right after the skill asked ``question``."""
    answered = is_intent_name("AMAZON.YesIntent")(handler_input) or is_intent_name("AMAZON.NoIntent")(handler_input)
    return answered and pending(handler_input, question) is not None


def set_pending(handler_input: HandlerInput, question: str, **data: object) -> None:
    """Ask a question the next turn may answer (values must be JSON-serialisable)."""
    session_attributes(handler_input)[PENDING_ATTRIBUTE] = {"question": question, **data}
