"""Phrasings the interaction model has never seen resolve to the request a person means.

Cases come from ``tests/resolution/cases.yaml``: each utterance goes through the simulator's
NLU for en-US and must land on its intent (one of them, where two are fair readings), with
the slot values listed, and trigger exactly the red flag it names (none when it names none).
Red flags are screened the way the skill screens them, on every slot's words and resolved value.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from foundations.yaml_loader import load_yaml

from foundations.settings import PROJECT_ROOT
from knowledge.safety import RedFlagScreen
from simulator.nlu import Nlu, Resolution
from simulator.text import words

CASES_FILE = Path(__file__).resolve().parent / "resolution" / "cases.yaml"
SECTIONS = ("questions", "redflags", "stretches", "reminders", "offtopic", "fresh")
MODEL_DIR = PROJECT_ROOT / "interaction_model"


def _cases() -> list[dict]:
    document = load_yaml(CASES_FILE) or {}
    return [case for section in SECTIONS for case in document.get(section) or []]


CASES = _cases()


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu.for_locale(MODEL_DIR, "en-US")


@pytest.fixture(scope="module")
def red_flags() -> RedFlagScreen:
    return RedFlagScreen.load()


def slot_words(resolution: Resolution) -> list[str]:
    """What the skill's red-flag screen reads: each value as heard, and its resolved name and ID."""
    texts = []
    for fill in resolution.slots.values():
        for value in fill.heard:
            texts.append(value.value)
            if value.entity:
                texts += [value.entity.name, value.entity.id]
    return texts


def heard_values(resolution: Resolution) -> dict[str, str | list[str]]:
    """Slot name -> resolved ID (or the value Alexa sends for built-in types); lists for multiple values."""
    heard: dict[str, str | list[str]] = {}
    for name, fill in resolution.slots.items():
        values = [value.entity.id if value.entity else value.value for value in fill.heard]
        heard[name] = values if fill.multiple else values[0]
    return heard


def test_resolution_cases_are_phrasings_the_model_does_not_contain(nlu):
    samples = {" ".join(words(sample)) for intent in nlu.model.intents.values() for sample in intent.samples}
    copied = [case["say"] for case in CASES if " ".join(words(case["say"])) in samples]
    assert copied == []


def test_every_red_flag_has_resolution_cases(red_flags):
    covered = {case.get("flag") for case in CASES}
    assert red_flags.flag_ids <= covered, f"no cases for {sorted(red_flags.flag_ids - covered)}"


@pytest.mark.parametrize("case", CASES, ids=[case["say"] for case in CASES])
def test_unseen_phrasing_resolves_to_the_intent_slots_and_red_flag_meant(nlu, red_flags, case):
    resolution = nlu.resolve(case["say"])
    heard = heard_values(resolution)
    described = f"heard {resolution.intent} {heard} (score {resolution.score:.2f})"
    wanted = case.get("intent")
    if wanted:
        assert resolution.intent in (wanted if isinstance(wanted, list) else [wanted]), described
    expected_slots = case.get("slots") or {}
    assert {name: heard.get(name) for name in expected_slots} == expected_slots, described
    assert red_flags.match(slot_words(resolution)) == case.get("flag"), described
