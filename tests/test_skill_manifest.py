"""The skill package Amazon is given: skill.json and the interaction models, checked with Amazon's
own SMAPI model package (``ask-smapi-model``) and against what the code really does."""
from __future__ import annotations

import importlib.util
import json
import re
import struct
from urllib.parse import urlsplit

import pytest
from ask_sdk_model_runtime.serializer import DefaultSerializer

from foundations.alexa_api import REMINDERS_SCOPE
from foundations.settings import PROJECT_ROOT
from simulator.conversation import InProcess, Simulator
from simulator.envelope import Device
from simulator.model import LOCALES
from simulator.nlu import Nlu
from skill.handlers.lifecycle import UnhandledRequestHandler
from skill.speech import SpeechCatalogue
from tests.conftest import TEST_SKILL_ID

PACKAGE = PROJECT_ROOT / "interaction_model"
ICONS = PROJECT_ROOT / "web" / "static" / "icons"
MANIFEST_ENVELOPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
INTERACTION_MODEL = "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"
# Skill events Alexa can send a custom skill, by manifest name.
SKILL_EVENTS = {
    "SKILL_ENABLED": "AlexaSkillEvent.SkillEnabled",
    "SKILL_DISABLED": "AlexaSkillEvent.SkillDisabled",
    "SKILL_PERMISSION_ACCEPTED": "AlexaSkillEvent.SkillPermissionAccepted",
    "SKILL_PERMISSION_CHANGED": "AlexaSkillEvent.SkillPermissionChanged",
    "SKILL_ACCOUNT_LINKED": "AlexaSkillEvent.SkillAccountLinked",
}
EMERGENCY_NUMBERS = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "000", "en-IN": "112"}
# Amazon's limits for the store listing.
LIMITS = {"name": 50, "summary": 160, "description": 4000}
ICON_SIZES = {"smallIconUri": 108, "largeIconUri": 512}
INVOCATION = re.compile(r"^Alexa, (?:open|ask|tell|start|launch) cramp coach(?: to| for| about| if)?(?: (?P<rest>.+))?$")


def _load_builder():
    spec = importlib.util.spec_from_file_location("interaction_model_build", PACKAGE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _load_builder()
SOURCE = BUILD.manifest_source()
MANIFEST = json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))["manifest"]
PUBLISHING = MANIFEST["publishingInformation"]


def round_trip(text: str, model: str) -> object:
    serializer = DefaultSerializer()
    return serializer.serialize(serializer.deserialize(text, model))


def test_skill_json_matches_what_build_renders_from_the_manifest_source():
    path, text = next(iter(BUILD.rendered_manifest().items()))
    assert path.read_text(encoding="utf-8") == text, "run .venv/bin/python interaction_model/build.py"


def test_skill_json_round_trips_through_smapi_skill_manifest_envelope_with_nothing_dropped():
    text = (PACKAGE / "skill.json").read_text(encoding="utf-8")
    assert round_trip(text, MANIFEST_ENVELOPE) == json.loads(text)
    assert MANIFEST["manifestVersion"] == "1.0"


@pytest.mark.parametrize("locale", LOCALES)
def test_interaction_model_round_trips_through_smapi_interaction_model_data_with_nothing_dropped(locale):
    text = (PACKAGE / "interactionModels" / "custom" / f"{locale}.json").read_text(encoding="utf-8")
    assert round_trip(text, INTERACTION_MODEL) == json.loads(text)


