"""Intent and slot resolution from the interaction model's own samples and slot values.

Every sample is analysed once (``Analyser``). An utterance is scored against the samples
that share a token with it: an IDF-weighted overlap (words that tell intents apart count
more than "what" or "the") blended with rapidfuzz's similarity of the token sequences.
Words no sample knows either fill a placeholder they stand in for ("earlobe" in "what causes
{bodyPart} cramps") or count against the match, the more so when said in the middle of what
a sample matched than as an aside at either end. The best intent above ``THRESHOLD`` wins;
below it the answer is ``AMAZON.FallbackIntent``, as Alexa does for words the model does not
cover.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Callable

from rapidfuzz import fuzz

from simulator import amazon_types
from simulator.analysis import Analyser, Sample, Unit, is_type_token, spelled, type_token, type_token_of
from simulator.model import InteractionModel, model_path
from simulator.slots import MAX_SEARCH_QUERY_WORDS, MAX_UNMATCHED_SLOT_WORDS, SlotFill, fill_slots
from simulator.text import strip_invocation

FALLBACK_INTENT = "AMAZON.FallbackIntent"
NUMBER_VALUE = f"={amazon_types.NUMBER}:"
THRESHOLD = 0.5
OVERLAP_SHARE = 0.75
CANDIDATES = 40
STOPWORD_FACTOR = 0.25
TYPE_MATCH_CREDIT = 0.8  # a placeholder match is weaker evidence than the sample's own word
UNKNOWN_SLOT_CREDIT = 0.5  # and an unknown word in a placeholder's position weaker still
# Extra weight of a word no sample knows said between words a sample matched: "weather" in
# "what's the weather in paris" makes "i'm in {zone}" a poor match. Before or after them ("my
# left arm is numb while driving") such words are an aside and count only as themselves.
UNKNOWN_WORD_PENALTY = 1.5
# An AMAZON.SearchQuery placeholder takes any words after its carrier phrase ("tell me about
# …"), but what they say counts for less than words a sample spells out, so a question an
# intent of its own covers ("tell me about night cramps") still goes to that intent.
SEARCH_QUERY_CREDIT = 0.4
SEARCH_QUERY = type_token(amazon_types.SEARCH_QUERY)
SHORT_CARRIER = 2
CARRIER_SKIPS = 2  # words said within the carrier phrase after a search query


@dataclass(frozen=True)
class Resolution:
    """What Alexa would send: a launch (``intent`` is None) or an intent with its slots."""

    intent: str | None
    slot_names: tuple[str, ...] = ()
    slots: dict[str, SlotFill] = field(default_factory=dict)
    score: float = 0.0


class Nlu:
    """Resolves utterances against one interaction model."""

    def __init__(self, model: InteractionModel):
        self.model = model
        self.analyser = Analyser(model.slot_types, model.slot_type_names() & frozenset(amazon_types.SUPPORTED))
        analysed = [(intent.name, self.analyser.sample_units(sample, intent.slots))
                    for intent in model.intents.values() for sample in intent.samples]
        # A short carrier ("is {query}", "why do {query}") fits nearly any question: such
        # samples only catch what no other sample fits (``_carrier_match``), as Alexa prefers
        # a specific intent, and their words do not make "why" or "is" weigh less elsewhere.
        carried = [_is_short_carrier(units) for _, units in analysed]
        intent_count = max(len({intent for intent, _ in analysed}), 1)
        self.weights = _token_weights([pair for pair, short in zip(analysed, carried) if not short],
                                      intent_count, self.analyser)
        self.unknown_weight = math.log(1 + intent_count)  # as much as a word of one intent only
        self.value_words = frozenset(word for phrase in self.analyser.values for word in phrase)
        self.samples = [self._sample(intent, units) for intent, units in analysed]
        self.carrier_samples = [index for index, short in enumerate(carried) if short]
        self.search_samples = [index for index, sample in enumerate(self.samples)
                               if SEARCH_QUERY in sample.placeholders and not carried[index]]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for index, sample in enumerate(self.samples):
            for token in sample.tokens if not carried[index] else ():
                self.postings[token].append(index)

    @classmethod
    def for_locale(cls, interaction_model_dir: Path, locale: str) -> "Nlu":
        """The NLU of a locale's built model, analysed once per version of the file."""
        path = model_path(interaction_model_dir, locale).resolve()
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run .venv/bin/python interaction_model/build.py")
        return _cached_nlu(path, path.stat().st_mtime_ns)

    def weight(self, token: str) -> float:
        """A word of the samples by its IDF; a function word or a stray word of a slot value
        ("touch" of "hot to the touch") weakly; any other word as a word of one intent only."""
        if token in self.weights:
            return self.weights[token]
        weak = self.analyser.is_stopword(token) or token in self.value_words
        return self.unknown_weight * (STOPWORD_FACTOR if weak else 1.0)

    def unit_weight(self, unit: Unit) -> float:
        """What saying this unit is worth: a slot value as much as its type (a number also as
        itself, where samples write it out), a word as itself."""
        concepts = [token for token in unit.tokens if is_type_token(token) or token.startswith(NUMBER_VALUE)]
        concepts = [token for token in concepts if token in self.weights or is_type_token(token)] or list(unit.tokens)
        if self.analyser.is_stopword(unit.surface) and _only_numbers(unit):
            return self.weight(unit.surface)  # "one of my pupils": a word first, a number second
        return max(self.weight(token) for token in concepts)

    def is_unknown(self, unit: Unit) -> bool:
        """A word no sample or slot value uses, and not a function word."""
        return not unit.entities and not any(token in self.weights or token in self.value_words
                                             or self.analyser.is_stopword(token) for token in unit.tokens)

    def _sample(self, intent: str, units: list[Unit]) -> Sample:
        tokens = frozenset(token for unit in units for token in unit.tokens)
        sample = Sample(intent, tuple(units), tokens, sum(self.weight(token) for token in tokens), "")
        return replace(sample, text=" ".join(spelled(units, sample)))

    def resolve(self, utterance: str) -> Resolution:
        """The request an utterance makes, invocation wrappers ("ask cramp coach …") removed."""
        text = strip_invocation(utterance, self.model.invocation_name)
        if text is None:
            return Resolution(None)
        units = self.analyser.utterance_units(text)
        ranked = self._ranked_samples(units)
        if not ranked or ranked[0][0] < THRESHOLD:
            carried = self._carrier_match(units)
            if carried is None:
                return Resolution(FALLBACK_INTENT, score=ranked[0][0] if ranked else 0.0)
            sample, units = carried
            ranked = [(THRESHOLD, sample)]
        score, best = ranked[0]
        intent = self.model.intents[best.intent]
        own_samples = [sample for _, sample in ranked if sample.intent == best.intent]
        slots = fill_slots(intent, units, own_samples, self.is_unknown)
        return Resolution(intent.name, tuple(intent.slots), slots, score)

    def _carrier_match(self, units: list[Unit]) -> tuple[Sample, list[Unit]] | None:
        """A search-query sample whose carrier phrase the utterance starts with, word for word,
        with words left over for the query ("is {query}"): Alexa's matcher takes such an
        utterance for that sample when no other sample fits it well, rather than falling back.
        Returns the sample and the utterance's units, the carrier's words read apart from the
        rest where a value ran across them ("my leg cramped …" for "my {query}")."""
        for index in self.search_samples + self.carrier_samples:
            sample = self.samples[index]
            carrier = sample.units[:-1]
            if (sample.units[-1].tokens != {SEARCH_QUERY} or not carrier or len(units) <= len(carrier)
                    or len(units) - len(carrier) > MAX_SEARCH_QUERY_WORDS):
                continue
            if all(said.tokens & expected.tokens for said, expected in zip(units, carrier)):
                return sample, units
            said = " ".join(unit.surface for unit in units).split()
            expected = " ".join(unit.surface for unit in carrier).split()
            if len(said) > len(expected) and said[:len(expected)] == expected:
                return sample, (self.analyser.utterance_units(" ".join(expected))
                                + self.analyser.utterance_units(" ".join(said[len(expected):])))
        return None

    def _ranked_samples(self, units: list[Unit]) -> list[tuple[float, Sample]]:
        """Candidate samples, best first: weighted overlap blended with sequence similarity."""
        distinct = list({unit.tokens: unit for unit in units}.values())
        if not distinct:
            return []
        overlap: dict[int, float] = defaultdict(float)
        for token in {token for unit in distinct for token in unit.tokens}:
            weight = self.weight(token)
            for index in self.postings.get(token, ()):
                overlap[index] += weight
        for unit in distinct:
            credit: dict[int, float] = {}
            for token in unit.tokens:
                share = TYPE_MATCH_CREDIT if is_type_token(token) else 1.0
                for index in self.postings.get(token, ()):
                    if credit.get(index, 0.0) < share:
                        credit[index] = share
            weight = self.unit_weight(unit)
            for index, share in credit.items():
                overlap[index] += weight * share
        heard_weight = sum(self.unit_weight(unit) for unit in distinct)
        heard_tokens = {token for unit in distinct for token in unit.tokens}
        unknown = {position for position, unit in enumerate(units) if self.is_unknown(unit)}
        most_credit = self._most_open_slot_credit(units, unknown)
        candidates = heapq.nlargest(CANDIDATES, overlap, key=lambda index: (
            overlap[index] + most_credit(self.samples[index])) / (heard_weight + self.samples[index].weight))
        candidates += [index for index in self.search_samples if index not in candidates]
        # A number a sample does not take is spelled as said, not as its type ("one of my pupils").
        spellings = [(sorted(unit.tokens), unit.surface if _only_numbers(unit) else min(unit.tokens)) for unit in units]
        scored = []
        for index in candidates:
            sample = self.samples[index]
            if not _ends_as_carrier(sample, units):
                continue
            credit, explained, discount = self._open_slot_credit(sample, units, unknown, heard_tokens)
            unexplained = {units[position].tokens: units[position] for position in _inside(units, sample)
                           if position in unknown and position not in explained}
            penalty = UNKNOWN_WORD_PENALTY * sum(self.unit_weight(unit) for unit in unexplained.values())
            share = (overlap[index] + credit) / (heard_weight - discount + penalty + sample.weight)
            heard = " ".join(next((token for token in tokens if token in sample.tokens), fallback)
                             for tokens, fallback in spellings)
            similarity = fuzz.ratio(heard, sample.text) / 100
            scored.append((OVERLAP_SHARE * share + (1 - OVERLAP_SHARE) * similarity, sample))
        return sorted(scored, key=lambda pair: pair[0], reverse=True)

    def _open_slot_credit(self, sample: Sample, units: list[Unit], unknown: set[int],
                          heard_tokens: set[str]) -> tuple[float, set[int], float]:
        """Unknown words may fill a placeholder nothing else filled when they stand in its
        position, as Alexa hears words it has no value for in a slot's position (they reach the
        skill as ER_SUCCESS_NO_MATCH), but only in a sample that shares a meaningful word with
        the utterance. Returns the credit, the positions of the words it explains, and how much
        less the words of a multi-word unknown value weigh than if each were heard alone."""
        searchable = SEARCH_QUERY in sample.placeholders
        if not searchable and (not unknown or not self._shares_meaning(sample, heard_tokens)):
            return 0.0, set(), 0.0
        expected = spelled(sample.units, sample)
        opcodes = SequenceMatcher(None, expected, spelled(units, sample), autojunk=False).get_opcodes()
        credit, explained, discount = 0.0, set(), 0.0
        for tag, i1, i2, j1, j2 in opcodes:
            placeholder = expected[i1] if i2 - i1 == 1 else None
            if tag == "replace" and placeholder == SEARCH_QUERY and placeholder in sample.placeholders:
                credit += self.weight(placeholder) + SEARCH_QUERY_CREDIT * sum(
                    self.unit_weight(units[position]) for position in range(j1, j2))
                explained |= set(range(j1, j2))
                continue
            span = set(range(j1, j2)) & unknown
            if (tag == "replace" and placeholder in sample.placeholders and placeholder not in heard_tokens
                    and span and j2 - j1 <= MAX_UNMATCHED_SLOT_WORDS):
                # a rare unknown word is no better a value than a value of the slot's type
                weights = [self.unit_weight(units[position]) for position in span]
                credit += self.weight(placeholder) + UNKNOWN_SLOT_CREDIT * min(self.weight(placeholder), sum(weights))
                # several unknown words in one slot are one value ("apple cider vinegar"), heard once
                discount += sum(weights) - max(weights)
                explained |= span
        return credit, explained, discount

    def _most_open_slot_credit(self, units: list[Unit], unknown: set[int]) -> Callable[[Sample], float]:
        """An upper bound of ``_open_slot_credit`` that needs no alignment, to pick candidates by."""
        words = sorted((self.unit_weight(units[position]) for position in unknown), reverse=True)
        heard_tokens = {token for unit in units for token in unit.tokens}

        def most(sample: Sample) -> float:
            if not words or not self._shares_meaning(sample, heard_tokens):
                return 0.0
            open_slots = sorted((self.weight(token) for token in sample.placeholders if token not in heard_tokens),
                                reverse=True)
            return sum(slot + UNKNOWN_SLOT_CREDIT * word for slot, word in zip(open_slots, words))
        return most

    def _shares_meaning(self, sample: Sample, heard_tokens: set[str]) -> bool:
        """Whether the sample and the utterance share a word or a slot (by a value heard) that is not
        a function word: "my colleague collapsed" shares {symptom} with "my {person} {symptom}"."""
        return any(token in heard_tokens and not self.analyser.is_stopword(token) for token in sample.tokens)


