"""virtual-alexa, a third-party Alexa client from npm, drives the real server over HTTP."""
from __future__ import annotations

import json

import pytest

from skill.simulator.model import LOCALES
from skill.ssml import plain_text
from tests.virtual_alexa.conftest import MODELS


def speech(answer: dict) -> str:
    return plain_text(answer["response"]["response"]["outputSpeech"]["ssml"])


@pytest.mark.parametrize("locale", LOCALES)
def test_virtual_alexa_loads_every_locale_model_with_all_its_intents(virtual_alexa, locale):
    driver = virtual_alexa(locale)
    declared = [intent["name"] for intent in
                json.loads((MODELS / f"{locale}.json").read_text())["interactionModel"]["languageModel"]["intents"]]
    # virtual-alexa adds Amazon's built-in intents the model does not list; ours must all be there.
    assert set(declared) - set(driver.created["intents"]) == set()


def test_launch_over_http_greets_with_the_disclaimer_and_a_question(virtual_alexa):
    answer = virtual_alexa().command(op="launch")
    assert answer["request"]["request"]["type"] == "LaunchRequest"
    assert "not medical advice" in speech(answer)
    assert speech(answer).endswith("?")
    assert answer["response"]["response"]["shouldEndSession"] is False
