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
from knowledge.answers import Answerer
from knowledge.base import KnowledgeBase
from skill.speech import Speech, SpeechCatalogue
from skill.stretch.routines import RoutineBook


@dataclass
class SkillContext:
    knowledge: KnowledgeBase
    catalogue: SpeechCatalogue
    """Every prompt in every locale; a request speaks through ``speech_in(locale)``."""
    session_factory: sessionmaker
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    api_client: ApiClient = field(default_factory=AlexaHttpClient)
    """What the SDK's Alexa service clients (reminders, device settings) send their calls with."""
    write_session_factory: sessionmaker | None = None
    """Sessions for a short transaction likely to write (``make_session_factory(writes=True)``);
    ``session_factory`` when not given."""
    routines: RoutineBook = field(default_factory=RoutineBook.load)
    answerer: Answerer = field(init=False)
    """Questions answered from ``knowledge``."""

    def __post_init__(self) -> None:
        self.answerer = Answerer(self.knowledge)

    def speech_in(self, locale: str) -> Speech:
        """The speech of a request in ``locale``."""
        return Speech(self.catalogue, locale, self.rng)
