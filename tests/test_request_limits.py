"""``POST /alexa`` refuses malformed bodies with a clean 400 before any parsing goes wrong, and
logs each refusal as one line without a traceback."""
from __future__ import annotations

import json
import logging

import pytest

from tests.envelopes import load_envelope


def post(client, body: bytes | str):
    return client.post("/alexa", data=body, content_type="application/json")


@pytest.mark.parametrize(("body", "reason"), [
    ("[" * 2500 + "]" * 2500, "nested too deeply"),
    ('{"request":' * 2100 + "{}" + "}" * 2100, "nested too deeply"),
    ('{"request":{"type":"LaunchRequest"},"version":' + "9" * 4400 + "}", "number longer than 64 digits"),
    ('{"request":{"type":"LaunchRequest"},"version":NaN}', "not JSON"),
])
def test_deep_json_and_huge_numbers_get_a_400_not_a_500(client, body, reason):
    response = post(client, body)
    assert response.status_code == 400 and reason in response.get_json()["error"]


def test_envelope_without_context_system_gets_a_clean_400_with_verification_off(client, clock):
    envelope = load_envelope("launch_request", clock())
    del envelope["context"]["System"]
    response = post(client, json.dumps(envelope))
    assert (response.status_code, response.get_json()) == (400, {"error": "request envelope has no context.System"})


def test_envelope_without_a_user_gets_a_clean_400(client, clock):
    envelope = load_envelope("launch_request", clock())
    envelope["context"]["System"]["user"] = "someone"
    assert post(client, json.dumps(envelope)).status_code == 400


def test_each_refused_request_logs_one_line_without_a_traceback(client, clock, caplog):
    other_skill = load_envelope("launch_request", clock())
    other_skill["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    bodies = ["not json", "[" * 3000, json.dumps(other_skill), json.dumps({"request": {"type": 5}})]
    with caplog.at_level(logging.INFO):
        for body in bodies:
            assert post(client, body).status_code == 400
    refusals = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(refusals) == len(bodies)
    assert all(record.exc_info is None and "\n" not in record.getMessage() for record in refusals)
    assert "request is for another skill" in refusals[2].getMessage()
