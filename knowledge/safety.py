"""The safety layer: red-flag symptoms are referred first, and nothing is prescribed.

Red flags are recognised by meaning, not by one slot ID: every word of a request that reaches
the skill (slot values as heard, what they resolved to, search-query text) is screened for the
signs in ``knowledge/red_flag_triggers.yaml``, whatever intent the words landed on, so
"my left arm is numb" and "she's been fitting for five minutes" escalate however they were heard.
"""
from __future__ import annotations

import re
from pathlib import Path

from foundations.yaml_loader import load_yaml
from knowledge.negation import without_negated_findings

TRIGGERS_FILE = Path(__file__).resolve().parent / "red_flag_triggers.yaml"

# Prescription drugs the seed articles name, and dose words: never spoken as advice.
FORBIDDEN_MEDICATION_TERMS = re.compile(
    r"phenazepam|aminazin|digoxin|quinine|benzodiazepine|neuroleptic|fibrinolytic"
    r"|\bmilligram|\bmg\b|\bdose\b|\bdosage\b|\btablets?\b",
    re.IGNORECASE,
)
# Spoken negations as the contractions the signs are written with ("can not wake him").
CONTRACTED = re.compile(r"\b(can|will|is|does|do|has|have|are|was|did) ?not\b")
CONTRACTION = {"can": "can't", "will": "won't"}


class RedFlagScreen:
    """Finds the red flag, if any, that a request's words describe."""

    def __init__(self, signs: dict[str, re.Pattern], flags: dict[str, list[list[str]]], affected_now: re.Pattern,
                 in_the_past: re.Pattern, going_on_now: re.Pattern):
        unknown = {sign for rules in flags.values() for rule in rules for sign in rule} - set(signs)
        if unknown:
            raise ValueError(f"red-flag rules name unknown signs: {sorted(unknown)}")
        self._signs = signs
        self._flags = flags
        self._affected_now = affected_now
        self._in_the_past = in_the_past
        self._going_on_now = going_on_now

    @classmethod
    def load(cls, path: Path = TRIGGERS_FILE) -> "RedFlagScreen":
        raw = load_yaml(path)
        signs = {name: re.compile(pattern) for name, pattern in raw["signs"].items()}
        flags = {flag: [list(rule) for rule in rules] for flag, rules in raw["flags"].items()}
        return cls(signs, flags, *(re.compile(raw[name]) for name in ("affected_now", "in_the_past", "going_on_now")))

    @property
    def flag_ids(self) -> set[str]:
        return set(self._flags)

    def match(self, texts: list[str]) -> str | None:
        """The first flag whose rule the words satisfy, or None."""
        text = without_negated_findings(" ".join(normalise(text) for text in texts if text))
        if not text.strip():
            return None
        present = {name for name, pattern in self._signs.items() if pattern.search(text)}
        for flag_id, rules in self._flags.items():
            if any(set(rule) <= present for rule in rules):
                return flag_id
        return None

    def asks_about(self, texts: list[str]) -> bool:
        """Whether the words ask about a red flag rather than tell of someone affected now:
        "do fever convulsions happen early" or "my niece had a fever fit a while back", not "my son
        is fitting" or "she still won't wake"."""
        text = " ".join(normalise(text) for text in texts if text)
        if not text.strip():
            return False
        if self._in_the_past.search(text) and not self._going_on_now.search(text):
            return True  # "my niece had a fever fit a while back … is that usual"
        return not self._affected_now.search(text)


def normalise(text: str) -> str:
    """Lower case, curly apostrophes straightened, IDs' underscores as spaces; a negation said
    in full ("can not wake him", "is not making sense") is read both as said and contracted."""
    text = text.lower().replace("’", "'").replace("_", " ")
    contracted = CONTRACTED.sub(lambda match: CONTRACTION.get(match[1], match[1] + "n't"), text)
    return f" {text} " if contracted == text else f" {text} | {contracted} "


def mentions_prescription(text: str) -> bool:
    return bool(FORBIDDEN_MEDICATION_TERMS.search(text))
