"""The Alexa API layer: HTTPS only, Login with Amazon tokens cached by the injected clock, and
what each HTTP status means for the caller."""
from __future__ import annotations

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiClientRequest, ApiConfiguration
from ask_sdk_model.services.reminder_management import ReminderManagementServiceClient

from foundations.alexa_api import (
    SKILL_MESSAGING_SCOPE,
    AlexaApiError,
    AlexaHttpClient,
    LwaTokens,
    SkillMessenger,
    call_alexa,
)


def tokens(stand_in, clock, secret: str | None = None) -> LwaTokens:
    return LwaTokens(f"{stand_in.url}/auth/o2/token", stand_in.client_id, secret or stand_in.client_secret,
                     stand_in.api_client(), clock)


def test_client_refuses_plain_http_like_the_sdks_default_client():
    with pytest.raises(ApiClientException, match="non-HTTPS"):
        AlexaHttpClient().invoke(ApiClientRequest(url="http://127.0.0.1:9/v1/alerts/reminders", method="GET"))


def test_lwa_token_is_reused_until_shortly_before_it_expires(stand_in, clock):
    lwa = tokens(stand_in, clock)

    first = lwa.get_access_token_for_scope(SKILL_MESSAGING_SCOPE)
    clock.advance(minutes=58)
    again = lwa.get_access_token_for_scope(SKILL_MESSAGING_SCOPE)
    clock.advance(minutes=1, seconds=1)
    renewed = lwa.get_access_token_for_scope(SKILL_MESSAGING_SCOPE)

    assert first == again != renewed
    assert len(stand_in.calls_to("POST", "/auth/o2/token")) == 2


def test_lwa_refusal_is_an_error_naming_the_status_and_code(stand_in, clock):
    with pytest.raises(AlexaApiError) as refused:
        tokens(stand_in, clock, secret="wrong").get_access_token_for_scope(SKILL_MESSAGING_SCOPE)

    assert (refused.value.status, refused.value.code) == (401, "invalid_client")
    assert not refused.value.retryable


def test_unreachable_api_is_a_retryable_error_without_a_status(stand_in, clock):
    messenger = SkillMessenger("https://127.0.0.1:9", tokens(stand_in, clock), stand_in.api_client())

    with pytest.raises(AlexaApiError) as failed:
        messenger.send("amzn1.ask.account.X", {"event": "test"}, 60)

    assert failed.value.status == 0 and failed.value.retryable


@pytest.mark.parametrize("status, needs_permission, not_found, retryable", [
    (400, False, False, False), (401, True, False, False), (403, True, False, False),
    (404, False, True, False), (429, False, False, True), (500, False, False, True), (503, False, False, True),
])
def test_each_status_means_one_thing_to_the_caller(status, needs_permission, not_found, retryable):
    error = AlexaApiError("update_reminder", status, "CODE", "message")

    assert (error.needs_permission, error.not_found, error.retryable) == (needs_permission, not_found, retryable)
    assert f"HTTP {status}" in str(error)


def test_sdk_service_exception_keeps_the_documented_error_code(stand_in):
    client = ReminderManagementServiceClient(ApiConfiguration(
        serializer=DefaultSerializer(), api_client=stand_in.api_client(), authorization_value="unknown-token",
        api_endpoint=stand_in.url))

    with pytest.raises(AlexaApiError) as refused:
        call_alexa("delete_reminder", client.delete_reminder, "no-such-token")

    assert (refused.value.status, refused.value.code) == (401, "INVALID_BEARER_TOKEN")