def _is_short_carrier(units: list[Unit]) -> bool:
    """A sample of a few words before an ``AMAZON.SearchQuery`` slot and nothing else."""
    return 1 < len(units) <= SHORT_CARRIER + 1 and units[-1].tokens == {SEARCH_QUERY}


def _ends_as_carrier(sample: Sample, units: list[Unit]) -> bool:
    """Whether the utterance ends with the words a search-query sample has after ``{query}``, in
    order, give or take ``CARRIER_SKIPS`` words ("the same thing as a really bad cramp"), as Alexa
    matches a carrier phrase: "is {query} the same as a muscle cramp" does not take "it's always
    the same muscle that cramps what can i do long term" with "always" for the query."""
    positions = [position for position, unit in enumerate(sample.units) if unit.tokens == {SEARCH_QUERY}]
    if not positions:
        return True
    position, skips = len(units) - 1, 0
    for expected in reversed(sample.units[positions[0] + 1:]):
        while position >= 0 and not units[position].tokens & expected.tokens:
            position, skips = position - 1, skips + 1
            if skips > CARRIER_SKIPS:
                return False
        position -= 1
    return position >= 0


def _inside(units: list[Unit], sample: Sample) -> range:
    """Positions between the first and the last unit the sample matched."""
    matched = [position for position, unit in enumerate(units) if unit.tokens & sample.tokens]
    return range(matched[0] + 1, matched[-1]) if matched else range(0)


