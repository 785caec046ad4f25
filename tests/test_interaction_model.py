"""The interaction model: built JSON up to date, and in agreement with the handlers and the NLU."""
from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict

import pytest

from foundations.settings import PROJECT_ROOT
from simulator.envelope import Device, Session, request_envelope
from simulator.model import LOCALES, InteractionModel, model_path
from simulator.nlu import Nlu, Resolution
from simulator.text import words
from skill.handlers.lifecycle import UnhandledRequestHandler
from tests.conftest import TEST_SKILL_ID

MODEL_DIR = PROJECT_ROOT / "interaction_model"
# Spoken examples for Amazon's built-in slot types, used to fill sample placeholders.
BUILT_IN_EXAMPLES = {"AMAZON.NUMBER": "five", "AMAZON.DURATION": "ten minutes", "AMAZON.TIME": "seven am",
                     "AMAZON.DATE": "tomorrow", "AMAZON.FirstName": "sam",
                     "AMAZON.SearchQuery": "fibromyalgia and lupus"}


def _load_builder():
    spec = importlib.util.spec_from_file_location("interaction_model_build", MODEL_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _load_builder()
SOURCE_MODEL = BUILD.interaction_model(BUILD.merged_sources())["interactionModel"]["languageModel"]
INTENTS = [intent["name"] for intent in SOURCE_MODEL["intents"]]


@pytest.fixture(scope="module")
def model() -> InteractionModel:
    return InteractionModel.load(model_path(MODEL_DIR, "en-US"))


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu.for_locale(MODEL_DIR, "en-US")


def test_committed_models_match_what_build_renders_from_the_sources():
    stale = [path.name for path, text in BUILD.rendered_models().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"out of date: {stale}; run .venv/bin/python interaction_model/build.py"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_a_model_invoked_as_cramp_coach(locale):
    assert InteractionModel.load(model_path(MODEL_DIR, locale)).invocation_name == "cramp coach"


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_is_answered_by_its_own_handler_not_the_catch_all(intent, model, client, clock, monkeypatch):
    caught = []
    catch_all = UnhandledRequestHandler.handle

    def recording_catch_all(self, handler_input):
        caught.append(intent)
        return catch_all(self, handler_input)

    monkeypatch.setattr(UnhandledRequestHandler, "handle", recording_catch_all)
    resolution = Resolution(intent, tuple(model.intents[intent].slots))
    response = client.post("/alexa", json=request_envelope(Device(TEST_SKILL_ID), Session.start(), resolution, clock()))
    assert response.status_code == 200
    assert caught == []


def test_every_custom_slot_type_is_used_by_an_intent_slot(model):
    used = {slot_type for intent in model.intents.values() for slot_type in intent.slots.values()}
    assert set(model.slot_types) <= used, f"unused slot types: {sorted(set(model.slot_types) - used)}"


def test_no_sample_utterance_belongs_to_two_intents(model):
    owners: dict[str, set[str]] = defaultdict(set)
    for intent in model.intents.values():
        for sample in intent.samples:
            owners[" ".join(words(sample))].add(intent.name)
    assert {sample: sorted(names) for sample, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize("intent", INTENTS)
def test_every_sample_resolves_back_to_its_intent_and_slot_values(intent, model, nlu):
    wrong = []
    for index, sample in enumerate(model.intents[intent].samples):
        utterance, expected = _filled(sample, model.intents[intent].slots, model, index)
        resolution = nlu.resolve(utterance)
        heard = {name: fill.entity.id for name, fill in resolution.slots.items() if fill.entity}
        if resolution.intent != intent or any(heard.get(name) != value for name, value in expected.items()):
            wrong.append(f"{utterance!r} -> {resolution.intent} {heard}")
    assert not wrong, "\n".join(wrong)


def _filled(sample: str, slots: dict[str, str], model: InteractionModel, index: int) -> tuple[str, dict[str, str]]:
    """The sample with each placeholder spoken as a value of its type (rotating through them)."""
    expected = {}
    for name, slot_type in slots.items():
        if f"{{{name}}}" not in sample:
            continue
        if slot_type in model.slot_types:
            values = model.slot_types[slot_type]
            value = values[(index + len(expected)) % len(values)]
            expected[name] = value.id
            sample = sample.replace(f"{{{name}}}", value.name)
        else:
            sample = sample.replace(f"{{{name}}}", BUILT_IN_EXAMPLES[slot_type])
    return sample, expected


# Alexa's documented limits for a custom interaction model ("Create Intents, Utterances, and
# Slots" and "Interaction model limits", developer.amazon.com/docs/alexa/custom-skills/): at most
# 250 intents, sample utterances of at most 200 characters, 50,000 custom slot values across
# the skill; an AMAZON.SearchQuery slot needs a carrier phrase, is the only slot of its sample and
# the only SearchQuery slot of its intent; intent and slot names are letters and underscores
# (slot names start with a letter).
MAX_INTENTS = 250
MAX_SAMPLE_CHARACTERS = 200
MAX_CUSTOM_SLOT_VALUES = 50_000


def test_every_locale_model_keeps_within_alexas_documented_limits():
    for locale in LOCALES:
        language = json.loads(model_path(MODEL_DIR, locale).read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        intents = language["intents"]
        assert len(intents) <= MAX_INTENTS
        values = sum(1 + len(value["name"].get("synonyms", [])) for slot_type in language["types"]
                     for value in slot_type["values"])
        assert values <= MAX_CUSTOM_SLOT_VALUES
        for intent in intents:
            assert re.fullmatch(r"[A-Za-z_.]+", intent["name"]), intent["name"]
            slot_types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            assert all(re.fullmatch(r"[A-Za-z][A-Za-z_]*", name) for name in slot_types), slot_types
            assert list(slot_types.values()).count("AMAZON.SearchQuery") <= 1, intent["name"]
            for sample in intent.get("samples", []):
                assert len(sample) <= MAX_SAMPLE_CHARACTERS, sample
                placeholders = re.findall(r"\{(\w+)\}", sample)
                if any(slot_types.get(name) == "AMAZON.SearchQuery" for name in placeholders):
                    assert len(placeholders) == 1 and re.sub(r"\{\w+\}", "", sample).strip(), sample
