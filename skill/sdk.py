"""The one place that imports ``flask_ask_sdk`` and ``ask_sdk_webservice_support``.

``ask_sdk_webservice_support.verifier`` imports ``certvalidator`` at module level for its
stock ``RequestVerifier``. ``certvalidator`` imports ``oscrypto`` 1.3.0, which cannot parse
OpenSSL version strings such as "3.0.11" and raises on import; ``certvalidator`` also fails
to load trust roots with current ``asn1crypto``. We never use that verifier: requests are
verified by ``skill.verification`` with the ``cryptography`` package. So before the SDK is
imported we register an inert ``certvalidator`` module whose validator refuses to run, and
the adapter is always built with the stock signature verifier switched off.
"""
from __future__ import annotations

import sys
import types


class _RefusingCertificateValidator:
    """Stands in for certvalidator's validator; using it is a programming error."""

    def __init__(self, *args, **kwargs) -> None:
        raise RuntimeError(
            "certvalidator is disabled in Cramp Coach; requests are verified by skill.verification"
        )


class _CertificateValidationError(Exception):
    """Placeholder for certvalidator's error types, which the SDK imports by name."""


def _install_inert_certvalidator() -> None:
    if "certvalidator" in sys.modules:
        return
    inert = types.ModuleType("certvalidator")
    inert.CertificateValidator = _RefusingCertificateValidator
    errors = types.ModuleType("certvalidator.errors")
    errors.ValidationError = _CertificateValidationError
    errors.PathError = _CertificateValidationError
    inert.errors = errors
    sys.modules["certvalidator"] = inert
    sys.modules["certvalidator.errors"] = errors


_install_inert_certvalidator()

from ask_sdk_webservice_support.verifier import AbstractVerifier  # noqa: E402
from ask_sdk_webservice_support.verifier_constants import (  # noqa: E402
    SIGNATURE_CERT_CHAIN_URL_HEADER,
)
from ask_sdk_webservice_support.verifier import VerificationException  # noqa: E402
from flask_ask_sdk.skill_adapter import (  # noqa: E402
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)

__all__ = [
    "AbstractVerifier",
    "SIGNATURE_CERT_CHAIN_URL_HEADER",
    "SkillAdapter",
    "VERIFY_SIGNATURE_APP_CONFIG",
    "VERIFY_TIMESTAMP_APP_CONFIG",
    "VerificationException",
]
