"""What every handler needs, passed in by the skill builder rather than imported."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from ask_sdk_model.services import ApiClient
from sqlalchemy.orm import sessionmaker

from foundations.alexa_api import AlexaHttpClient
from foundations.clock import utc_now
from knowledge.base import KnowledgeBase
from skill.speech import SpeechCatalogue


@dataclass
class SkillContext:
    knowledge: KnowledgeBase
    speech: SpeechCatalogue
    session_factory: sessionmaker
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    api_client: ApiClient = field(default_factory=AlexaHttpClient)
    """What the SDK's Alexa service clients (reminders, device settings) send their calls with."""
    write_session_factory: sessionmaker | None = None
    """Sessions for a short transaction likely to write (``make_session_factory(writes=True)``);
    ``session_factory`` when not given."""

    def say(self, key: str, locale: str | None, **values: object) -> str:
        return self.speech.text(key, locale, rng=self.rng, **values)
