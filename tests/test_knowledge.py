"""The knowledge base: every fact one sentence traceable to a seed article (its content words in
its quote) or marked as the skill's own policy, every answer short, safe and ending in a
question, every red flag referring first, and the question intents, topics, concepts and
red-flag screen in agreement with the interaction model.

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

from knowledge.answers import CAUSE, HELP, Answerer
from knowledge.base import DEFAULT_VARIANT, Answer, Fact, KnowledgeBase
from knowledge.focus import uncovered_focus
from knowledge.retrieval import all_stems
from knowledge.safety import RedFlagScreen, mentions_prescription
from skill.handlers.questions import QUESTION_TOPICS, VARIANT_SLOTS
from skill.speech import SpeechCatalogue
from tests.seeds import assert_quotes_its_seed, seed_articles

QUESTIONS_SOURCE = Path(__file__).resolve().parents[1] / "interaction_model" / "sources" / "questions.yaml"
KNOWLEDGE = KnowledgeBase.load()
ANSWERER = Answerer(KNOWLEDGE)
SCREEN = RedFlagScreen.load()
CATALOGUE = SpeechCatalogue.load()
MAX_SPOKEN_SECONDS = 35.0
MAX_WORDS = 80
URGENT_WORDS = ("emergency", "right away", "immediately", "now")
SEED_COUNT = 5
# Words a spoken sentence may add to its quote's: function words, the plain-speech linking
# words of a paraphrase ("so can", "too", "like") and the words of every cramp sentence. At
# least half of the other words of the sentence (by their first five letters) must stand in
# the quote, so a fact cannot say more than its quote supports.
SHARE_OF_CONTENT_WORDS = 0.5
FUNCTION_WORDS = frozenset("""
a an the and or but so if of to in on at by for with from as is are be can may might it its this
that these those they them their you your yours i my me we our he she his her there here then than
too also very more most much many some any all each every other such like just only even own
do does did done have has had not no nor up out over after before about into when while where
which who what why how one two yes often usually especially around way get gets getting keep
keeps make makes making help helps let lets put say says tell well too try
cramp cramps cramping cramped spasm spasms muscle muscles cause causes caused among common
""".split())


IGNORED = frozenset(stem for word in FUNCTION_WORDS for stem in all_stems(word))


def content_words(text: str) -> list[str]:
    return [word[:5] for word in all_stems(text) if word not in IGNORED and not word.isdigit()]


def every_fact() -> list[Fact]:
    return list(KNOWLEDGE.facts) + [fact for flag in KNOWLEDGE.red_flags.values() for fact in flag.answer.facts]


FACTS = every_fact()
SOURCED = [fact for fact in FACTS if not fact.policy]


def distinct_answers() -> list[Answer]:
    first: dict[str, Answer] = {}
    for answer in KNOWLEDGE.all_answers():
        first.setdefault(answer.speech, answer)
    return list(first.values())


ANSWERS = distinct_answers()


@pytest.fixture(scope="module")
def questions_model() -> dict:
    return load_yaml(QUESTIONS_SOURCE)


def test_knowledge_sources_are_exactly_the_five_seed_articles():
    assert len(seed_articles()) == SEED_COUNT
    assert set(KNOWLEDGE.sources.values()) == set(seed_articles())


@pytest.mark.parametrize("fact", SOURCED, ids=lambda fact: fact.id)
def test_fact_quote_is_verbatim_in_its_seed_article(fact):
    assert_quotes_its_seed(fact.source, fact.quote)


@pytest.mark.parametrize("fact", SOURCED, ids=lambda fact: fact.id)
def test_fact_says_what_its_quote_supports(fact):
    said = content_words(fact.say)
    quoted = " ".join(content_words(fact.quote))
    backed = [word for word in said if word in quoted]
    assert len(backed) >= SHARE_OF_CONTENT_WORDS * len(said), (
        f"{fact.say!r}: only {backed} of {said} appear in {fact.quote!r}")


def test_policy_lines_are_the_skills_own_safety_lines_not_article_facts():
    policy = [fact.say for fact in FACTS if fact.policy]
    assert policy, "no policy lines found"
    assert all(re.search(r"emergency|doctor|pharmacist|provider|right away|medicine", say, re.I) for say in policy), policy


def test_every_fact_is_one_spoken_sentence_or_two_short_ones():
    long = [fact.say for fact in FACTS if len(re.findall(r"[.!?](\s|$)", fact.say)) > 2 or len(fact.say.split()) > 32]
    assert long == []


def test_the_fact_families_people_ask_about_are_covered():
    families = ["smoking", "alcohol", "fizzy_drinks", "diabetes", "thyroid", "kidney_disease", "liver_disease",
                "multiple_sclerosis", "epilepsy", "tetanus", "tumour", "pinched_nerve", "flat_feet", "standing",
                "keyboard_work", "tight_clothing", "cold", "hot_weather", "sleep_position", "lack_of_sleep",
                "too_much_rest", "iron", "compression_stockings", "doctor", "fever", "statins", "sodium"]
    assert [family for family in families if not KNOWLEDGE.about(family)] == []


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda answer: f"{answer.topic}/{answer.variant}")
def test_answer_names_no_prescription_drug_or_dose(answer):
    texts = [answer.speech] + [fact.quote for fact in answer.facts if fact.quote]
    assert [text for text in texts if mentions_prescription(text)] == []


def test_speech_catalogue_names_no_prescription_drug_or_dose():
    texts = [text for entry in CATALOGUE.entries().values()
             for text in (entry if isinstance(entry, list) else [entry])]
    assert [text for text in texts if mentions_prescription(text)] == []


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda answer: f"{answer.topic}/{answer.variant}")
def test_answer_ends_with_a_follow_up_question(answer):
    assert answer.speech.endswith("?")


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda answer: f"{answer.topic}/{answer.variant}")
def test_answer_is_short_enough_to_listen_to(answer):
    assert len(answer.speech.split()) <= MAX_WORDS, f"{len(answer.speech.split())} words: {answer.speech}"


def spoken_seconds(text: str, tmp_path: Path) -> float:
    missing = [tool for tool in ("espeak-ng", "soxi") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"needs {' and '.join(missing)} to measure spoken length (scripts/test.sh installs them)")
    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), text], check=True, capture_output=True)
    return float(subprocess.run(["soxi", "-D", str(wav)], check=True, capture_output=True, text=True).stdout)


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda answer: f"{answer.topic}/{answer.variant}")
def test_answer_takes_under_35_seconds_to_speak(answer, tmp_path):
    seconds = spoken_seconds(answer.speech, tmp_path)
    assert seconds < MAX_SPOKEN_SECONDS, f"{seconds:.1f} s: {answer.speech}"


def test_longest_composed_concept_answer_takes_under_35_seconds_to_speak(tmp_path):
    replies = [ANSWERER.about([concept], kind) for concept in KNOWLEDGE.concepts for kind in (CAUSE, HELP)]
    speeches = [" ".join(fact.say for fact in reply.answer.facts) + " " + reply.answer.follow_up
                for reply in replies if reply]
    longest = max(speeches, key=lambda speech: len(speech.split()))
    assert spoken_seconds("Not according to my articles — " + longest, tmp_path) < MAX_SPOKEN_SECONDS, longest


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


def test_every_red_flag_has_rules_and_every_rule_an_answer():
    assert SCREEN.flag_ids == set(KNOWLEDGE.red_flags)


def test_question_intents_are_the_ones_the_interaction_model_defines(questions_model):
    assert {intent["name"] for intent in questions_model["intents"]} == set(QUESTION_TOPICS)


def test_variants_are_named_after_slot_ids_the_question_intents_can_send(questions_model):
    slot_types = {slot["name"]: slot["type"] for intent in questions_model["intents"]
                  for slot in intent.get("slots", []) if slot["name"] in VARIANT_SLOTS}
    ids = {value["id"].lower() for slot_type in questions_model["types"] if slot_type["name"] in slot_types.values()
           for value in slot_type["values"]}
    variants = {variant for variants in KNOWLEDGE.topics.values() for variant in variants} - {DEFAULT_VARIANT}
    assert variants - ids == set()
    assert set(KNOWLEDGE.tag_words) - {"night", "doctor"} <= ids


@pytest.mark.parametrize(("words", "flag"), [
    (["left hand", "LEFT_HAND", "numb"], "left_arm"),
    (["chest pain", "CHEST_PAIN"], "chest_pain"),
    (["my chest feels heavy"], "chest_pain"),
    (["kid", "CHILD", "fever", "FEVER", "convulsions", "CONVULSIONS"], "child_fever"),
    (["son", "CHILD", "seizure", "SEIZURE"], "child_fever"),
    (["dad", "MAN", "seizure", "SEIZURE"], "seizure"),
    (["she has been shaking for five minutes"], "seizure"),
    (["whole body", "WHOLE_BODY"], "seizure"),
    (["passed out", "FAINTED"], "fainting"),
    (["he isn't answering me"], "fainting"),
    (["i feel confused"], "confusion"),
    (["calf", "CALF", "sore", "SORE", "swollen", "SWOLLEN"], "swollen_calf"),
    (["leg", "LEG", "red", "RED"], "swollen_calf"),
    (["jaw", "JAW", "locked", "LOCKED"], "tetanus"),
    (["stepped on a rusty nail", "WOUND", "stiff", "STIFF"], "tetanus"),
    (["calf", "CALF", "sore", "SORE"], None),
    (["kid", "CHILD", "leg", "LEG"], None),
    (["my kid has a leg cramp"], None),
    (["hand", "HAND", "red", "RED"], None),
    (["woman", "WOMAN", "fever", "FEVER"], None),
    (["my calf cramp lasted ten minutes"], None),
    (["flatmate just flaked out and i can not wake him"], "fainting"),
    (["he crumpled to the floor"], "fainting"),
    (["she is not making any sense"], "confusion"),
    (["he keeps asking me what year it is"], "confusion"),
    (["squeezing behind my breastbone"], "chest_pain"),
    (["eighteen month old", "red hot", "twitching"], "child_fever"),
    (["my son has a cramp in his calf he hasn't got a temperature or anything"], None),
    (["my hand keeps seizing up when i sew"], None),
    (["i slumped on the sofa and my leg cramped"], None),
    (["his head is tipped back and he's gone all stiff and twitching"], "seizure"),
    (["my calf is stiff and twitching"], None),
    (["does a glass of red at night make leg cramps worse"], None),
    (["my leg cramped on the stairs and the next thing i knew i was lying at the bottom"], "fainting"),
    (["grandma just went down in the hallway and she's not really moving"], "fainting"),
    (["the cramp went down my leg and then it stopped"], None),
    (["she's all mixed up she called me by my dad's name"], "confusion"),
    (["my daughter's muscles twitch after every weightlifting session"], None),
    (["eighteen month old", "CHILD", "red hot", "FEVER", "twitching", "TWITCHING"], "child_fever"),
    (["my baby is jerking and shaking"], "child_fever"),
    (["scraped my shin", "WOUND", "jaw", "JAW", "locked", "LOCKED"], "tetanus"),
    (["he went down like a sack of potatoes after the cramp"], "fainting"),
    (["she's only just come round"], "fainting"),
    (["my dad just came round for tea and his leg cramped"], None),
    (["stood on a nail", "WOUND", "i can hardly open my mouth", "JAW"], "tetanus"),
    (["i cut down on salt and now my legs cramp"], None),
    (["my eyelid has been twitching for days and it won't stop"], None),
    (["my leg seized in the hot bath"], None),
    (["he seized for two minutes"], "seizure"),
    (["he's been shaking for ten minutes and it won't stop"], "seizure"),
])
def test_red_flag_screen_recognises_urgent_symptoms_by_meaning_and_no_more(words, flag):
    assert SCREEN.match(words) == flag


@pytest.mark.parametrize(("words", "asked"), [
    (["fever convulsions happen early or late in the illness"], True),
    (["a seizure"], True),
    (["my son is convulsing with a fever"], False),
    (["child convulsing for five minutes"], False),
    (["kid has a fever and he's shaking"], False),
    (["she still won't wake up"], False),
    (["my niece had a fever fit a while back and came round really quickly afterwards is that usual"], True),
    (["my son had a fever fit two years ago and now he's fitting again"], False),
])
def test_red_flag_screen_tells_a_question_about_a_sign_from_someone_affected_now(words, asked):
    assert SCREEN.asks_about(words) is asked


@pytest.mark.parametrize(("words", "known"), [
    ("hiccups", False), ("good for arthritis", False), ("coconut water", True), ("kinda fallen", True),
])
def test_fact_index_knows_only_words_the_facts_or_concepts_use(words, known):
    assert ANSWERER.index.knows_any(words) is known


def test_pregnancy_relief_covers_calves_and_child_relief_says_nothing_of_legs():
    assert KNOWLEDGE.variant_covers("relief", "pregnant", {"calf"})
    assert not KNOWLEDGE.variant_covers("relief", "child", {"leg"})


@pytest.mark.parametrize(("concept", "kind", "lead", "stem"), [
    ("smoking", CAUSE, "answers.lead.yes", "smoking"),
    ("fizzy_drinks", HELP, "answers.lead.no", "carbonated"),
    ("cold", CAUSE, "answers.lead.yes", "cold"),
    ("compression_stockings", HELP, "answers.lead.yes", "compression stockings"),
    ("diabetes", CAUSE, "answers.lead.yes", "diabetes"),
])
def test_question_about_one_concept_leads_with_the_answer_and_that_concept(concept, kind, lead, stem):
    reply = ANSWERER.about([concept], kind)
    assert reply.lead_key == lead
    assert stem in reply.answer.facts[0].say.lower()


def test_free_text_about_nothing_the_articles_cover_finds_nothing():
    assert ANSWERER.search("what is fibromyalgia") is None
    assert ANSWERER.search("sing me a song") is None
    assert ANSWERER.search("can you get rid of hiccups by holding your breath") is None
    assert ANSWERER.search("my cat keeps twitching her back legs is she alright") is None


@pytest.mark.parametrize(("question", "topic", "variant"), [
    ("how long is a cramp supposed to last", "duration", "default"),
    ("how much should my husband be drinking a day", "hydration", "man"),
    ("what can i take for the cramps i get at night", "medicine", "default"),
    ("the cramps only come when i'm asleep why is that", "night_cramps", "default"),
    ("why do my fingers cramp", "causes", "fingers"),
    ("my thigh is cramping", "relief", "thigh"),
    ("my kid has a leg cramp", "relief", "leg"),
    ("i'm pregnant and my calves keep cramping", "pregnancy", "default"),
    ("i've had cramps most nights for a month is it time to see somebody", "see_doctor", "default"),
    ("ow my calf's just gone rock hard halfway round the park what do i do", "relief", "calf"),
    ("my mum gets a calf cramp in bed now and then what can she do", "relief", "calf"),
    ("i get a charlie horse in my calf every night in bed how do i get it to let go", "relief", "calf"),
    ("my toes have gone all twisted under what do i do", "relief", "toes"),
    ("why do these horrid cramps keep coming out of nowhere", "causes", "default"),
])
def test_free_text_no_fact_matches_gets_the_answer_its_words_point_to(question, topic, variant):
    answer = ANSWERER.search(question).answer
    assert (answer.topic, answer.variant) == (topic, variant)


@pytest.mark.parametrize(("question", "focus"), [
    ("my legs cramp when we hike so what actually is altitude sickness", "altitude sickness"),
    ("i keep cramping at the gym so what's the best protein powder to have after a workout", "protein powder"),
    ("does kinesiology tape do anything for sore muscles", "kinesiology tape"),
    ("how do i treat a sprained ankle", "sprained ankle"),
    ("what is a charley horse", None),
    ("what's the best thing for a calf cramp", None),
    ("what is tonic water", None),
    ("what are electrolytes", None),
    ("much pickle juice should i knock back when a cramp starts", "pickle juice"),  # "how {query}"
    ("i take creatine before a match or will it make me cramp up", "creatine"),  # "should {query}"
    ("i've got a trapped nerve in my neck would changing my desk setup help", None),
    ("do bananas help", "bananas"),
    ("does magnesium spray work", "magnesium spray"),
    ("is magnesium any good", None),
    ("you recommend some insoles for flat feet", "insoles"),  # "can {query}"
    ("my daughter gets really bad period pains how long do they go on for", "period pains"),
    ("i ate some dodgy chicken and now i've got stomach cramps", "stomach cramps"),
    ("can you recommend something for leg cramps", None),
])
def test_a_question_about_something_the_articles_never_name_is_told_so_by_name(question, focus):
    assert uncovered_focus(ANSWERER.index, question) == focus


def test_asking_how_much_of_a_named_mineral_to_take_says_first_who_decides():
    facts = ANSWERER.search("how much magnesium should i take for my cramps").answer.facts
    assert facts[0].policy and "doctor or pharmacist" in facts[0].say
    assert "magnesium" in " ".join(fact.say for fact in facts[1:]).lower()


def test_named_value_the_articles_do_not_mention_is_named_in_the_honest_lead():
    reply = ANSWERER.not_mentioned("coconut water", HELP)
    assert reply.lead_key == "answers.not_mentioned.help"
    assert reply.lead_values == {"value": "coconut water"}
    assert reply.answer.facts
