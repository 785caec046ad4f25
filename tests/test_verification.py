"""Verifier units: Signature-256 with a PKI made here, the chain URL rules, caching, fetching, timestamps."""
from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from cryptography.x509.verification import Store

from benchmarks.alexa_pki import CHAIN_URL, make_pki, sign, signed_headers
from foundations.settings import Settings
from skill.certificates import (
    CertificateChainCache,
    CertificateChainValidator,
    canonical_chain_url,
    download_certificate_chain,
)
from skill.sdk import VerificationException
from skill.verification import (
    Signature256Verifier,
    SkillIdVerifier,
    TimestampVerifier,
    signature_verifier_for,
)
from tests.conftest import TEST_SKILL_ID
from tests.envelopes import load_envelope


class RecordingFetcher:
    """Serves PEM chains by URL and records every download."""

    def __init__(self, *chains: bytes):
        self.chains = list(chains)
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.chains[min(len(self.urls), len(self.chains)) - 1]


def envelope_object(envelope: dict) -> RequestEnvelope:
    return DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)


def signature_verifier(pki, clock, fetcher) -> Signature256Verifier:
    validator = CertificateChainValidator(Store([pki.root]))
    return Signature256Verifier(CertificateChainCache(fetcher, validator, clock))


def verify_signed(verifier: Signature256Verifier, body: str, headers: dict[str, str]) -> None:
    verifier.verify(headers, body, None)


@pytest.fixture
def pki(clock):
    return make_pki(clock())


@pytest.fixture
def body(clock) -> str:
    return json.dumps(load_envelope("launch_request", clock()))


def test_signature_verifier_with_valid_signature_and_trusted_chain_accepts(pki, clock, body):
    fetcher = RecordingFetcher(pki.chain_pem())

    verify_signed(signature_verifier(pki, clock, fetcher), body, signed_headers(body.encode()))

    assert fetcher.urls == [CHAIN_URL]


def test_signature_verifier_reads_headers_case_insensitively(pki, clock, body):
    headers = {name.lower(): value for name, value in signed_headers(body.encode()).items()}

    verify_signed(signature_verifier(pki, clock, RecordingFetcher(pki.chain_pem())), body, headers)


def test_signature_verifier_with_body_changed_after_signing_rejects(pki, clock, body):
    headers = signed_headers(body.encode())
    tampered = body.replace("LaunchRequest", "SessionEndedRequest")

    with pytest.raises(VerificationException, match="does not match its Signature-256"):
        verify_signed(signature_verifier(pki, clock, RecordingFetcher(pki.chain_pem())), tampered, headers)


def test_signature_verifier_with_signature_from_another_key_rejects(pki, clock, body):
    headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(body.encode(), key_role="intermediate")}

    with pytest.raises(VerificationException, match="does not match its Signature-256"):
        verify_signed(signature_verifier(pki, clock, RecordingFetcher(pki.chain_pem())), body, headers)


@pytest.mark.parametrize("missing, message", [
    ("Signature-256", "no Signature-256 header"),
    ("SignatureCertChainUrl", "no SignatureCertChainUrl header"),
])
def test_signature_verifier_without_header_rejects_before_downloading(pki, clock, body, missing, message):
    headers = signed_headers(body.encode())
    del headers[missing]
    fetcher = RecordingFetcher(pki.chain_pem())

    with pytest.raises(VerificationException, match=message):
        verify_signed(signature_verifier(pki, clock, fetcher), body, headers)
    assert fetcher.urls == []


def test_signature_verifier_with_signature_not_base64_rejects(pki, clock, body):
    headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": "not*base64!"}

    with pytest.raises(VerificationException, match="not base64"):
        verify_signed(signature_verifier(pki, clock, RecordingFetcher(pki.chain_pem())), body, headers)


