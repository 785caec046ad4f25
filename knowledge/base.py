"""The knowledge base: every health fact the skill speaks, one sentence each, with its source.

``knowledge/facts/*.yaml`` holds atomic facts. Each is one spoken sentence (``say``) with
the seed file it comes from (``source``) and a verbatim ``quote`` of that file supporting that
sentence, or ``policy: true`` for the skill's own safety lines ("call emergency services"),
which no article is made to back. Facts are tagged with the question areas whose general
answer they belong to (``topic``, "causes" or a variant "causes/thigh"), what they are about
(``about``: body parts, people and the concepts of ``concepts.yaml``) and their ``relation``.
``topics.yaml`` gives each area its follow-up question, ``red_flags.yaml`` the urgent
referrals. Everything is loaded and validated once, at start.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foundations.yaml_loader import load_yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent
SOURCES = {
    "000": "000_59cae3733577526d.txt",
    "001": "001_60e9407274fdf119.txt",
    "002": "002_5db335dd8ddc905d.txt",
    "003": "003_de7c05f641cbb45c.txt",
    "004": "004_3c9f229e54fa60f3.txt",
}
RELATIONS = ("causes", "helps", "avoid", "warning_sign", "see_doctor", "what_it_is")
DEFAULT_VARIANT = "default"
MAX_FACTS = 5


class KnowledgeError(ValueError):
    """The knowledge files are malformed; the service refuses to start."""


@dataclass(frozen=True)
class Fact:
    """One spoken sentence and what backs it: a seed quote, or the skill's own policy."""

    id: str
    say: str
    source: str | None
    quote: str | None
    topics: tuple[str, ...] = ()
    about: frozenset[str] = frozenset()
    relation: str = "what_it_is"

    @property
    def policy(self) -> bool:
        return self.quote is None


@dataclass(frozen=True)
class Concept:
    """A factor, remedy, food or mineral people ask about, and the words they use for it."""

    id: str
    kind: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """One spoken answer: an optional lead, facts in order, then a follow-up question."""

    topic: str
    variant: str
    facts: tuple[Fact, ...]
    follow_up: str
    offer: str | None = None
    lead: str = ""

    @property
    def speech(self) -> str:
        return " ".join(part for part in [self.lead] + [fact.say for fact in self.facts] + [self.follow_up] if part)


@dataclass(frozen=True)
class RedFlag:
    """An urgent referral, spoken before anything else."""

    id: str
    answer: Answer


