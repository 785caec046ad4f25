"""Questions about cramps: topic intents, questions about one factor or remedy, free-form
questions (a search query), and "yes" to a follow-up offer."""
from __future__ import annotations

import re

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from knowledge.answers import CAUSE, CRAMP_TOPIC, GENERAL, HELP, Answerer, Reply
from knowledge.base import KnowledgeBase
from knowledge.focus import uncovered_focus
from skill.alexa_session import session_attributes
from skill.handlers.base import OFFER_ATTRIBUTE, SkillRequestHandler, ask, speech_of
from skill.handlers.question_replies import TOPIC_ATTRIBUTE, remember, speak_reply
from skill.slots import heard_values, resolved_slot_ids, resolved_slot_names, slot_value, unmatched_slot_names

# Intent -> knowledge topic. The slot that picks a variant of the topic, when given.
QUESTION_TOPICS: dict[str, str] = {
    "CausesIntent": "causes",
    "NightCrampsIntent": "night_cramps",
    "ReliefIntent": "relief",
    "SymptomIntent": "relief",
    "UrgentSymptomIntent": "relief",
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
    "WhichDoctorIntent": "which_doctor",
    "WhatIsSpasmIntent": "what_is_spasm",
    "StressSpasmIntent": "stress",
}
VARIANT_SLOTS = ("bodyPart", "person")
# A symptom that is no red flag but a reason to get checked ("my muscles feel weak after the
# cramps"): the when-to-see-a-doctor answer rather than relief tips.
SYMPTOM_TOPICS = {"WEAK": "see_doctor"}
SYMPTOM_SLOTS = ("symptom", "secondSymptom")
# A symptom slot's words that name a condition ("has gout", "good for arthritis"), not describe a
# cramp ("sticking straight up", "won't straighten").
NAMED_CONDITION = re.compile(r"\b(?:has|have|got|with|for|from)(?: a| an| bad| some| the)? (?P<thing>[a-z]+)$")
# What a topic intent asks about a factor whose words landed in its bodyPart slot.
TOPIC_KIND = {"causes": CAUSE, "night_cramps": CAUSE, "relief": HELP, "prevention": HELP, "diet": HELP,
              "heat_or_ice": HELP, "warm_up": HELP}
# Intents about one factor or remedy: the slot that names it, and what is asked about it.
CONCEPT_INTENTS: dict[str, tuple[str, str]] = {
    "FactorQuestionIntent": ("factor", CAUSE),
    "FactorEffectIntent": ("factor", GENERAL),
    "RemedyQuestionIntent": ("remedy", HELP),
}
SEARCH_INTENT = "CrampQuestionIntent"
SEARCH_SLOT = "query"


