"""Alexa's signing certificate chain: URL checked, downloaded, validated, cached until it expires.

Follows "Host a custom skill as a web service" (Amazon Alexa docs): the chain URL must be
https on s3.amazonaws.com (port 443 if given) with a path under ``/echo.api/`` once dot
segments are removed; the chain must lead to a trusted root and its first certificate must
be valid now and name ``echo-api.amazon.com``. Validation uses ``cryptography.x509.verification``.
"""
from __future__ import annotations

import posixpath
import threading
import warnings
from dataclasses import dataclass
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store, VerificationError

from skill.sdk import VerificationException

CHAIN_URL_HOST = "s3.amazonaws.com"
CHAIN_URL_PATH_PREFIX = "/echo.api/"
CHAIN_URL_PORT = 443
SIGNING_CERTIFICATE_NAME = "echo-api.amazon.com"
SYSTEM_TRUST_ROOTS = Path("/etc/ssl/certs/ca-certificates.crt")
MAX_CHAIN_BYTES = 64 * 1024
MAX_CACHED_CHAINS = 16
MAX_CACHED_FAILURES = 1024
MAX_CONCURRENT_DOWNLOADS = 4
FAILURE_TTL = timedelta(seconds=60)

ChainFetcher = Callable[[str], bytes]
"""Downloads the PEM chain at a (validated) URL; raises ``VerificationException`` on failure."""


@dataclass(frozen=True)
class ValidatedChain:
    """What a trusted chain gives us: the signing key and when the chain stops being valid."""

    public_key: RSAPublicKey
    expires_at: datetime


def canonical_chain_url(url: str) -> str:
    """The URL with dot segments removed; ``VerificationException`` if Amazon would not use it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationException("certificate chain URL cannot be parsed") from error
    if parts.scheme.lower() != "https":
        raise VerificationException("certificate chain URL must use https")
    if parts.hostname != CHAIN_URL_HOST or parts.username is not None:
        raise VerificationException(f"certificate chain URL must be on {CHAIN_URL_HOST}")
    if port is not None and port != CHAIN_URL_PORT:
        raise VerificationException(f"certificate chain URL must use port {CHAIN_URL_PORT}")
    # Decode first so "%2e%2e" counts as a dot segment too; the prefix check is case-sensitive.
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path.startswith(CHAIN_URL_PATH_PREFIX):
        raise VerificationException(f"certificate chain URL path must start with {CHAIN_URL_PATH_PREFIX}")
    return urlunsplit(("https", CHAIN_URL_HOST, quote(path), parts.query, ""))


def download_certificate_chain(url: str, timeout_seconds: float, max_bytes: int = MAX_CHAIN_BYTES) -> bytes:
    """GET the chain without following redirects (they would bypass the URL check), size-capped."""
    body = bytearray()
    try:
        with requests.get(url, timeout=timeout_seconds, stream=True, allow_redirects=False) as response:
            if response.status_code != 200:
                raise VerificationException(
                    f"certificate chain download answered HTTP {response.status_code}")
            for chunk in response.iter_content(chunk_size=8192):
                body += chunk
                if len(body) > max_bytes:
                    raise VerificationException(f"certificate chain is larger than {max_bytes} bytes")
    except requests.RequestException as error:
        raise VerificationException(
            f"certificate chain could not be downloaded ({type(error).__name__})") from error
    return bytes(body)


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle; ``ValueError`` if there is none or one is malformed."""
    with warnings.catch_warnings():
        # Roots the OS trusts, such as Go Daddy and Starfield G2 (which Amazon's chains have
        # used), carry a zero serial number: cryptography warns, and the warning is noise here.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return x509.load_pem_x509_certificates(pem)


def load_trust_roots(path: str | Path | None = None) -> Store:
    """The trusted root certificates: ``path`` if given, else the system bundle."""
    source = Path(path) if path else SYSTEM_TRUST_ROOTS
    try:
        return Store(load_certificates(source.read_bytes()))
    except (OSError, ValueError) as error:
        raise RuntimeError(
            f"cannot load trust roots from {source} ({error}); set CRAMP_COACH_TRUST_ROOTS_FILE "
            "to a PEM bundle of root certificates") from error


