"""The knowledge base: every health fact the skill speaks, each with its source article.

``skill/knowledge/cramps.yaml`` holds topics (one per question area, with body-part or
person variants) and red flags. Each fact carries the seed file it comes from and a short
verbatim ``quote`` of that file that supports it, so a test can check every fact against
``../shared/seeds/``. The file is loaded and validated once, at start.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foundations.yaml_loader import load_yaml

from skill.sources import SourcedLine

KNOWLEDGE_FILE = Path(__file__).resolve().parent / "knowledge" / "cramps.yaml"
DEFAULT_VARIANT = "default"


class KnowledgeError(ValueError):
    """The knowledge file is malformed; the service refuses to start."""


@dataclass(frozen=True)
class Answer:
    """One spoken answer: facts in order, then a follow-up question."""

    topic: str
    variant: str
    facts: tuple[SourcedLine, ...]
    follow_up: str
    offer: str | None = None

    @property
    def speech(self) -> str:
        return " ".join([fact.say for fact in self.facts] + [self.follow_up])


@dataclass(frozen=True)
class RedFlag:
    """An urgent referral, spoken before anything else."""

    id: str
    answer: Answer


class KnowledgeBase:
    def __init__(self, sources: dict[str, str], topics: dict[str, dict[str, Answer]],
                 red_flags: dict[str, RedFlag]):
        self.sources = sources
        self.topics = topics
        self.red_flags = red_flags

    @classmethod
    def load(cls, path: Path = KNOWLEDGE_FILE) -> "KnowledgeBase":
        raw = load_yaml(path)
        sources = dict(raw.get("sources") or {})
        topics = {
            topic: {variant: _answer(sources, topic, variant, body)
                    for variant, body in variants.items()}
            for topic, variants in (raw.get("topics") or {}).items()
        }
        for topic, variants in topics.items():
            if DEFAULT_VARIANT not in variants:
                raise KnowledgeError(f"topic {topic!r} has no {DEFAULT_VARIANT!r} variant")
            for answer in variants.values():
                if answer.offer and answer.offer not in topics:
                    raise KnowledgeError(f"{topic}/{answer.variant} offers unknown topic {answer.offer!r}")
        red_flags = {
            flag_id: RedFlag(flag_id, _answer(sources, "red_flag", flag_id, body))
            for flag_id, body in (raw.get("red_flags") or {}).items()
        }
        return cls(sources, topics, red_flags)

    def answer(self, topic: str, variant: str | None = None) -> Answer:
        """The answer for a topic, in the variant asked for when there is one."""
        variants = self.topics[topic]
        return variants.get(variant or DEFAULT_VARIANT) or variants[DEFAULT_VARIANT]

    def has_variant(self, topic: str, variant: str) -> bool:
        return variant in self.topics.get(topic, {})

    def all_answers(self) -> list[Answer]:
        answers = [answer for variants in self.topics.values() for answer in variants.values()]
        return answers + [flag.answer for flag in self.red_flags.values()]


def _answer(sources: dict[str, str], topic: str, variant: str, body: dict) -> Answer:
    where = f"{topic}/{variant}"
    try:
        facts = tuple(SourcedLine.from_entry(fact) for fact in body["facts"])
        follow_up = body["follow_up"].strip()
    except (KeyError, TypeError, AttributeError) as error:
        raise KnowledgeError(f"{where}: needs facts (say, source, quote) and follow_up") from error
    if not facts:
        raise KnowledgeError(f"{where}: has no facts")
    for fact in facts:
        if fact.source not in sources:
            raise KnowledgeError(f"{where}: unknown source {fact.source!r}")
    return Answer(topic, variant, facts, follow_up, body.get("offer"))
