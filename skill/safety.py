"""The safety layer: red-flag symptoms are referred first, and nothing is prescribed.

Red flags are matched on resolved slot IDs (see ``red_flags.*.triggers`` in the knowledge
file), whatever intent the words landed on, so "my left arm is numb" escalates whether it
was heard as a symptom or as a body-part cramp.
"""
from __future__ import annotations

import re
from pathlib import Path

from foundations.yaml_loader import load_yaml

TRIGGERS_FILE = Path(__file__).resolve().parent / "knowledge" / "red_flag_triggers.yaml"

# Prescription drugs the seed articles name, and dose words: never spoken as advice.
FORBIDDEN_MEDICATION_TERMS = re.compile(
    r"phenazepam|aminazin|digoxin|quinine|benzodiazepine|neuroleptic|fibrinolytic"
    r"|\bmilligram|\bmg\b|\bdose\b|\bdosage\b|\btablets?\b",
    re.IGNORECASE,
)


class RedFlagMatcher:
    """Finds the red flag, if any, that a request's resolved slots describe."""

    def __init__(self, triggers: dict[str, list[dict[str, list[str]]]]):
        self._triggers = triggers

    @classmethod
    def load(cls, path: Path = TRIGGERS_FILE) -> "RedFlagMatcher":
        raw = load_yaml(path)
        return cls({flag: [{slot: list(ids) for slot, ids in rule.items()} for rule in rules]
                    for flag, rules in raw["triggers"].items()})

    @property
    def flag_ids(self) -> set[str]:
        return set(self._triggers)

    def match(self, intent_name: str, slot_ids: dict[str, str]) -> str | None:
        for flag_id, rules in self._triggers.items():
            for rule in rules:
                if all(_rule_part_matches(key, wanted, intent_name, slot_ids)
                       for key, wanted in rule.items()):
                    return flag_id
        return None


def _rule_part_matches(key: str, wanted: list[str], intent_name: str, slot_ids: dict[str, str]) -> bool:
    if key == "intent":
        return intent_name in wanted
    return slot_ids.get(key) in wanted


def mentions_prescription(text: str) -> bool:
    return bool(FORBIDDEN_MEDICATION_TERMS.search(text))