@pytest.mark.parametrize("url, canonical", [
    ("https://s3.amazonaws.com/echo.api/echo-api-cert.pem", "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem", "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
])
def test_chain_url_in_amazons_format_is_accepted_and_normalised(url, canonical):
    assert canonical_chain_url(url) == canonical


@pytest.mark.parametrize("url, problem", [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "must use https"),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", "must be on s3.amazonaws.com"),
    ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem", "must be on s3.amazonaws.com"),
    ("https://attacker@s3.amazonaws.com/echo.api/echo-api-cert.pem", "must be on s3.amazonaws.com"),
    ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path must start with /echo.api/"),
    ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path must start with /echo.api/"),
    ("https://s3.amazonaws.com/echo.api/../attacker/cert.pem", "path must start with /echo.api/"),
    ("https://s3.amazonaws.com/echo.api/%2e%2e/attacker/cert.pem", "path must start with /echo.api/"),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "must use port 443"),
    ("https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem", "cannot be parsed"),
])
def test_chain_url_outside_amazons_format_is_rejected_without_downloading(pki, clock, body, url, problem):
    fetcher = RecordingFetcher(pki.chain_pem())

    with pytest.raises(VerificationException, match=problem):
        verify_signed(signature_verifier(pki, clock, fetcher), body, signed_headers(body.encode(), url))
    assert fetcher.urls == []


@pytest.mark.parametrize("pki_options, problem", [
    ({"leaf_valid_from": timedelta(days=-40)}, "not valid at validation time"),
    ({"leaf_valid_from": timedelta(hours=1)}, "not valid at validation time"),
    ({"names": ("echo-api.example.com",)}, "no matching subjectAltName"),
    ({"root_role": "untrusted-root"}, "not trusted"),
])
def test_signature_verifier_with_unacceptable_chain_rejects(pki, clock, body, pki_options, problem):
    served = make_pki(clock(), **pki_options)

    with pytest.raises(VerificationException, match=problem):
        verify_signed(signature_verifier(pki, clock, RecordingFetcher(served.chain_pem())), body,
                      signed_headers(body.encode()))


def test_signature_verifier_with_download_that_is_not_pem_rejects(pki, clock, body):
    fetcher = RecordingFetcher(b"<Error><Code>AccessDenied</Code></Error>")

    with pytest.raises(VerificationException, match="not a PEM certificate bundle"):
        verify_signed(signature_verifier(pki, clock, fetcher), body, signed_headers(body.encode()))


def test_chain_cache_downloads_once_for_repeated_requests(pki, clock, body):
    fetcher = RecordingFetcher(pki.chain_pem())
    verifier = signature_verifier(pki, clock, fetcher)

    verify_signed(verifier, body, signed_headers(body.encode()))
    clock.advance(days=10)
    verify_signed(verifier, body, signed_headers(body.encode()))

    assert fetcher.urls == [CHAIN_URL]


def test_chain_cache_downloads_again_once_the_signing_certificate_expires(pki, clock, body):
    renewed = make_pki(clock() + timedelta(days=30))
    fetcher = RecordingFetcher(pki.chain_pem(), renewed.chain_pem())
    verifier = signature_verifier(pki, clock, fetcher)
    verify_signed(verifier, body, signed_headers(body.encode()))

    clock.advance(days=30)
    verify_signed(verifier, body, signed_headers(body.encode()))

    assert fetcher.urls == [CHAIN_URL, CHAIN_URL]


def test_chain_cache_expires_with_an_intermediate_that_expires_before_the_leaf(clock, body):
    short_lived_issuer = make_pki(clock(), intermediate_valid_for=timedelta(days=5))
    fetcher = RecordingFetcher(short_lived_issuer.chain_pem())
    verifier = signature_verifier(short_lived_issuer, clock, fetcher)
    verify_signed(verifier, body, signed_headers(body.encode()))

    clock.advance(days=6)
    with pytest.raises(VerificationException, match="not valid at validation time"):
        verify_signed(verifier, body, signed_headers(body.encode()))
    assert len(fetcher.urls) == 2


