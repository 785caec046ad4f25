"""Follow-ups that keep the topic: "what about a woman", "and my hands?", "what about at night",
"why", "how often should I take a break then"; and the one clarifying question for a vague "my
leg hurts"."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from knowledge.answers import CAUSE, HELP, Reply
from skill.alexa_session import session_attributes
from skill.handlers.base import SkillRequestHandler
from skill.handlers.question_replies import TOPIC_ATTRIBUTE, speak_reply
from skill.handlers.questions import ask_if_cramping, variant_of
from skill.handlers.stretch_replies import position_of
from skill.slots import resolved_slot_ids

CONCEPT_PREFIX = "concept/"
# Symptoms too vague to answer well on their own: one question first.
VAGUE_SYMPTOMS = ("SORE", "STIFF")
NIGHT = "night"
# The concept of rest and breaks (knowledge/concepts.yaml).
REST = "rest"


class FollowUpIntentHandler(SkillRequestHandler):
    """A new person, body part or time of day for the last answer's topic."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("FollowUpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        last = session_attributes(handler_input).get(TOPIC_ATTRIBUTE) or {}
        slot_ids = resolved_slot_ids(handler_input)
        variant = variant_of(handler_input)
        topic = last.get("topic") or "causes"
        if slot_ids.get("timeOfDay") == "NIGHT":
            part = variant or last_variant(last)
            if topic == "causes" and part:
                # "what causes hand cramps" → "what about at night": what is said of both first
                both = self.ctx.knowledge.about(part, NIGHT)
                return speak_reply(handler_input, self.ctx.answerer.topic("night_cramps", first=both))
            topic = "night_cramps"
        if topic.startswith(CONCEPT_PREFIX):
            reply = self.ctx.answerer.about([topic.removeprefix(CONCEPT_PREFIX)], last.get("kind", CAUSE), variant)
            if reply is not None:
                return speak_reply(handler_input, reply, kind=last.get("kind"))
            topic = "causes"
        if topic not in self.ctx.knowledge.topics:
            topic = "causes"
        return speak_reply(handler_input, self.ctx.answerer.topic(topic, variant or last_variant(last)))


class WhyFollowUpIntentHandler(SkillRequestHandler):
    """"Why?" after an answer: what causes what it was about."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WhyFollowUpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        last = session_attributes(handler_input).get(TOPIC_ATTRIBUTE) or {}
        topic = last.get("topic") or ""
        if topic.startswith(CONCEPT_PREFIX):
            reply = self.ctx.answerer.about([topic.removeprefix(CONCEPT_PREFIX)], CAUSE)
            if reply is not None:
                return speak_reply(handler_input, reply, kind=CAUSE)
        if topic in ("night_cramps", "pregnancy", "stress", "medication_causes"):
            return speak_reply(handler_input, self.ctx.answerer.topic(topic))
        return speak_reply(handler_input, self.ctx.answerer.topic("causes", last_variant(last)))


class BreaksFollowUpHandler(SkillRequestHandler):
    """"How often should I take a break then" after an answer, with no stretch going: Alexa hears
    "take a break" as a pause, but the person asks what the articles say about breaks."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_intent_name("AMAZON.PauseIntent")(handler_input)
                and position_of(handler_input, self.ctx) is None
                and bool(session_attributes(handler_input).get(TOPIC_ATTRIBUTE)))

    def handle(self, handler_input: HandlerInput) -> Response:
        last = session_attributes(handler_input)[TOPIC_ATTRIBUTE]
        reply = self.ctx.answerer.about([REST], HELP, context=last.get("topic"))
        return speak_reply(handler_input, Reply(reply.answer), kind=HELP)


class VagueSymptomHandler(SkillRequestHandler):
    """"My leg hurts": one clarifying question, offering exactly the relief answer for that part."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not (is_intent_name("SymptomIntent")(handler_input) or is_intent_name("UrgentSymptomIntent")(handler_input)):
            return False
        slot_ids = resolved_slot_ids(handler_input)
        symptoms = {slot_ids.get("symptom"), slot_ids.get("secondSymptom")} - {None}
        return "bodyPart" in slot_ids and bool(symptoms) and symptoms <= set(VAGUE_SYMPTOMS)

    def handle(self, handler_input: HandlerInput) -> Response:
        return ask_if_cramping(handler_input, resolved_slot_ids(handler_input)["bodyPart"])


def last_variant(last: dict) -> str | None:
    variant = last.get("variant")
    return None if variant in (None, "default") else variant