class KnowledgeBase:
    def __init__(self, facts: tuple[Fact, ...], concepts: dict[str, Concept],
                 topic_meta: dict[str, dict], red_flags: dict[str, RedFlag],
                 tag_words: dict[str, tuple[str, ...]] | None = None,
                 topic_cues: dict[str, tuple[str, ...]] | None = None):
        self.sources = dict(SOURCES)
        self.tag_words = tag_words or {}
        self.topic_cues = topic_cues or {}
        """Words that mark a free-form question as one of a topic's ("how long" for duration)."""
        self.facts = facts
        self.concepts = concepts
        self.topic_meta = topic_meta
        self.red_flags = red_flags
        self.topics: dict[str, dict[str, tuple[Fact, ...]]] = {}
        for fact in facts:
            for name in fact.topics:
                topic, _, variant = name.partition("/")
                bucket = self.topics.setdefault(topic, {}).setdefault(variant or DEFAULT_VARIANT, ())
                self.topics[topic][variant or DEFAULT_VARIANT] = bucket + (fact,)

    @classmethod
    def load(cls, directory: Path = KNOWLEDGE_DIR) -> "KnowledgeBase":
        vocabulary = load_yaml(directory / "concepts.yaml")
        concepts = {
            concept_id: Concept(concept_id, body["kind"], tuple(str(word) for word in body["words"]))
            for concept_id, body in vocabulary["concepts"].items()
        }
        tag_words = {tag: tuple(str(word) for word in words) for tag, words in vocabulary["tags"].items()}
        tags = set(concepts) | set(tag_words)
        facts = []
        for path in sorted((directory / "facts").glob("*.yaml")):
            for index, entry in enumerate(load_yaml(path)["facts"]):
                facts.append(_fact(f"{path.stem}#{index}", entry, tags))
        topic_file = load_yaml(directory / "topics.yaml")
        topic_meta = topic_file["topics"]
        cues = {topic: tuple(str(cue) for cue in words) for topic, words in topic_file["cues"].items()}
        base = cls(tuple(facts), concepts, topic_meta, {}, tag_words, cues)
        if set(cues) - set(base.topics):
            raise KnowledgeError(f"cues for unknown topics: {sorted(set(cues) - set(base.topics))}")
        for topic, variants in base.topics.items():
            if DEFAULT_VARIANT not in variants:
                raise KnowledgeError(f"topic {topic!r} has no general answer")
            if topic not in topic_meta:
                raise KnowledgeError(f"topic {topic!r} has no follow-up in topics.yaml")
        for name, meta in topic_meta.items():
            offer = meta.get("offer")
            if offer and not offer.startswith("stretch:") and offer.partition("/")[0] not in base.topics:
                raise KnowledgeError(f"{name} offers unknown topic {offer!r}")
        for flag_id, body in load_yaml(directory / "red_flags.yaml")["red_flags"].items():
            lines = tuple(_fact(f"red_flag/{flag_id}#{index}", entry, tags)
                          for index, entry in enumerate(body["facts"]))
            base.red_flags[flag_id] = RedFlag(flag_id, Answer("red_flag", flag_id, lines, body["follow_up"]))
        return base

    def has_variant(self, topic: str, variant: str) -> bool:
        return variant in self.topics.get(topic, {})

    def variant_covers(self, topic: str, variant: str, tags: set[str]) -> bool:
        """Whether the facts of a topic's variant speak of every one of ``tags``."""
        spoken_of = {tag for fact in self.topics[topic][variant] for tag in fact.about}
        return tags <= spoken_of

    def answer(self, topic: str, variant: str | None = None) -> Answer:
        """The answer for a topic, in the variant asked for when there is one."""
        variants = self.topics[topic]
        chosen = variant if variant in variants else DEFAULT_VARIANT
        meta = self.topic_meta.get(f"{topic}/{chosen}") or self.topic_meta[topic]
        return Answer(topic, chosen, variants[chosen][:MAX_FACTS], meta["follow_up"], meta.get("offer"))

    def follow_up(self, topic: str) -> tuple[str, str | None]:
        """The follow-up question and offer after an answer about ``topic`` ("causes/leg")."""
        meta = self.topic_meta.get(topic) or self.topic_meta[topic.partition("/")[0]]
        return meta["follow_up"], meta.get("offer")

    def about(self, *tags: str) -> tuple[Fact, ...]:
        """The facts about every one of ``tags`` (a concept; "hand" and "night"), in file order."""
        return tuple(fact for fact in self.facts if set(tags) <= fact.about)

    def all_answers(self) -> list[Answer]:
        answers = [self.answer(topic, variant) for topic, variants in self.topics.items() for variant in variants]
        return answers + [flag.answer for flag in self.red_flags.values()]


def _fact(where: str, entry: dict, tags: set[str]) -> Fact:
    try:
        say = entry["say"].strip()
        policy = bool(entry.get("policy"))
        source = None if policy else SOURCES[str(entry["source"])]
        quote = None if policy else entry["quote"].strip()
    except (KeyError, TypeError, AttributeError) as error:
        raise KnowledgeError(f"{where}: needs say, and source and quote unless it is policy") from error
    relation = entry.get("relation", "what_it_is")
    if relation not in RELATIONS:
        raise KnowledgeError(f"{where}: unknown relation {relation!r}")
    about = frozenset(str(tag) for tag in entry.get("about") or ())
    if about - tags:
        raise KnowledgeError(f"{where}: unknown tags {sorted(about - tags)}")
    return Fact(where, say, source, quote, tuple(entry.get("topic") or ()), about, relation)
