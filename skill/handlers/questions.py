"""Questions about cramps, answered from the knowledge base, and "yes" to a follow-up offer."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from skill.handlers.base import OFFER_ATTRIBUTE, SkillRequestHandler, ask, session_attributes
from skill.knowledge import Answer
from skill.slots import resolved_slot_ids, unmatched_slot_names

# Intent -> knowledge topic. The slot that picks a variant of the topic, when given.
QUESTION_TOPICS: dict[str, str] = {
    "CausesIntent": "causes",
    "NightCrampsIntent": "night_cramps",
    "ReliefIntent": "relief",
    "SymptomIntent": "relief",
    "HydrationIntent": "hydration",
    "DietIntent": "diet",
    "WarmUpIntent": "warm_up",
    "HeatOrIceIntent": "heat_or_ice",
    "PregnancyIntent": "pregnancy",
    "ChildFeverIntent": "children",
    "MedicationCausesIntent": "medication_causes",
    "CrampMedicineIntent": "medicine",
    "TonicClonicIntent": "tonic_clonic",
    "DurationIntent": "duration",
    "PreventionIntent": "prevention",
    "SeeDoctorIntent": "see_doctor",
    "WhatIsSpasmIntent": "what_is_spasm",
    "StressSpasmIntent": "stress",
}
VARIANT_SLOTS = ("bodyPart", "person")


class CrampQuestionHandler(SkillRequestHandler):
    """Every question intent: pick the topic, the variant its slots ask for, and speak it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_request_type("IntentRequest")(handler_input)
                and get_intent_name(handler_input) in QUESTION_TOPICS)

    def handle(self, handler_input: HandlerInput) -> Response:
        topic = QUESTION_TOPICS[get_intent_name(handler_input)]
        slot_ids = resolved_slot_ids(handler_input)
        variant = next((slot_ids[name].lower() for name in VARIANT_SLOTS if name in slot_ids), None)
        answer = self.ctx.knowledge.answer(topic, variant)
        speech = answer.speech
        if self._named_unknown_body_part(handler_input, topic, variant):
            speech = f"{self.say(handler_input, 'no_match.body_part')} {speech}"
        return speak_answer(handler_input, answer, speech)

    def _named_unknown_body_part(self, handler_input: HandlerInput, topic: str, variant: str | None) -> bool:
        if "bodyPart" in unmatched_slot_names(handler_input):
            return True
        return variant is not None and not self.ctx.knowledge.has_variant(topic, variant)


class YesIntentHandler(SkillRequestHandler):
    """"Yes" after an offer answers the offered topic."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.YesIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        offer = session_attributes(handler_input).get(OFFER_ATTRIBUTE)
        if offer not in self.ctx.knowledge.topics:
            message = self.say(handler_input, "follow_up.yes_without_offer")
            return ask(handler_input, message, self.say(handler_input, "follow_up.reprompt"))
        answer = self.ctx.knowledge.answer(offer)
        return speak_answer(handler_input, answer, answer.speech)


class NoIntentHandler(SkillRequestHandler):
    """"No" to an offer: ask what else, without ending abruptly."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return ask(handler_input, self.say(handler_input, "follow_up.no"),
                   self.say(handler_input, "follow_up.reprompt"))


def speak_answer(handler_input: HandlerInput, answer: Answer, speech: str) -> Response:
    return ask(handler_input, speech, answer.follow_up, offer=answer.offer)
