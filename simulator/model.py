"""The interaction model the simulator understands: ``interactionModels/custom/<locale>.json``."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


@dataclass(frozen=True)
class SlotValue:
    """One value of a custom slot type: its entity ID, name and synonyms."""

    id: str
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Intent:
    name: str
    samples: tuple[str, ...]
    slots: dict[str, str]  # slot name -> slot type
    multiple_value_slots: frozenset[str] = frozenset()


@dataclass(frozen=True)
class InteractionModel:
    invocation_name: str
    intents: dict[str, Intent]
    slot_types: dict[str, tuple[SlotValue, ...]]

    @classmethod
    def load(cls, path: Path) -> "InteractionModel":
        language = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        intents = {
            intent["name"]: Intent(
                intent["name"], tuple(intent.get("samples", [])),
                {slot["name"]: slot["type"] for slot in intent.get("slots", [])},
                frozenset(slot["name"] for slot in intent.get("slots", [])
                          if (slot.get("multipleValues") or {}).get("enabled")),
            )
            for intent in language["intents"]
        }
        slot_types = {
            slot_type["name"]: tuple(
                SlotValue(value.get("id") or value["name"]["value"], value["name"]["value"],
                          tuple(value["name"].get("synonyms", [])))
                for value in slot_type.get("values", [])
            )
            for slot_type in language.get("types", [])
        }
        return cls(language["invocationName"], intents, slot_types)

    def slot_type_names(self) -> frozenset[str]:
        """Every slot type some intent's slot uses."""
        return frozenset(slot_type for intent in self.intents.values() for slot_type in intent.slots.values())


def model_path(interaction_model_dir: Path, locale: str) -> Path:
    """Where the built model of a locale lives; ``interaction_model/build.py`` writes it."""
    return interaction_model_dir / "interactionModels" / "custom" / f"{locale}.json"
