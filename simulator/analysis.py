"""Utterances as units: stemmed words, equivalent phrases merged, slot values recognised.

A unit is what the matcher compares: a word ("cramp"), or a slot value recognised in the
words. In an utterance, "calves" matches both a ``{bodyPart}`` placeholder and a sample
that says "calf" (or any other synonym of that value); in a sample, only what it says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from simulator import amazon_types
from simulator.model import SlotValue
from simulator.text import Lexicon, lexicon, stem, words

_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


def type_token(slot_type: str) -> str:
    """The token a ``{slot}`` placeholder of this type matches."""
    return f"<{slot_type}>"


def is_type_token(token: str) -> bool:
    return token.startswith("<")


def type_token_of(token: str) -> str:
    """The slot type a value token belongs to ("=BODY_PART:CALF" -> "<BODY_PART>"), else the token."""
    return f"<{token[1:].partition(':')[0]}>" if token.startswith("=") else token


def value_token(entity: Entity) -> str:
    """The token one slot value matches, whichever of its synonyms was said."""
    return f"={entity.slot_type}:{entity.value.id if entity.value else entity.resolved}"


@dataclass(frozen=True)
class Entity:
    """A slot value in the words: its type and the custom value it names, or the value Alexa
    resolves a built-in type to ("07:00"). Placeholders of samples have neither."""

    slot_type: str
    value: SlotValue | None = None
    resolved: str | None = None


@dataclass(frozen=True)
class Unit:
    """One thing to match: the tokens that count as it, and the words it was heard as."""

    tokens: frozenset[str]
    surface: str
    entities: tuple[Entity, ...] = ()

    @property
    def key(self) -> str:
        """One token standing for the unit when sequences are aligned."""
        return min(self.tokens)

    @property
    def slot_name(self) -> str | None:
        """The slot a sample's ``{slot}`` placeholder names; None for anything else."""
        return self.surface[1:-1] if self.surface.startswith("{") else None


@dataclass(frozen=True)
class Sample:
    """A sample utterance, analysed: its intent, units, every token they match, their weight,
    and the units spelled as one string for sequence similarity."""

    intent: str
    units: tuple[Unit, ...]
    tokens: frozenset[str]
    weight: float
    text: str

    @property
    def placeholders(self) -> list[str]:
        """The type tokens of its ``{slot}`` placeholders."""
        return [unit.key for unit in self.units if unit.slot_name]


def _entity_unit(entities: list[Entity], surface: list[str], heard: bool, meaning: str | None = None) -> Unit:
    """Slot values heard match placeholders of their types too; written in a sample, only themselves.

    A value that is also a phrase of the lexicon ("charley horse", "locked up") means that
    phrase's word as well: heard, it still says "cramp" where no sample has the slot; written
    in a sample, it is only that word, so "calf" does not match "what is a charley horse"."""
    if meaning and not heard:
        return Unit(frozenset({meaning}), " ".join(surface))
    tokens = {value_token(entity) for entity in entities}
    if heard:
        tokens |= {type_token(entity.slot_type) for entity in entities}
    if meaning:
        tokens.add(meaning)
    return Unit(frozenset(tokens), " ".join(surface), tuple(entities))


def spelled(units: tuple[Unit, ...] | list[Unit], sample: Sample) -> list[str]:
    """One token per unit, spelled the way ``sample`` spells it when it can."""
    return [next((token for token in sorted(unit.tokens) if token in sample.tokens), unit.key) for unit in units]


class Analyser:
    """Turns text into units; built once per interaction model."""

    def __init__(self, slot_types: dict[str, tuple[SlotValue, ...]], built_in_types: frozenset[str],
                 lex: Lexicon | None = None):
        self.lex = lex or lexicon()
        self.built_in_types = built_in_types
        self.values: dict[tuple[str, ...], list[Entity]] = {}
        for slot_type, values in slot_types.items():
            for value in values:
                for phrase in (value.name, *value.synonyms):
                    key = tuple(stem(word, self.lex) for word in words(phrase))
                    entity = Entity(slot_type, value)
                    if key and entity not in self.values.setdefault(key, []):
                        self.values[key].append(entity)
        self.longest_value = max((len(key) for key in self.values), default=0)
        self.longest_equivalent = max((len(key) for key in self.lex.equivalents), default=0)

    def utterance_units(self, text: str) -> list[Unit]:
        return self._units(text, {}, heard=True)

    def sample_units(self, text: str, slots: dict[str, str]) -> list[Unit]:
        """The units of a sample whose ``{slot}`` placeholders have the types in ``slots``."""
        return self._units(text, slots, heard=False)

    def _units(self, text: str, slots: dict[str, str], heard: bool) -> list[Unit]:
        surface = words(text)
        stems = [stem(word, self.lex) for word in surface]
        units: list[Unit] = []
        position = 0
        while position < len(stems):
            unit, position = self._unit_at(surface, stems, position, slots, heard)
            units.append(unit)
        return units

    def _unit_at(self, surface: list[str], stems: list[str], start: int,
                 slots: dict[str, str], heard: bool) -> tuple[Unit, int]:
        placeholder = _PLACEHOLDER.match(surface[start])
        if placeholder:
            slot_type = slots.get(placeholder.group(1), placeholder.group(1))
            return Unit(frozenset({type_token(slot_type)}), surface[start], (Entity(slot_type),)), start + 1
        for length in range(min(self.longest_value, len(stems) - start), 0, -1):
            key = tuple(stems[start:start + length])
            entities = self.values.get(key)
            if entities:
                meaning = self.lex.equivalents.get(key)
                return _entity_unit(entities, surface[start:start + length], heard, meaning), start + length
        built_in = amazon_types.recognise(surface, start, self.built_in_types)
        if built_in:
            slot_type, resolved, length = built_in
            entity = Entity(slot_type, resolved=resolved)
            return _entity_unit([entity], surface[start:start + length], heard), start + length
        for length in range(min(self.longest_equivalent, len(stems) - start), 0, -1):
            canonical = self.lex.equivalents.get(tuple(stems[start:start + length]))
            if canonical:
                return Unit(frozenset({canonical}), " ".join(surface[start:start + length])), start + length
        return Unit(frozenset({stems[start]}), surface[start]), start + 1

    def is_stopword(self, token: str) -> bool:
        return token in self.lex.stopwords
