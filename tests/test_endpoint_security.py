"""``POST /alexa`` with verification on: signed requests are served, anything else is refused undispatched."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from benchmarks.alexa_pki import CHAIN_URL, make_pki, sign, signed_headers
from cramp_coach.app import VERIFICATION_OFF_WARNING, create_app
from foundations.settings import settings_from_env
from models import User
from tests.conftest import TEST_SKILL_ID
from tests.envelopes import load_envelope


class CountingFetcher:
    """Stands in for the download from s3.amazonaws.com."""

    def __init__(self, pem: bytes):
        self.pem = pem
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.pem


@pytest.fixture
def pki(clock):
    return make_pki(clock())


@pytest.fixture
def fetcher(pki):
    return CountingFetcher(pki.chain_pem())


@pytest.fixture
def client_trusting(settings, clock, tmp_path):
    """A test client for an app with verification on, trusting ``pki``'s root and served its chain."""
    applications = []

    def build(pki, fetcher: CountingFetcher):
        roots = pki.write_roots(tmp_path)
        verified = settings.with_overrides(verify_requests=True, trust_roots_file=str(roots))
        applications.append(create_app(verified, clock=clock, certificate_fetcher=fetcher))
        return applications[-1].test_client()

    yield build
    for application in applications:
        application.extensions["cramp_coach"]["engine"].dispose()


@pytest.fixture
def verified_client(client_trusting, pki, fetcher):
    return client_trusting(pki, fetcher)


def post(client, body: bytes, headers: dict[str, str]):
    return client.post("/alexa", data=body, headers=headers, content_type="application/json")


def launch_body(clock, **changes) -> bytes:
    envelope = load_envelope("launch_request", clock())
    envelope["context"]["System"]["application"]["applicationId"] = changes.get("skill_id", TEST_SKILL_ID)
    envelope["session"]["application"]["applicationId"] = changes.get("skill_id", TEST_SKILL_ID)
    return json.dumps(envelope).encode()


def user_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(User))


def test_signed_launch_request_is_answered_and_remembers_the_user(verified_client, clock, fetcher, db_session):
    body = launch_body(clock)

    response = post(verified_client, body, signed_headers(body))

    assert response.status_code == 200
    assert response.get_json()["response"]["outputSpeech"]["ssml"]
    assert user_count(db_session) == 1
    assert fetcher.urls == [CHAIN_URL]


def test_signing_chain_is_downloaded_once_for_two_requests(verified_client, clock, fetcher):
    first = launch_body(clock)
    assert post(verified_client, first, signed_headers(first)).status_code == 200
    clock.advance(minutes=5)
    second = launch_body(clock)

    assert post(verified_client, second, signed_headers(second)).status_code == 200
    assert fetcher.urls == [CHAIN_URL]


def _bad_signature(clock):
    body = launch_body(clock)
    headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(body, key_role="intermediate")}
    return body, headers, "request body does not match its Signature-256"


def _wrong_chain_url(clock):
    body = launch_body(clock)
    return body, signed_headers(body, "https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem"), "port 443"


def _stale_timestamp(clock):
    body = launch_body(clock)
    clock.advance(seconds=151)
    return body, signed_headers(body), "timestamp is outside the allowed window"


def _wrong_skill_id(clock):
    body = launch_body(clock, skill_id="amzn1.ask.skill.99999999-0000-0000-0000-000000000000")
    return body, signed_headers(body), "request is for another skill"


def _unsigned(clock):
    return launch_body(clock), {}, "request has no SignatureCertChainUrl header"


@pytest.mark.parametrize("forge", [_bad_signature, _wrong_chain_url, _stale_timestamp, _wrong_skill_id, _unsigned])
def test_request_failing_verification_is_400_logged_and_not_dispatched(verified_client, clock, db_session, caplog,
                                                                        forge):
    body, headers, reason = forge(clock)

    response = post(verified_client, body, headers)

    assert response.status_code == 400
    assert response.get_json() == {"error": "Incoming request failed verification"}
    assert reason in caplog.text
    assert user_count(db_session) == 0


@pytest.mark.parametrize("pki_options, reason", [
    ({"leaf_valid_from": timedelta(days=-40)}, "cert is not valid at validation time"),
    ({"names": ("echo-api.example.com",)}, "leaf certificate has no matching subjectAltName"),
])
def test_request_signed_with_unacceptable_certificate_is_400(client_trusting, clock, db_session, caplog,
                                                             pki_options, reason):
    served = make_pki(clock(), **pki_options)
    client = client_trusting(served, CountingFetcher(served.chain_pem()))
    body = launch_body(clock)

    response = post(client, body, signed_headers(body))

    assert response.status_code == 400
    assert reason in caplog.text
    assert user_count(db_session) == 0


def test_request_body_over_the_size_limit_is_413(verified_client, clock, db_session):
    envelope = load_envelope("launch_request", clock())
    envelope["request"]["padding"] = "x" * (128 * 1024)
    body = json.dumps(envelope).encode()

    response = post(verified_client, body, signed_headers(body))

    assert response.status_code == 413
    assert user_count(db_session) == 0


def test_request_body_that_is_not_json_is_400(verified_client):
    body = b'{"version": "1.0", "request": '

    response = post(verified_client, body, signed_headers(body))

    assert response.status_code == 400
    assert response.get_json() == {"error": "request body is not JSON"}


def test_verification_is_on_when_the_environment_says_nothing():
    assert settings_from_env({}).verify_requests is True


def test_verification_off_in_the_environment_warns_on_every_start(database_url, clock, caplog):
    settings = settings_from_env({"CRAMP_COACH_VERIFY_REQUESTS": "0", "CRAMP_COACH_DATABASE_URL": database_url,
                                  "CRAMP_COACH_SKILL_ID": TEST_SKILL_ID, "CRAMP_COACH_SECRET_KEY": "test-secret"})

    with caplog.at_level(logging.WARNING, logger="cramp_coach.app"):
        for _ in range(2):
            create_app(settings, clock=clock).extensions["cramp_coach"]["engine"].dispose()

    warnings = [record for record in caplog.records if record.getMessage() == VERIFICATION_OFF_WARNING]
    assert [record.levelno for record in warnings] == [logging.WARNING, logging.WARNING]
