"""Every spoken text is SSML that Alexa accepts."""
from __future__ import annotations

import pytest

from foundations.ssml import plain_text, ssml_problems
from knowledge.base import KnowledgeBase
from skill.speech import SpeechCatalogue

KNOWLEDGE = KnowledgeBase.load()
CATALOGUE = SpeechCatalogue.load()


def catalogue_texts() -> list[tuple[str, str]]:
    texts = []
    for key, entry in sorted(CATALOGUE.entries().items()):
        variants = entry if isinstance(entry, list) else [entry]
        texts += [(f"{key}[{index}]", variant) for index, variant in enumerate(variants)]
    return texts


@pytest.mark.parametrize("answer", KNOWLEDGE.all_answers(), ids=lambda a: f"{a.topic}/{a.variant}")
def test_knowledge_answer_is_valid_ssml(answer):
    assert ssml_problems(f"<speak>{answer.speech}</speak>") == []


@pytest.mark.parametrize(("key", "text"), catalogue_texts(), ids=[key for key, _ in catalogue_texts()])
def test_catalogue_prompt_is_valid_ssml(key, text):
    assert ssml_problems(f"<speak>{text}</speak>") == []


@pytest.mark.parametrize(("ssml", "problem"), [
    ("<speak>Salt & water</speak>", "not well-formed"),
    ("<speak>Hold <break time='11s'/> relax</speak>", "at most 10s"),
    ("<speak>Hold <break time='12000ms'/> relax</speak>", "at most 10s"),
    ("<speak><blink>hi</blink></speak>", "unsupported tag <blink>"),
    ("<speak>" + "a" * 8000 + "</speak>", "the limit is 8000"),
])
def test_ssml_checker_reports_what_alexa_would_refuse(ssml, problem):
    assert any(problem in found for found in ssml_problems(ssml))


def test_ssml_checker_accepts_amazon_tags_and_ten_second_breaks():
    ssml = "<speak><amazon:emotion name='excited' intensity='low'>Hi</amazon:emotion><break time='10s'/></speak>"
    assert ssml_problems(ssml) == []


def test_plain_text_drops_tags_and_unescapes_entities():
    assert plain_text("<speak>Salt &amp; <break time='1s'/>water</speak>") == "Salt & water"