class CrampQuestionHandler(SkillRequestHandler):
    """Every topic intent: the topic's answer in the variant its slots ask for."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_request_type("IntentRequest")(handler_input)
                and get_intent_name(handler_input) in QUESTION_TOPICS)

    def handle(self, handler_input: HandlerInput) -> Response:
        topic = symptom_topic(handler_input) or QUESTION_TOPICS[get_intent_name(handler_input)]
        variant = topic_variant(self.ctx.knowledge, topic, handler_input)
        unmatched_names = unmatched_slot_names(handler_input)
        unmatched = [slot_value(handler_input, name) or "" for name in unmatched_names]
        for value in unmatched:
            reply = named_factor(self.ctx.answerer, value, topic)
            if reply is not None:
                return speak_reply(handler_input, reply)
        if unmatched:
            reply = self.ctx.answerer.search(" ".join(heard_values(handler_input)))
            if reply is not None:
                return speak_reply(handler_input, reply)
        conditions = unknown_conditions(handler_input, self.ctx.answerer, unmatched_names)
        if conditions:  # "my knee has gout", "what's good for arthritis in my knees"
            return unknown_condition(handler_input, " and ".join(conditions))
        if "bodyPart" in unmatched_names:
            answer = self.ctx.knowledge.answer(topic, variant)
            return speak_reply(handler_input, Reply(answer, "no_match.body_part"))
        return speak_reply(handler_input, self.ctx.answerer.topic(topic, variant))


def unknown_conditions(handler_input: HandlerInput, answerer: Answerer, unmatched_names: list[str]) -> list[str]:
    """Conditions the unmatched symptom slots name that no fact or concept uses ("has gout")."""
    said = [(slot_value(handler_input, name) or "").lower() for name in unmatched_names if name in SYMPTOM_SLOTS]
    matches = [NAMED_CONDITION.search(value) for value in said]
    return [match["thing"] for match in matches if match and not answerer.index.knows_any(match["thing"])]


def unknown_condition(handler_input: HandlerInput, condition: str) -> Response:
    """"The articles don't mention gout", and, for a body part, whether it is cramping now."""
    part = resolved_slot_ids(handler_input).get("bodyPart")
    if part is None:
        return not_covered(handler_input, condition)
    remember(handler_input, None)
    return ask_if_cramping(handler_input, part, condition)


def ask_if_cramping(handler_input: HandlerInput, part: str, condition: str | None = None) -> Response:
    """One clarifying question, "is your leg cramping right now?" (after "the articles don't
    mention gout" when a ``condition`` was named), offering exactly that part's relief answer."""
    say = speech_of(handler_input).say
    name = resolved_slot_names(handler_input).get("bodyPart") or part.lower().replace("_", " ")
    question = say("answers.clarify.sore", part=name)
    lead = say("answers.clarify.unknown", value=condition, part=name) if condition else question
    return ask(handler_input, lead, question, offer=f"relief/{part.lower()}")


class ConceptQuestionHandler(SkillRequestHandler):
    """"Can smoking cause cramps", "does magnesium help", "how does alcohol affect cramps"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input) and get_intent_name(handler_input) in CONCEPT_INTENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        slot, kind = CONCEPT_INTENTS[get_intent_name(handler_input)]
        last = session_attributes(handler_input).get(TOPIC_ATTRIBUTE) or {}
        if kind == GENERAL:  # "what about alcohol" after "can smoking cause cramps" asks the same
            kind = last.get("kind") or GENERAL
        resolved = resolved_slot_ids(handler_input).get(slot)
        value = slot_value(handler_input, slot)
        if resolved:
            concepts = [resolved.lower()]
        elif value and not self.ctx.answerer.index.knows_any(value):
            return not_covered(handler_input, value)  # "how do i get rid of hiccups": no word the articles use
        elif value:
            concepts, _ = self.ctx.answerer.index.understand(value)
            if self.ctx.answerer.index.modified_concept(value, noun_phrase=True):
                concepts = []  # "coconut water" is not water
        elif asked_variants(handler_input):  # only "my shoulder" was heard: what causes (or eases) its cramps
            topic = CRAMP_TOPIC[kind]
            variant = topic_variant(self.ctx.knowledge, topic, handler_input)
            return speak_reply(handler_input, self.ctx.answerer.topic(topic, variant))
        else:
            return not_covered(handler_input)
        reply = (self.ctx.answerer.about(concepts, kind, variant_of(handler_input), last.get("topic"))
                 if concepts else None)
        return speak_reply(handler_input, reply or self.ctx.answerer.not_mentioned(value or slot, kind), kind=kind)


class SearchQuestionHandler(SkillRequestHandler):
    """"I have a question about …", "tell me about …": ranked retrieval over the facts."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(SEARCH_INTENT)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        query = slot_value(handler_input, SEARCH_SLOT) or ""
        focus = uncovered_focus(self.ctx.answerer.index, query)
        if focus is not None:
            return not_covered(handler_input, focus)  # "…so what actually is altitude sickness"
        reply = self.ctx.answerer.search(query)
        if reply is None:
            return not_covered(handler_input)
        return speak_reply(handler_input, reply)


class FallbackIntentHandler(SkillRequestHandler):
    """Words the model does not cover (Alexa sends no text): say so honestly, and what works."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return not_covered(handler_input)


def not_covered(handler_input: HandlerInput, value: str | None = None) -> Response:
    """"My articles don't cover that" (or "don't mention hiccups"), and what the skill can answer."""
    say = speech_of(handler_input).say
    remember(handler_input, None)
    speech = say("answers.not_known", value=value) if value else say("answers.not_covered")
    return ask(handler_input, speech, say("answers.not_covered_reprompt"))


class YesIntentHandler(SkillRequestHandler):
    """"Yes" after an offer answers exactly the offered topic."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.YesIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        offer = session_attributes(handler_input).get(OFFER_ATTRIBUTE) or ""
        topic, _, variant = offer.partition("/")
        if topic not in self.ctx.knowledge.topics:
            say = speech_of(handler_input).say
            return ask(handler_input, say("follow_up.yes_without_offer"), say("follow_up.reprompt"))
        return speak_reply(handler_input, self.ctx.answerer.topic(topic, variant or None))


class NoIntentHandler(SkillRequestHandler):
    """"No" to an offer: ask what else, without ending abruptly."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        return ask(handler_input, say("follow_up.no"), say("follow_up.reprompt"))


def symptom_topic(handler_input: HandlerInput) -> str | None:
    """The topic a symptom slot's value calls for, if it calls for one (``SYMPTOM_TOPICS``)."""
    slot_ids = resolved_slot_ids(handler_input)
    return next((SYMPTOM_TOPICS[slot_ids[name]] for name in SYMPTOM_SLOTS if slot_ids.get(name) in SYMPTOM_TOPICS),
                None)


def asked_variants(handler_input: HandlerInput) -> list[str]:
    """The topic variants the slots ask for (a body part, a person), in ``VARIANT_SLOTS`` order."""
    slot_ids = resolved_slot_ids(handler_input)
    return [slot_ids[name].lower() for name in VARIANT_SLOTS if name in slot_ids]


def variant_of(handler_input: HandlerInput) -> str | None:
    """The first topic variant the slots ask for, if any."""
    return next(iter(asked_variants(handler_input)), None)


def topic_variant(knowledge: KnowledgeBase, topic: str, handler_input: HandlerInput) -> str | None:
    """The variant of ``topic`` the slots ask for: of those the topic has, the first whose facts
    also speak of everything else named ("my pregnant wife's calves": the pregnancy answer, which
    covers calves), else the first ("my kid has a leg cramp": the leg answer, as the child one
    says nothing of legs); None when the topic has none of them ("when should I see a doctor
    about my legs": the general answer fits)."""
    asked = asked_variants(handler_input)
    variants = [tag for tag in asked if knowledge.has_variant(topic, tag)]
    covering = [tag for tag in variants if knowledge.variant_covers(topic, tag, set(asked) - {tag})]
    return next(iter(covering or variants), None)


def named_factor(answerer: Answerer, value: str | None, topic: str) -> Reply | None:
    """"Can smoking cause cramps" heard as a body part: answer about smoking instead."""
    if not value:
        return None
    concepts, unknown = answerer.index.understand(value)
    if concepts and not unknown:
        return answerer.about(concepts, TOPIC_KIND.get(topic, GENERAL))
    return None