class CertificateChainValidator:
    """Checks a PEM chain against trust roots at a given time, for ``echo-api.amazon.com``."""

    def __init__(self, trust_roots: Store):
        self.trust_roots = trust_roots

    def validate(self, pem: bytes, now: datetime) -> ValidatedChain:
        try:
            leaf, *intermediates = load_certificates(pem)
        except ValueError as error:
            raise VerificationException("certificate chain is not a PEM certificate bundle") from error
        verifier = (PolicyBuilder().store(self.trust_roots).time(now)
                    .build_server_verifier(DNSName(SIGNING_CERTIFICATE_NAME)))
        try:
            path = verifier.verify(leaf, intermediates)
        except VerificationError as error:
            raise VerificationException(f"certificate chain is not trusted: {error}") from error
        public_key = leaf.public_key()
        if not isinstance(public_key, RSAPublicKey):
            raise VerificationException("signing certificate does not hold an RSA key")
        return ValidatedChain(public_key, min(cert.not_valid_after_utc for cert in path))


class CertificateChainCache:
    """Validated chains by URL, each downloaded once and kept until a certificate in it expires.

    Thread-safe without holding a lock while downloading: one download per URL at a time (other
    requests for that URL wait for it), other URLs and cached chains are not held up, at most
    ``MAX_CONCURRENT_DOWNLOADS`` run at once, and a failed URL is refused from memory for
    ``FAILURE_TTL`` (unsigned requests naming random chain URLs once slowed every signed one).
    """

    def __init__(self, fetch: ChainFetcher, validator: CertificateChainValidator,
                 clock: Callable[[], datetime], wait_seconds: float = 30.0):
        self.fetch = fetch
        self.validator = validator
        self.clock = clock
        self.wait_seconds = wait_seconds
        self._chains: dict[str, ValidatedChain] = {}
        self._failures: dict[str, tuple[datetime, str]] = {}
        self._downloads: dict[str, Future] = {}
        self._lock = threading.Lock()

    def chain_for(self, url: str) -> ValidatedChain:
        """The validated chain at ``url``, from the cache while it is still valid."""
        canonical = canonical_chain_url(url)
        now = self.clock()
        with self._lock:
            cached = self._chains.get(canonical)
            if cached is not None and now <= cached.expires_at:
                return cached
            failure = self._failures.get(canonical)
            if failure is not None and now < failure[0]:
                raise VerificationException(failure[1])
            download = self._downloads.get(canonical)
            if download is None:
                if len(self._downloads) >= MAX_CONCURRENT_DOWNLOADS:
                    raise VerificationException("too many certificate chain downloads at once")
                download = self._downloads[canonical] = Future()
                mine = True
            else:
                mine = False
        if mine:
            return self._download(canonical, download, now)
        try:
            return download.result(timeout=self.wait_seconds)
        except FutureTimeout:
            raise VerificationException("certificate chain download is taking too long") from None

    def _download(self, url: str, download: Future, now: datetime) -> ValidatedChain:
        try:
            chain = self.validator.validate(self.fetch(url), now)
        except VerificationException as error:
            with self._lock:
                self._forget_failures(now)
                self._failures[url] = (now + FAILURE_TTL, str(error))
                del self._downloads[url]
            download.set_exception(error)
            raise
        except BaseException as error:
            with self._lock:
                del self._downloads[url]
            download.set_exception(VerificationException("certificate chain could not be checked"))
            raise error
        with self._lock:
            self._remember(url, chain, now)
            del self._downloads[url]
        download.set_result(chain)
        return chain

    def _remember(self, url: str, chain: ValidatedChain, now: datetime) -> None:
        for stale in [key for key, value in self._chains.items() if value.expires_at < now]:
            del self._chains[stale]
        if len(self._chains) >= MAX_CACHED_CHAINS:
            del self._chains[min(self._chains, key=lambda key: self._chains[key].expires_at)]
        self._chains[url] = chain
        self._failures.pop(url, None)

    def _forget_failures(self, now: datetime) -> None:
        for stale in [key for key, (until, _) in self._failures.items() if until <= now]:
            del self._failures[stale]
        while len(self._failures) >= MAX_CACHED_FAILURES:
            del self._failures[next(iter(self._failures))]
