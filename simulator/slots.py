"""Slot filling for a resolved intent: recognised values first, then unmatched words.

Words that stand where the best sample has a ``{slot}`` but match none of its values (words
no sample knows, or a value of another type) reach the skill as Alexa sends them: the words,
with ``ER_SUCCESS_NO_MATCH``. A multiple-value slot takes every value of its type that was
said ("monday, wednesday and friday").
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable

from simulator.amazon_types import SEARCH_QUERY
from simulator.analysis import Sample, Unit, spelled, type_token
from simulator.model import Intent, SlotValue

MAX_UNMATCHED_SLOT_WORDS = 4
MAX_SEARCH_QUERY_WORDS = 25


@dataclass(frozen=True)
class Heard:
    """One value of a slot: what Alexa puts in ``value`` and the custom value it resolved to."""

    value: str
    entity: SlotValue | None = None


@dataclass(frozen=True)
class SlotFill:
    """A slot as heard; ``multiple`` slots are sent as a list even when one value was said."""

    name: str
    slot_type: str
    heard: tuple[Heard, ...]
    multiple: bool = False

    @property
    def custom(self) -> bool:
        return not self.slot_type.startswith("AMAZON.")

    @property
    def value(self) -> str:
        return self.heard[0].value

    @property
    def entity(self) -> SlotValue | None:
        return self.heard[0].entity


def fill_slots(intent: Intent, units: list[Unit], own_samples: list[Sample],
               is_unknown: Callable[[Unit], bool]) -> dict[str, SlotFill]:
    """Slot name -> fill for ``intent``; ``own_samples`` are its candidate samples, best first."""
    filled: dict[str, SlotFill] = {}
    used: set[int] = set()
    order = _slot_order(intent.slots, own_samples)
    for name in order:
        slot_type, multiple = intent.slots[name], name in intent.multiple_value_slots
        heard = []
        for position, unit in enumerate(units):
            entity = next((e for e in unit.entities if e.slot_type == slot_type), None)
            if entity is not None and position not in used:
                used.add(position)
                start = _modifier_start(units, position, used, is_unknown) if not slot_type.startswith("AMAZON.") else position
                if start < position:  # "coconut water": Alexa hears the whole phrase, which matches no value
                    used.update(range(start, position))
                    words = " ".join(units[index].surface for index in range(start, position + 1))
                    heard.append(Heard(words))
                    if not multiple:
                        break
                    continue
                heard.append(Heard(entity.resolved or unit.surface, entity.value))
                if not multiple:
                    break
        if heard:
            filled[name] = SlotFill(name, slot_type, tuple(heard), multiple)
    for name in order:
        if name in filled:
            continue
        span = _unmatched_span(intent.slots[name], units, own_samples, is_unknown, used)
        if span:
            used.update(span)
            words = " ".join(units[position].surface for position in span)
            filled[name] = SlotFill(name, intent.slots[name], (Heard(words),), name in intent.multiple_value_slots)
    return filled


def _modifier_start(units: list[Unit], position: int, used: set[int], is_unknown: Callable[[Unit], bool]) -> int:
    """Where a value's phrase starts when words no sample knows stand right before it."""
    start = position
    while start > 0 and start - 1 not in used and is_unknown(units[start - 1]) and position - start < MAX_UNMATCHED_SLOT_WORDS:
        start -= 1
    return start


def _unmatched_span(slot_type: str, units: list[Unit], own_samples: list[Sample],
                    is_unknown: Callable[[Unit], bool], used: set[int]) -> range | None:
    """Positions of the words standing where the best sample with this slot has it."""
    token = type_token(slot_type)
    sample = next((sample for sample in own_samples if token in sample.tokens), None)
    if sample is None:
        return None
    expected = spelled(sample.units, sample)
    opcodes = SequenceMatcher(None, expected, spelled(units, sample), autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        span = range(j1, j2)
        longest = MAX_SEARCH_QUERY_WORDS if slot_type == SEARCH_QUERY else MAX_UNMATCHED_SLOT_WORDS
        if tag != "replace" or expected[i1:i2] != [token] or len(span) > longest:
            continue
        if used.isdisjoint(span) and (slot_type.startswith("AMAZON.")
                                      or any(_fills_open_slot(units[i], slot_type, is_unknown) for i in span)):
            return span
    return None


def _fills_open_slot(unit: Unit, slot_type: str, is_unknown: Callable[[Unit], bool]) -> bool:
    """Words Alexa hears in an open custom slot's position: words no sample knows, or a value of
    another custom type ("tonic water", a FACTOR, where a sample has {remedy}); either reaches
    the skill as the words with ER_SUCCESS_NO_MATCH."""
    return is_unknown(unit) or (bool(unit.entities) and all(
        entity.value is not None and entity.slot_type != slot_type for entity in unit.entities))


def _slot_order(slots: dict[str, str], own_samples: list[Sample]) -> list[str]:
    """Slot names in the order the best sample mentions them, then the rest."""
    ordered = [unit.slot_name for sample in own_samples[:1] for unit in sample.units if unit.slot_name in slots]
    return list(dict.fromkeys(ordered + list(slots)))
