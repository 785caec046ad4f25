"""Alexa request verification: skill ID, timestamp and the Signature-256 certificate chain.

Built on ``cryptography`` instead of the SDK's ``certvalidator``-based verifier (see
``skill/sdk.py`` for why). Every verifier raises ``VerificationException``, which the
adapter logs and turns into a 400 before anything is dispatched.
"""
from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ask_sdk_model import RequestEnvelope
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.hashes import SHA256

from skill.certificates import (
    CertificateChainCache,
    CertificateChainValidator,
    ChainFetcher,
    download_certificate_chain,
    load_trust_roots,
)
from skill.sdk import SIGNATURE_CERT_CHAIN_URL_HEADER, AbstractVerifier, VerificationException

if TYPE_CHECKING:
    from foundations.settings import Settings

SIGNATURE_HEADER = "Signature-256"
SKILL_EVENT_PREFIX = "AlexaSkillEvent."
# Skill events (enabled, disabled, account linked, permissions) may be delivered late; Amazon's
# SDKs accept them up to an hour old (verifier_constants.MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS).
SKILL_EVENT_TOLERANCE_SECONDS = 3600


class SkillIdVerifier(AbstractVerifier):
    """The request must be addressed to our skill."""

    def __init__(self, skill_id: str):
        self.skill_id = skill_id

    def verify(self, headers, serialized_request_env: str, deserialized_request_env: RequestEnvelope) -> None:
        if application_id(deserialized_request_env) != self.skill_id:
            raise VerificationException("request is for another skill")


class TimestampVerifier(AbstractVerifier):
    """The request must be recent: Alexa's replay protection (150 s; an hour for skill events)."""

    def __init__(self, clock: Callable[[], datetime], tolerance_seconds: int = 150):
        self.clock = clock
        self.tolerance = timedelta(seconds=tolerance_seconds)

    def verify(self, headers, serialized_request_env: str, deserialized_request_env: RequestEnvelope) -> None:
        request = deserialized_request_env.request
        timestamp = getattr(request, "timestamp", None)
        if timestamp is None:
            raise VerificationException("request has no timestamp")
        if timestamp.tzinfo is None:
            raise VerificationException("request timestamp has no time zone")
        tolerance = self.tolerance
        if (getattr(request, "object_type", None) or "").startswith(SKILL_EVENT_PREFIX):
            tolerance = max(tolerance, timedelta(seconds=SKILL_EVENT_TOLERANCE_SECONDS))
        if abs(self.clock() - timestamp) > tolerance:
            raise VerificationException("request timestamp is outside the allowed window")


class Signature256Verifier(AbstractVerifier):
    """The raw body must carry Amazon's RSA SHA-256 signature, checked against a trusted chain."""

    def __init__(self, chains: CertificateChainCache):
        self.chains = chains

    def verify(self, headers, serialized_request_env: str, deserialized_request_env: RequestEnvelope) -> None:
        chain_url = header_value(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        encoded_signature = header_value(headers, SIGNATURE_HEADER)
        if not chain_url:
            raise VerificationException(f"request has no {SIGNATURE_CERT_CHAIN_URL_HEADER} header")
        if not encoded_signature:
            raise VerificationException(f"request has no {SIGNATURE_HEADER} header")
        try:
            signature = base64.b64decode(encoded_signature, validate=True)
        except binascii.Error as error:
            raise VerificationException(f"{SIGNATURE_HEADER} header is not base64") from error
        chain = self.chains.chain_for(chain_url)
        # The adapter hands us the body decoded as UTF-8; encoding it again gives the exact bytes.
        body = serialized_request_env.encode("utf-8")
        try:
            chain.public_key.verify(signature, body, PKCS1v15(), SHA256())
        except InvalidSignature as error:
            raise VerificationException(f"request body does not match its {SIGNATURE_HEADER}") from error


def header_value(headers: Mapping[str, Any], name: str) -> str | None:
    """A header by case-insensitive name, from Flask's headers or a plain dict."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def application_id(envelope: RequestEnvelope) -> str | None:
    system = getattr(envelope.context, "system", None)
    application = getattr(system, "application", None)
    if application is not None and application.application_id:
        return application.application_id
    session = envelope.session
    return session.application.application_id if session is not None and session.application else None


def signature_verifier_for(settings: Settings, clock: Callable[[], datetime],
                           fetch_certificate_chain: ChainFetcher | None = None) -> Signature256Verifier:
    """The Signature-256 verifier from settings (trust roots, fetch timeout); tests inject a fetcher."""
    fetch = fetch_certificate_chain or partial(
        download_certificate_chain, timeout_seconds=settings.cert_fetch_timeout_seconds)
    validator = CertificateChainValidator(load_trust_roots(settings.trust_roots_file))
    return Signature256Verifier(CertificateChainCache(fetch, validator, clock))
