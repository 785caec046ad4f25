"""3,000 mutated request envelopes posted to ``POST /alexa``, verification off and on: none may
get a 5xx. Mutations are seeded (``CRAMP_COACH_FUZZ_SEED`` replays a run) and mix realistic
envelopes, every intent of the interaction model with odd slot values, odd session attributes,
missing or mistyped fields, and raw-byte damage."""
from __future__ import annotations

import copy
import json
import os
import random
from collections import Counter

import flask
import pytest

from benchmarks.alexa_pki import make_pki, signed_headers
from cramp_coach.app import create_app
from tests.alexa_replies import envelope_problems, speech_problems
from tests.envelopes import FIXTURES, load_envelope
from tests.test_endpoint_security import CountingFetcher

ENVELOPES_PER_MODE = 3000
SEED = int(os.environ.get("CRAMP_COACH_FUZZ_SEED", "15"))
MODEL = json.loads((FIXTURES.parent.parent / "interaction_model" / "interactionModels" / "custom" / "en-US.json")
                   .read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
INTENTS = [(intent["name"], [slot["name"] for slot in intent.get("slots", [])]) for intent in MODEL["intents"]]
REQUEST_TYPES = ["LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
                 "AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled",
                 "AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillPermissionChanged",
                 "Messaging.MessageReceived", "Connections.Response", "System.ExceptionEncountered",
                 "Alexa.Presentation.APL.UserEvent", "Display.ElementSelected", "Nonsense.Request"]
ODD_TEXT = ["", " ", "a" * 5000, "<speak>&amp;</speak>", "]]><script>", "m&m's <b>", "at&t zork", "Europe/Atlantis", "../../etc/passwd",
            "PT99999999999H", "2026-13-45", "25:61", "\u0000", "\ud7ff\ufffd", "🙂" * 50, "-1", "1e309",
            "Asia/Tokyo", "America/New_York", "HYDRATION", "STRETCH", "PT2H", "08:00", "MO", "?", "NaN"]


def odd_value(rng: random.Random):
    return rng.choice([None, True, 0, -1, 2 ** 63, 10 ** 60, 1.5, 1e308, [], {}, [None], {"value": None},
                       rng.choice(ODD_TEXT), rng.choice(ODD_TEXT), {"nested": {"deeper": [1, "x"]}}])


def slot(rng: random.Random, name: str) -> dict:
    value = rng.choice(ODD_TEXT)
    result = {"name": name, "value": value, "confirmationStatus": rng.choice(["NONE", "CONFIRMED", "DENIED"])}
    if rng.random() < 0.6:
        result["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": "amzn1.er-authority.echo-sdk.x.TYPE",
            "status": {"code": rng.choice(["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "??"])},
            "values": [{"value": {"name": rng.choice(ODD_TEXT), "id": rng.choice(ODD_TEXT)}}]}]}
    return result


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


def mutate(rng: random.Random, envelope: dict) -> dict:
    envelope = copy.deepcopy(envelope)
    if rng.random() < 0.5:
        name, slots = rng.choice(INTENTS)
        envelope["request"].update(type="IntentRequest", dialogState=rng.choice(["STARTED", "COMPLETED", None]),
                                   intent={"name": name, "confirmationStatus": "NONE",
                                           "slots": {s: slot(rng, s) for s in slots if rng.random() < 0.8}})
    if rng.random() < 0.4 and isinstance(envelope.get("session"), dict):
        keys = ["pending", "stretch", "routine", "step", "draft", "state", "question", "last", "offer", "zone"]
        envelope["session"]["new"] = rng.random() < 0.5
        envelope["session"]["attributes"] = {rng.choice(keys): odd_value(rng) for _ in range(rng.randint(1, 4))}
    for _ in range(rng.randint(1, 4)):
        *parent_path, last = rng.choice([path for path in paths(envelope) if path])
        parent = envelope
        for step in parent_path:
            parent = parent[step]
        choice = rng.random()
        if choice < 0.3 and isinstance(parent, dict):
            del parent[last]
        elif choice < 0.4 and last == "type":
            parent[last] = rng.choice(REQUEST_TYPES)
        else:
            parent[last] = odd_value(rng)
    return envelope


def damaged_bytes(rng: random.Random, body: bytes) -> bytes:
    choice = rng.random()
    if choice < 0.3:
        return body[:rng.randint(0, len(body))]
    if choice < 0.5:
        index = rng.randrange(len(body))
        return body[:index] + bytes([rng.randrange(256)]) + body[index + 1:]
    if choice < 0.7:
        depth = rng.choice([40, 500, 3000])
        return b'{"request":{"type":"LaunchRequest"},"x":' + b"[" * depth + b"]" * depth + b"}"
    if choice < 0.85:
        return body.replace(b'"1.0"', b"9" * rng.choice([70, 4400, 10000]), 1)
    return rng.choice([b"", b"null", b"[]", b'"x"', b"\xff\xfe", b"{}", b'{"request": []}'])


def bodies(rng: random.Random, clock, count: int):
    fixtures = sorted(path.stem for path in FIXTURES.glob("*.json"))
    for _ in range(count):
        envelope = load_envelope(rng.choice(fixtures), clock())
        body = json.dumps(mutate(rng, envelope), ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        yield damaged_bytes(rng, body) if rng.random() < 0.15 else body


@pytest.fixture(autouse=True)
def alexa_replies_are_held_to_the_rules():
    """Replaces the suite's reply check here: mutated envelopes pair request types with sessions
    and slots Alexa never sends together, so the session rule (``tests/alexa_replies.py``) does not
    apply; every answer must still be a well-formed ``ResponseEnvelope`` with speakable SSML."""
    problems: list[str] = []

    def check(sender, response, **extra) -> None:
        if flask.request.path == "/alexa" and response.status_code == 200 and response.is_json:
            problems.extend(envelope_problems(response.get_json()) + speech_problems(response.get_json()))

    flask.request_finished.connect(check)
    yield
    flask.request_finished.disconnect(check)
    assert not problems, "\n".join(problems[:5])


@pytest.fixture
def verified_app(settings, clock, tmp_path):
    pki = make_pki(clock())
    verified = settings.with_overrides(verify_requests=True, trust_roots_file=str(pki.write_roots(tmp_path)))
    application = create_app(verified, clock=clock, certificate_fetcher=CountingFetcher(pki.chain_pem()))
    yield application
    application.extensions["cramp_coach"]["engine"].dispose()


def post_all(client, rng, clock, signed: bool) -> Counter:
    statuses: Counter = Counter()
    server_errors = []
    for body in bodies(rng, clock, ENVELOPES_PER_MODE):
        headers = signed_headers(body) if signed and rng.random() < 0.8 else {}
        response = client.post("/alexa", data=body, headers={**headers, "Content-Type": "application/json"})
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            server_errors.append((response.status_code, body[:300]))
    assert server_errors == [], f"seed {SEED}: {len(server_errors)} server errors, first {server_errors[:3]}"
    return statuses


def test_mutated_envelopes_never_get_a_server_error_with_verification_off(app, clock):
    statuses = post_all(app.test_client(), random.Random(SEED), clock, signed=False)
    print(f"verification off: {dict(statuses)}")
    assert statuses[200] > ENVELOPES_PER_MODE // 5, "most mutations should still reach the handlers"


def test_mutated_envelopes_never_get_a_server_error_with_verification_on(verified_app, clock):
    statuses = post_all(verified_app.test_client(), random.Random(SEED + 1), clock, signed=True)
    print(f"verification on: {dict(statuses)}")
    assert statuses[200] > 0 and statuses[400] > 0
