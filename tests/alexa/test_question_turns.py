"""Question turns where Alexa sends few words: only a body part, a condition heard as a symptom,
or "take a break" heard as a pause after an answer."""
from __future__ import annotations

from foundations.ssml import plain_text
from tests.alexa.envelopes import custom, speech


def test_a_factor_question_where_only_the_body_part_was_heard_gets_its_causes(talk):
    reply = plain_text(speech(talk.intent("FactorQuestionIntent", bodyPart=custom("BODY_PART", "shoulder", "SHOULDER"))))
    assert "don't cover" not in reply
    assert "shoulder and back spasms are often linked to stress" in reply


def test_a_condition_heard_as_a_symptom_is_named_as_not_the_articles_and_asks_if_it_is_a_cramp(talk):
    reply = plain_text(speech(talk.intent("SymptomIntent", bodyPart=custom("BODY_PART", "knee", "LEG"),
                                          symptom=custom("SYMPTOM", "has gout", None))))
    assert reply.startswith("The articles don't mention gout.")
    assert reply.endswith("Is your leg cramping right now?")
    yes = plain_text(speech(talk.intent("AMAZON.YesIntent")))
    assert "stretch" in yes.lower()


def test_take_a_break_after_an_answer_with_no_stretch_going_is_a_question_about_breaks(talk):
    speech(talk.intent("ReliefIntent", bodyPart=custom("BODY_PART", "hands", "HAND")))
    reply = plain_text(speech(talk.intent("AMAZON.PauseIntent")))
    assert "breaks at least once an hour" in reply
    assert "paused" not in reply.lower()
