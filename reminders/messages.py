"""Reminder notification texts, from ``reminder_texts.yaml``: short, varied, each with a sourced tip."""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from foundations.yaml_loader import load_yaml
from habits.links import DONE, SNOOZE, ActionLinks
from knowledge.sources import SourcedLine

TEXTS_FILE = Path(__file__).resolve().parent / "reminder_texts.yaml"


@dataclass(frozen=True)
class ReminderMessage:
    title: str
    body: str


@dataclass(frozen=True)
class KindTexts:
    title: str
    openers: tuple[str, ...]
    tips: tuple[SourcedLine, ...]


class ReminderTexts:
    """The texts per reminder kind, loaded once."""

    def __init__(self, kinds: dict[str, KindTexts], links: ActionLinks | None = None):
        self.kinds = kinds
        self.links = links
        """Signs the "Done" and "Snooze 30 min" links added under each notification."""

    @classmethod
    def load(cls, path: Path = TEXTS_FILE, links: ActionLinks | None = None) -> "ReminderTexts":
        raw = load_yaml(path)
        return cls({kind: KindTexts(title=entry["title"], openers=tuple(entry["openers"]),
                                    tips=tuple(SourcedLine(**tip) for tip in entry["tips"]))
                    for kind, entry in raw.items()}, links)

    def message_for(self, kind: str, schedule_id: int, occurs_at: datetime) -> ReminderMessage:
        """The message for one occurrence; the same occurrence always gets the same words, so a
        retry repeats rather than contradicts the first attempt."""
        texts = self.kinds[kind]
        # A hash of the occurrence picks both: as stable as a seeded random.Random and a
        # twentieth of its cost, which counts at thousands of reminders a second.
        pick = zlib.crc32(f"{schedule_id}:{occurs_at.isoformat()}".encode())
        opener = texts.openers[pick % len(texts.openers)]
        tip = texts.tips[pick // len(texts.openers) % len(texts.tips)]
        body = f"{opener} — {tip.say}"
        if self.links is not None:
            body += (f"\n\nDone: {self.links.url(schedule_id, occurs_at, DONE)}"
                     f"\nSnooze 30 min: {self.links.url(schedule_id, occurs_at, SNOOZE)}")
        return ReminderMessage(title=texts.title, body=body)
