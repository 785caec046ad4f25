"""A health statement with the seed article behind it.

Knowledge facts, stretch lines and reminder tips all carry what is said, the seed file it comes
from and a verbatim quote of that file that supports it, so one test can check them all against
``../shared/seeds/``. The scheduler shares the type for its reminder tips.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourcedLine:
    """``say``, backed by ``quote``, which stands verbatim in the seed file ``source``."""

    say: str
    source: str
    quote: str

    @classmethod
    def from_entry(cls, entry: Any) -> SourcedLine:
        """A data file's ``{say, source, quote}``, trimmed; KeyError, TypeError or AttributeError if malformed."""
        return cls(entry["say"].strip(), entry["source"], entry["quote"].strip())
