"""The seed articles in ``../shared/seeds/``, and the check that a spoken fact quotes one of them.

Knowledge facts, stretch moves and lines, and reminder tips all name a seed file (``source``) and
carry a ``quote`` of it; the quote must stand in that file as written, character for character.
"""
from __future__ import annotations

from functools import cache

import pytest

from tests.conftest import SHARED_DIR

SEEDS_DIR = SHARED_DIR / "seeds"
MIN_QUOTE_WORDS = 6


@cache
def seed_articles() -> dict[str, str]:
    """Each seed article's text by file name; the test fails when the folder is missing."""
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"seed articles not found: {SEEDS_DIR} is missing (every fact is checked against it)")
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}


def assert_quotes_its_seed(source: str, quote: str) -> None:
    """``quote`` is long enough to support a fact and stands verbatim in the seed article ``source``."""
    seeds = seed_articles()
    assert source in seeds, f"{source} is not one of the seed articles"
    assert len(quote.split()) >= MIN_QUOTE_WORDS, f"quote too short to support a fact: {quote!r}"
    assert quote in seeds[source], f"not in {source}: {quote!r}"