def test_signature_verifier_for_default_settings_loads_the_system_trust_roots(clock):
    verifier = signature_verifier_for(Settings(), clock)

    assert isinstance(verifier, Signature256Verifier)


def test_signature_verifier_for_missing_trust_roots_file_fails_at_startup(clock, tmp_path):
    settings = Settings(trust_roots_file=str(tmp_path / "missing.pem"))

    with pytest.raises(RuntimeError, match="CRAMP_COACH_TRUST_ROOTS_FILE"):
        signature_verifier_for(settings, clock)


class ChainServer(BaseHTTPRequestHandler):
    """Serves a PEM at /echo.api/chain.pem, a redirect, a huge body and 404s."""

    pem = b""

    def do_GET(self) -> None:
        if self.path == "/echo.api/chain.pem":
            self._answer(200, self.pem)
        elif self.path == "/echo.api/huge.pem":
            self._answer(200, b"A" * 70_000)
        elif self.path == "/echo.api/moved.pem":
            self.send_response(302)
            self.send_header("Location", "/echo.api/chain.pem")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._answer(404, b"not found")

    def _answer(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def chain_server(pki, monkeypatch):
    # A proxy configured in the environment must not be asked for 127.0.0.1.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    handler = type("Handler", (ChainServer,), {"pem": pki.chain_pem()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_download_certificate_chain_over_http_returns_the_pem(chain_server, pki):
    assert download_certificate_chain(f"{chain_server}/echo.api/chain.pem", timeout_seconds=5) == pki.chain_pem()


@pytest.mark.parametrize("path, problem", [
    ("/echo.api/huge.pem", "larger than 65536 bytes"),
    ("/echo.api/gone.pem", "answered HTTP 404"),
    ("/echo.api/moved.pem", "answered HTTP 302"),
])
def test_download_certificate_chain_refuses_oversized_missing_and_redirected(chain_server, path, problem):
    with pytest.raises(VerificationException, match=problem):
        download_certificate_chain(f"{chain_server}{path}", timeout_seconds=5)


def test_download_certificate_chain_with_nothing_listening_rejects():
    with pytest.raises(VerificationException, match="could not be downloaded"):
        download_certificate_chain("http://127.0.0.1:9/echo.api/chain.pem", timeout_seconds=2)


@pytest.mark.parametrize("age_seconds", [0, 150, -150])
def test_timestamp_verifier_within_150_seconds_accepts(clock, age_seconds):
    envelope = envelope_object(load_envelope("launch_request", clock() - timedelta(seconds=age_seconds)))

    TimestampVerifier(clock).verify({}, "", envelope)


@pytest.mark.parametrize("age_seconds", [151, -151])
def test_timestamp_verifier_beyond_150_seconds_rejects(clock, age_seconds):
    envelope = envelope_object(load_envelope("launch_request", clock() - timedelta(seconds=age_seconds)))

    with pytest.raises(VerificationException, match="outside the allowed window"):
        TimestampVerifier(clock).verify({}, "", envelope)


def test_timestamp_verifier_accepts_a_skill_event_delivered_50_minutes_late(clock):
    envelope = envelope_object(load_envelope("skill_enabled_event", clock() - timedelta(minutes=50)))

    TimestampVerifier(clock).verify({}, "", envelope)


def test_timestamp_verifier_rejects_a_skill_event_over_an_hour_old(clock):
    envelope = envelope_object(load_envelope("skill_enabled_event", clock() - timedelta(minutes=61)))

    with pytest.raises(VerificationException, match="outside the allowed window"):
        TimestampVerifier(clock).verify({}, "", envelope)


def test_skill_id_verifier_with_another_skills_request_rejects(clock):
    envelope = load_envelope("launch_request", clock())
    envelope["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"

    with pytest.raises(VerificationException, match="another skill"):
        SkillIdVerifier(TEST_SKILL_ID).verify({}, "", envelope_object(envelope))
