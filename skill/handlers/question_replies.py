"""Turning a composed answer into speech: its lead, its facts, its follow-up question.

Facts and follow-ups are knowledge-base data, plain text: ``spoken`` escapes them here, once;
the words Alexa heard, filled into a lead, are escaped by ``Speech.say``.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from knowledge.answers import Reply
from skill.alexa_session import session_attributes
from skill.handlers.base import ask, speech_of
from skill.speech import spoken

TOPIC_ATTRIBUTE = "last_topic"
JOINED_LEADS = ("answers.lead.yes", "answers.lead.no")


def speak_reply(handler_input: HandlerInput, reply: Reply, kind: str | None = None, opening: str = "") -> Response:
    """Speak the reply (after ``opening``, a line of data said first) and keep listening for the
    follow-up question's answer."""
    say = speech_of(handler_input).say
    answer = reply.answer
    facts = " ".join(fact.say for fact in answer.facts)
    if reply.lead_key in JOINED_LEADS:
        speech = spoken(say(reply.lead_key), _lower_first(facts))
    elif reply.lead_key:
        speech = spoken(say(reply.lead_key, **reply.lead_values), facts)
    else:
        speech = spoken(facts)
    remember(handler_input, {"topic": answer.topic, "variant": answer.variant, "kind": kind})
    return ask(handler_input, spoken(opening, speech, answer.follow_up), spoken(answer.follow_up), offer=answer.offer)


def remember(handler_input: HandlerInput, topic: dict | None) -> None:
    """What the last answer was about, for follow-ups ("what about a woman")."""
    attributes = session_attributes(handler_input)
    if topic:
        attributes[TOPIC_ATTRIBUTE] = topic
    else:
        attributes.pop(TOPIC_ATTRIBUTE, None)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith("I'") or (len(first) > 1 and first[:2].isupper()):
        return text
    return text[:1].lower() + text[1:]
