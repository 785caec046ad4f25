"""What the habit coach's handlers share: whose habit it is, slot amounts, and how replies sound."""
from __future__ import annotations

from xml.sax.saxutils import escape

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot
from ask_sdk_model import Response

from habits.owner import Owner
from habits.units import CONTAINER_WORDS, OUNCE_WORDS, Units
from skill.alexa_session import device_time_zone
from skill.handlers.base import SkillRequestHandler, ask, locale_of
from skill.persistence import current_user
from skill.reminder_words import ReminderWords
from skill.slots import resolved_slot_ids

WATER_GOAL = "water_goal"
_QUOTE = {'"': "&quot;"}


def person_id(handler_input: HandlerInput) -> str | None:
    """The recognised speaker Alexa names in ``context.System.person``, if any."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    person = getattr(system, "person", None)
    return getattr(person, "person_id", None) or None


class CoachRequestHandler(SkillRequestHandler):
    """A habit coach handler: the owner of the habit, the locale's units, replies with a greeting."""

    def owner(self, handler_input: HandlerInput) -> Owner | None:
        user = current_user(handler_input)
        if user is None:
            return None
        if user.time_zone is None:  # "today" is the person's day: learn the device's zone once
            user.time_zone = device_time_zone(handler_input)
        return Owner.of(user.id, person_id(handler_input), user.time_zone)

    def units(self, handler_input: HandlerInput) -> Units:
        return Units(locale_of(handler_input))

    def clock(self, handler_input: HandlerInput) -> ReminderWords:
        return ReminderWords(self.ctx, locale_of(handler_input))

    def coach(self, handler_input: HandlerInput, key: str, **values: object) -> str:
        return self.say(handler_input, f"coach.{key}", **values)

    def reply(self, handler_input: HandlerInput, *texts: str, question: str | None = None) -> Response:
        """Speak ``texts`` (greeting a recognised speaker by name) and ask ``question`` or the follow-up."""
        question = question or self.coach(handler_input, "follow_up")
        speech = " ".join(escape(text) for text in (*texts, question) if text)
        speaker = person_id(handler_input)
        if speaker:
            speech = f'<alexa:name type="first" personId="{escape(speaker, _QUOTE)}"/>, {speech}'
        return ask(handler_input, speech, escape(self.coach(handler_input, "reprompt")))

    def amount_ml(self, handler_input: HandlerInput) -> int | None:
        """Millilitres the slots name ("two cups", "500 millilitres", "16 ounces"), or None if unsaid."""
        ids = resolved_slot_ids(handler_input)
        units = self.units(handler_input)
        count = _number(get_slot(handler_input, "amount"))
        container = ids.get("container") or CONTAINER_WORDS.get(_heard(handler_input, "container"))
        if container:
            return round((count or 1) * units.container_ml(container))
        unit = ids.get("unit") or ("OUNCE" if _heard(handler_input, "unit") in OUNCE_WORDS else None)
        if unit is None or count is None:
            return None
        return round(count * units.unit_ml(unit))


def _heard(handler_input: HandlerInput, name: str) -> str:
    """A slot's words as said, lowercased ("" when unsaid)."""
    return (getattr(get_slot(handler_input, name), "value", None) or "").lower().strip()


def _number(slot) -> float | None:
    value = getattr(slot, "value", None)
    try:
        number = float(value) if value not in (None, "", "?") else None
    except ValueError:
        return None
    return number if number is not None and number > 0 else None
