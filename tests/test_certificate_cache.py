"""The certificate-chain cache under attack: downloads run outside the lock, one per URL at a
time, and failures are remembered briefly, so unsigned requests naming chain URLs cannot slow
down signed ones (issue 15: 27 ms became 2.5 s with 12 attacker threads)."""
from __future__ import annotations

import threading
import time

import pytest
from cryptography.x509.verification import Store

from benchmarks.alexa_pki import CHAIN_URL, make_pki
from skill.certificates import CertificateChainCache, CertificateChainValidator
from skill.sdk import VerificationException

OTHER_URL = "https://s3.amazonaws.com/echo.api/attacker-chosen.pem"


class GatedFetcher:
    """Serves the real chain at once; other URLs wait for ``release`` and then fail (or serve)."""

    def __init__(self, chain: bytes, fail_others: bool = True):
        self.chain = chain
        self.fail_others = fail_others
        self.release = threading.Event()
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self._lock:
            self.calls.append(url)
        if url == CHAIN_URL:
            return self.chain
        assert self.release.wait(timeout=30)
        if self.fail_others:
            raise VerificationException("certificate chain download answered HTTP 403")
        return self.chain


@pytest.fixture
def pki(clock):
    return make_pki(clock())


def cache_for(pki, clock, fetcher) -> CertificateChainCache:
    return CertificateChainCache(fetcher, CertificateChainValidator(Store([pki.root])), clock)


def in_background(call, count: int) -> list[threading.Thread]:
    threads = [threading.Thread(target=call, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def quietly(call):
    def run():
        try:
            call()
        except VerificationException:
            pass
    return run


def test_a_hanging_download_does_not_hold_up_a_cached_chain_or_another_url(pki, clock):
    fetcher = GatedFetcher(pki.chain_pem())
    cache = cache_for(pki, clock, fetcher)
    attackers = in_background(quietly(lambda: cache.chain_for(OTHER_URL)), 3)
    while not fetcher.calls:
        time.sleep(0.01)

    started = time.monotonic()
    chain = cache.chain_for(CHAIN_URL)
    assert time.monotonic() - started < 0.5 and chain.public_key is not None
    fetcher.release.set()
    for thread in attackers:
        thread.join(timeout=10)


def test_concurrent_requests_for_one_url_share_one_download(pki, clock):
    fetcher = GatedFetcher(pki.chain_pem(), fail_others=False)
    cache = cache_for(pki, clock, fetcher)
    chains = []
    waiting = in_background(lambda: chains.append(cache.chain_for(OTHER_URL)), 5)
    time.sleep(0.2)
    fetcher.release.set()
    for thread in waiting:
        thread.join(timeout=10)
    assert fetcher.calls == [OTHER_URL] and len(chains) == 5


def test_a_failed_download_is_remembered_for_a_minute_then_tried_again(pki, clock):
    fetcher = GatedFetcher(pki.chain_pem())
    fetcher.release.set()
    cache = cache_for(pki, clock, fetcher)
    for _ in range(3):
        with pytest.raises(VerificationException, match="HTTP 403"):
            cache.chain_for(OTHER_URL)
    assert fetcher.calls == [OTHER_URL]
    clock.advance(seconds=61)
    with pytest.raises(VerificationException, match="HTTP 403"):
        cache.chain_for(OTHER_URL)
    assert fetcher.calls == [OTHER_URL, OTHER_URL]


def test_too_many_downloads_at_once_are_refused_without_waiting(pki, clock):
    fetcher = GatedFetcher(pki.chain_pem())
    cache = cache_for(pki, clock, fetcher)
    urls = [f"https://s3.amazonaws.com/echo.api/random-{number}.pem" for number in range(4)]
    hanging = [threading.Thread(target=quietly(lambda url=url: cache.chain_for(url)), daemon=True) for url in urls]
    for thread in hanging:
        thread.start()
    while len(fetcher.calls) < 4:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(VerificationException, match="too many certificate chain downloads"):
        cache.chain_for("https://s3.amazonaws.com/echo.api/random-5.pem")
    assert time.monotonic() - started < 0.5
    fetcher.release.set()
    for thread in hanging:
        thread.join(timeout=10)