def _token_weights(analysed: list[tuple[str, list[Unit]]], intent_count: int,
                   analyser: Analyser) -> dict[str, float]:
    """IDF over intents: a token in few intents tells them apart; function words count less.

    A slot type counts as present wherever a placeholder or one of its values appears, and a
    value weighs as much as its type: a sample that says "fever" outright is no stronger a
    match for "fever" than one with a ``{symptom}`` placeholder, however few samples say it.
    A number written out is the exception: "the two kinds of spasm" says "two" as a word.
    """
    intents_with: dict[str, set[str]] = defaultdict(set)
    for intent, units in analysed:
        for token in (token for unit in units for token in unit.tokens):
            intents_with[token].add(intent)
            intents_with[type_token_of(token)].add(intent)
    return {token: math.log(1 + intent_count / len(intents_with[_weighed_as(token)]))
            * (STOPWORD_FACTOR if analyser.is_stopword(token) else 1.0)
            for token in intents_with}


def _only_numbers(unit: Unit) -> bool:
    return bool(unit.entities) and all(entity.slot_type == amazon_types.NUMBER for entity in unit.entities)


def _weighed_as(token: str) -> str:
    return token if token.startswith(NUMBER_VALUE) else type_token_of(token)


@lru_cache(maxsize=8)
def _cached_nlu(path: Path, _version: int) -> Nlu:
    return Nlu(InteractionModel.load(path))
