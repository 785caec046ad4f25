"""Alexa request verification: skill ID, timestamp and the Signature-256 certificate chain.

Built on ``cryptography`` instead of the SDK's ``certvalidator``-based verifier (see
``skill/sdk.py`` for why). Every verifier raises ``VerificationException``, which the
adapter turns into a 400 before anything is dispatched.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from ask_sdk_model import RequestEnvelope

from skill.sdk import AbstractVerifier, VerificationException


class SkillIdVerifier(AbstractVerifier):
    """The request must be addressed to our skill."""

    def __init__(self, skill_id: str):
        self.skill_id = skill_id

    def verify(self, headers, serialized_request_env: str, deserialized_request_env: RequestEnvelope) -> None:
        if application_id(deserialized_request_env) != self.skill_id:
            raise VerificationException("request is for another skill")


class TimestampVerifier(AbstractVerifier):
    """The request must be recent: Alexa's replay protection (150 seconds)."""

    def __init__(self, clock: Callable[[], datetime], tolerance_seconds: int = 150):
        self.clock = clock
        self.tolerance = timedelta(seconds=tolerance_seconds)

    def verify(self, headers, serialized_request_env: str, deserialized_request_env: RequestEnvelope) -> None:
        timestamp = getattr(deserialized_request_env.request, "timestamp", None)
        if timestamp is None:
            raise VerificationException("request has no timestamp")
        if timestamp.tzinfo is None:
            raise VerificationException("request timestamp has no time zone")
        if abs(self.clock() - timestamp) > self.tolerance:
            raise VerificationException("request timestamp is outside the allowed window")


def application_id(envelope: RequestEnvelope) -> str | None:
    system = getattr(envelope.context, "system", None)
    application = getattr(system, "application", None)
    if application is not None and application.application_id:
        return application.application_id
    session = envelope.session
    return session.application.application_id if session is not None and session.application else None


def signature_verifier_for(settings, clock: Callable[[], datetime]) -> AbstractVerifier:
    """The Signature-256 verifier configured from settings (trust roots, fetch timeout)."""
    raise NotImplementedError("Signature-256 verification is being written")