def test_manifest_locales_are_the_model_locales():
    assert sorted(PUBLISHING["locales"]) == sorted(LOCALES)
    assert sorted(MANIFEST["privacyAndCompliance"]["locales"]) == sorted(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_a_complete_store_listing_within_amazons_limits(locale):
    listing = PUBLISHING["locales"][locale]
    for field, limit in LIMITS.items():
        assert 0 < len(listing[field]) <= limit, field
    assert 1 <= len(listing["examplePhrases"]) <= 3
    assert 1 <= len(listing["keywords"]) <= 30
    assert INVOCATION.match(listing["examplePhrases"][0]), "the first phrase names the wake word and invocation"
    assert listing["smallIconUri"].startswith("https://") and listing["largeIconUri"].startswith("https://")
    legal = MANIFEST["privacyAndCompliance"]["locales"][locale]
    assert legal == {"privacyPolicyUrl": f"{SOURCE['public_url']}/privacy",
                     "termsOfUseUrl": f"{SOURCE['public_url']}/terms"}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_description_carries_the_health_disclaimer_with_the_local_emergency_number(locale):
    description = PUBLISHING["locales"][locale]["description"]
    assert "general information, not medical advice" in description
    assert "Ask your doctor" in description
    assert f"In an emergency, call {EMERGENCY_NUMBERS[locale]}" in description
    others = set(EMERGENCY_NUMBERS.values()) - {EMERGENCY_NUMBERS[locale]}
    assert not any(f"call {number}" in description for number in others)


def test_privacy_settings_say_personal_information_is_used():
    privacy = MANIFEST["privacyAndCompliance"]
    assert privacy["usesPersonalInfo"] is True
    assert privacy["isChildDirected"] is False and privacy["containsAds"] is False


def test_only_the_reminders_permission_is_asked_for():
    assert MANIFEST["permissions"] == [{"name": REMINDERS_SCOPE}]
    sources = "\n".join(path.read_text(encoding="utf-8") for folder in ("skill", "scheduler", "web")
                        for path in (PROJECT_ROOT / folder).rglob("*.py"))
    assert "notifications:write" not in sources


def test_events_are_sent_to_the_skill_endpoint():
    assert MANIFEST["events"]["endpoint"] == MANIFEST["apis"]["custom"]["endpoint"]
    assert MANIFEST["apis"]["custom"]["endpoint"]["uri"] == f"{SOURCE['public_url']}/alexa"


def test_events_subscribed_are_exactly_the_skill_events_a_handler_acts_on(client, clock, monkeypatch):
    unhandled = []
    catch_all = UnhandledRequestHandler.handle

    def recording(self, handler_input):
        unhandled.append(handler_input.request_envelope.request.object_type)
        return catch_all(self, handler_input)

    monkeypatch.setattr(UnhandledRequestHandler, "handle", recording)
    handled = set()
    for name, request_type in SKILL_EVENTS.items():
        unhandled.clear()
        stamp = clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        response = client.post("/alexa", json={
            "version": "1.0",
            "context": {"System": {"application": {"applicationId": TEST_SKILL_ID},
                                   "user": {"userId": "amzn1.ask.account.EVENTS"}}},
            "request": {"type": request_type, "requestId": f"amzn1.echo-api.request.{name}", "timestamp": stamp,
                        "eventCreationTime": stamp, "eventPublishingTime": stamp,
                        "body": {"acceptedPermissions": [{"scope": REMINDERS_SCOPE}]}},
        })
        assert response.status_code == 200
        if not unhandled:
            handled.add(name)
    subscribed = {subscription["eventName"] for subscription in MANIFEST["events"]["subscriptions"]}
    assert subscribed == handled
    assert {"SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED"} <= subscribed


@pytest.mark.parametrize("field", ICON_SIZES)
def test_icons_are_pngs_of_amazons_sizes_kept_in_the_repo_and_served_by_the_web_app(field, client):
    uris = {PUBLISHING["locales"][locale][field] for locale in LOCALES}
    assert len(uris) == 1
    path = urlsplit(uris.pop()).path
    kept = ICONS / path.rsplit("/", 1)[-1]
    data = kept.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (ICON_SIZES[field], ICON_SIZES[field])
    with client.get(path) as served:
        assert served.status_code == 200 and served.mimetype == "image/png" and served.data == data


@pytest.fixture
def simulator(app, settings) -> Simulator:
    return Simulator(InProcess(app), Nlu.for_locale(settings.interaction_model_dir, "en-US"),
                     Device(TEST_SKILL_ID))


def not_real_answers() -> set[str]:
    """What the skill says when it did not understand or could not help."""
    entries = SpeechCatalogue.load().entries()
    texts = set()
    for key, value in entries.items():
        if key.startswith(("fallback.", "error.")) or key.endswith(".fallback"):
            texts.update([value] if isinstance(value, str) else value)
    return {" ".join(text.split()) for text in texts}


@pytest.mark.parametrize("example", SOURCE["example_phrases"], ids=lambda example: example["phrase"])
def test_every_example_phrase_reaches_its_intent_with_a_real_answer_the_first_time(simulator, example):
    turn = simulator.say(example["phrase"])
    heard = "LaunchRequest" if turn.resolution.intent is None else turn.resolution.intent
    assert heard == example["expects"]
    assert turn.ok and turn.text and turn.text not in not_real_answers()
    assert example["phrase"] in PUBLISHING["locales"]["en-US"]["examplePhrases"]


def test_every_example_phrase_is_a_sample_utterance_of_its_intent():
    model = json.loads((PACKAGE / "interactionModels" / "custom" / "en-US.json").read_text(encoding="utf-8"))
    language = model["interactionModel"]["languageModel"]
    values = {slot_type["name"]: [name.lower() for value in slot_type["values"]
                                  for name in [value["name"]["value"], *value["name"].get("synonyms", [])]]
              for slot_type in language["types"]}
    for example in SOURCE["example_phrases"]:
        rest = INVOCATION.match(example["phrase"])["rest"]
        if example["expects"] == "LaunchRequest":
            assert rest is None
            continue
        intent = next(intent for intent in language["intents"] if intent["name"] == example["expects"])
        types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        patterns = [re.sub(r"\\{(\w+)\\}", lambda slot: _slot_pattern(values, types[slot[1]]), re.escape(sample))
                    for sample in intent["samples"]]
        assert any(re.fullmatch(pattern, rest) for pattern in patterns), example["phrase"]


def _slot_pattern(values: dict[str, list[str]], slot_type: str) -> str:
    """A custom slot matches one of its values or synonyms; a built-in one any words."""
    if slot_type not in values:
        return ".+"
    return "(?:" + "|".join(re.escape(value) for value in values[slot_type]) + ")"


def test_testing_instructions_name_every_feature_and_fit_amazons_limit():
    instructions = PUBLISHING["testingInstructions"]
    assert len(instructions) <= 4000
    for feature in SOURCE["testing_instructions"]["features"]:
        assert feature["feature"] in instructions
    assert "web code" in instructions and f"{SOURCE['public_url']}/privacy" in instructions


def test_every_phrase_the_testing_instructions_give_resolves_to_an_intent(settings):
    nlu = Nlu.for_locale(settings.interaction_model_dir, "en-US")
    misheard = [phrase for feature in SOURCE["testing_instructions"]["features"] for phrase in feature.get("say", [])
                if nlu.resolve(phrase).intent in (None, "AMAZON.FallbackIntent")]
    assert misheard == []
