"""The knowledge base: every fact traceable to a seed article, every answer short, safe and
ending in a question, every red flag referring first, and the question intents, topics,
variants and red-flag triggers in agreement with the interaction model.

Seeds live in ``../shared/seeds/`` beside the project. Speech length is measured by rendering
each answer with ``espeak-ng -s 150`` and reading the WAV's length with ``soxi -D``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from foundations.yaml_loader import load_yaml

from skill.handlers.questions import QUESTION_TOPICS, VARIANT_SLOTS
from skill.knowledge import DEFAULT_VARIANT, Answer, KnowledgeBase
from skill.safety import TRIGGERS_FILE, RedFlagMatcher, mentions_prescription
from skill.speech import SpeechCatalogue
from tests.seeds import assert_quotes_its_seed, seed_articles

QUESTIONS_SOURCE = Path(__file__).resolve().parents[1] / "interaction_model" / "sources" / "questions.yaml"
KNOWLEDGE = KnowledgeBase.load()
MATCHER = RedFlagMatcher.load()
CATALOGUE = SpeechCatalogue.load()
MAX_SPOKEN_SECONDS = 35.0
MAX_WORDS = 80
URGENT_WORDS = ("emergency", "right away", "immediately", "now")
SEED_COUNT = 5


def distinct_answers() -> list[Answer]:
    """Each answer once: variants that alias one another are spoken identically."""
    first: dict[str, Answer] = {}
    for answer in KNOWLEDGE.all_answers():
        first.setdefault(answer.speech, answer)
    return list(first.values())


def answer_id(answer: Answer) -> str:
    return f"{answer.topic}/{answer.variant}"


ANSWERS = distinct_answers()
FACTS = [(answer, index, fact) for answer in ANSWERS for index, fact in enumerate(answer.facts)]


@pytest.fixture(scope="module")
def questions_model() -> dict:
    return load_yaml(QUESTIONS_SOURCE)


def test_knowledge_sources_are_exactly_the_five_seed_articles():
    assert len(seed_articles()) == SEED_COUNT
    assert set(KNOWLEDGE.sources) == set(seed_articles())


@pytest.mark.parametrize(("answer", "index", "fact"), FACTS,
                         ids=[f"{answer_id(answer)}#{index}" for answer, index, _ in FACTS])
def test_fact_quote_is_verbatim_in_its_seed_article(answer, index, fact):
    assert_quotes_its_seed(fact.source, fact.quote)


@pytest.mark.parametrize("answer", ANSWERS, ids=answer_id)
def test_answer_names_no_prescription_drug_or_dose(answer):
    texts = [answer.speech] + [fact.quote for fact in answer.facts]
    assert [text for text in texts if mentions_prescription(text)] == []


def test_speech_catalogue_names_no_prescription_drug_or_dose():
    texts = [text for entry in CATALOGUE.entries().values()
             for text in (entry if isinstance(entry, list) else [entry])]
    assert [text for text in texts if mentions_prescription(text)] == []


@pytest.mark.parametrize("answer", ANSWERS, ids=answer_id)
def test_answer_ends_with_a_follow_up_question(answer):
    assert answer.follow_up.endswith("?")
    assert answer.speech.endswith("?")


@pytest.mark.parametrize("answer", ANSWERS, ids=answer_id)
def test_answer_is_short_enough_to_listen_to(answer):
    assert len(answer.speech.split()) <= MAX_WORDS, f"{len(answer.speech.split())} words: {answer.speech}"


@pytest.mark.parametrize("answer", ANSWERS, ids=answer_id)
def test_answer_takes_under_35_seconds_to_speak(answer, tmp_path):
    missing = [tool for tool in ("espeak-ng", "soxi") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} to measure spoken length")
    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), answer.speech], check=True, capture_output=True)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], check=True, capture_output=True, text=True).stdout)
    assert seconds < MAX_SPOKEN_SECONDS, f"{seconds:.1f} s: {answer.speech}"


@pytest.mark.parametrize("flag_id", sorted(KNOWLEDGE.red_flags))
def test_red_flag_answer_refers_urgently_in_its_first_sentence(flag_id):
    speech = KNOWLEDGE.red_flags[flag_id].answer.speech
    first_sentence = re.split(r"(?<=[.!?])\s", speech, maxsplit=1)[0].lower()
    assert any(word in first_sentence for word in URGENT_WORDS), first_sentence


@pytest.mark.parametrize("flag_id", sorted(KNOWLEDGE.red_flags))
def test_red_flag_answer_gives_no_self_care_tips(flag_id):
    speech = KNOWLEDGE.red_flags[flag_id].answer.speech.lower()
    assert not any(tip in speech for tip in ("stretch", "massage", "heating pad", "drink"))


def test_every_question_intent_has_a_topic_and_every_topic_an_intent():
    assert set(QUESTION_TOPICS.values()) == set(KNOWLEDGE.topics)


def test_every_red_flag_has_triggers_and_every_trigger_an_answer():
    assert MATCHER.flag_ids == set(KNOWLEDGE.red_flags)


def test_question_intents_are_the_ones_the_interaction_model_defines(questions_model):
    assert {intent["name"] for intent in questions_model["intents"]} == set(QUESTION_TOPICS)


def test_variants_are_named_after_slot_ids_the_question_intents_can_send(questions_model):
    slot_types = {slot["name"]: slot["type"] for intent in questions_model["intents"]
                  for slot in intent.get("slots", []) if slot["name"] in VARIANT_SLOTS}
    ids = {value["id"].lower() for slot_type in questions_model["types"] if slot_type["name"] in slot_types.values()
           for value in slot_type["values"]}
    variants = {variant for variants in KNOWLEDGE.topics.values() for variant in variants} - {DEFAULT_VARIANT}
    assert variants - ids == set()


def test_red_flag_triggers_name_slot_ids_the_interaction_model_defines(questions_model):
    slot_types = {slot["name"]: slot["type"] for intent in questions_model["intents"] for slot in intent.get("slots", [])}
    ids = {slot_type["name"]: {value["id"] for value in slot_type["values"]} for slot_type in questions_model["types"]}
    triggers = load_yaml(TRIGGERS_FILE)["triggers"]
    unknown = [(flag, slot, wanted) for flag, rules in triggers.items() for rule in rules
               for slot, wanted in rule.items() if slot != "intent"
               for wanted in wanted if wanted not in ids.get(slot_types.get(slot), set())]
    assert unknown == []


@pytest.mark.parametrize(("slots", "flag"), [
    ({"bodyPart": "LEFT_HAND", "symptom": "NUMB"}, "left_arm"),
    ({"symptom": "CHEST_PAIN"}, "chest_pain"),
    ({"person": "CHILD", "symptom": "FEVER", "secondSymptom": "CONVULSIONS"}, "child_fever"),
    ({"person": "CHILD", "symptom": "SEIZURE"}, "child_fever"),
    ({"person": "MAN", "symptom": "SEIZURE"}, "seizure"),
    ({"bodyPart": "WHOLE_BODY"}, "seizure"),
    ({"symptom": "FAINTED"}, "fainting"),
    ({"bodyPart": "CALF", "symptom": "SORE", "secondSymptom": "SWOLLEN"}, "swollen_calf"),
    ({"bodyPart": "LEG", "symptom": "RED"}, "swollen_calf"),
    ({"bodyPart": "JAW", "symptom": "LOCKED"}, "tetanus"),
    ({"symptom": "WOUND", "secondSymptom": "STIFF"}, "tetanus"),
    ({"bodyPart": "CALF", "symptom": "SORE"}, None),
    ({"person": "CHILD", "bodyPart": "LEG"}, None),
    ({"bodyPart": "HAND", "symptom": "RED"}, None),
    ({"person": "WOMAN", "symptom": "FEVER"}, None),
])
def test_red_flag_matches_the_symptoms_that_need_urgent_care(slots, flag):
    assert MATCHER.match("SymptomIntent", slots) == flag


@pytest.mark.parametrize("intent", sorted(QUESTION_TOPICS))
def test_question_intent_has_many_well_formed_samples(questions_model, intent):
    samples = next(item["samples"] for item in questions_model["intents"] if item["name"] == intent)
    assert 25 <= len(samples) <= 60
    malformed = [sample for sample in samples
                 if re.search(r"[^a-z' .]", re.sub(r"\{[a-z][A-Za-z]*\}", "", sample)) or "  " in sample]
    assert malformed == []
