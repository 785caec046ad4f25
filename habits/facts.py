"""The sourced facts behind goals and tips (``facts.yaml``), each with its seed article and quote."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from foundations.yaml_loader import load_yaml

FACTS_FILE = Path(__file__).resolve().parent / "facts.yaml"


@dataclass(frozen=True)
class Fact:
    say: str
    source: str
    quote: str


@dataclass(frozen=True)
class GoalFact(Fact):
    ml: int
    cups: int


@dataclass(frozen=True)
class HabitFacts:
    goals: dict[str, GoalFact]
    """``women`` and ``men``: the articles' daily amounts."""
    tips: dict[str, Fact]

    def all(self) -> list[Fact]:
        return [*self.goals.values(), *self.tips.values()]


@cache
def habit_facts(path: Path = FACTS_FILE) -> HabitFacts:
    raw = load_yaml(path)
    goals = {name: GoalFact(entry["say"].strip(), entry["source"], entry["quote"].strip(), int(entry["ml"]),
                            int(entry["cups"])) for name, entry in raw["goals"].items()}
    tips = {name: Fact(entry["say"].strip(), entry["source"], entry["quote"].strip())
            for name, entry in raw["tips"].items()}
    return HabitFacts(goals, tips)
