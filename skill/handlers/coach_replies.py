"""What the habit coach's handlers share: whose habit it is, slot amounts, and how replies sound."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot
from ask_sdk_model import Response
from markupsafe import Markup

from habits.owner import Owner
from habits.units import CONTAINER_WORDS, OUNCE_WORDS, Units
from skill.alexa_session import device_time_zone, person_id
from skill.handlers.base import ask, locale_of, speech_of
from skill.persistence import current_user
from skill.slots import resolved_slot_ids
from skill.speech import spoken

WATER_GOAL = "water_goal"
GREETING = Markup('<alexa:name type="first" personId="{}"/>, {}')


def owner_of(handler_input: HandlerInput) -> Owner | None:
    """The owner of the habits: the user, and the recognised speaker if any."""
    user = current_user(handler_input)
    if user is None:
        return None
    if user.time_zone is None:  # "today" is the person's day: learn the device's zone once
        user.time_zone = device_time_zone(handler_input)
    return Owner.of(user.id, person_id(handler_input), user.time_zone)


def units_of(handler_input: HandlerInput) -> Units:
    return Units(locale_of(handler_input))


def coach_reply(handler_input: HandlerInput, *texts: str, question: Markup | None = None) -> Response:
    """Speak ``texts`` (greeting a recognised speaker by name) and ask ``question`` or the follow-up.

    ``texts`` are prompts or habit facts (plain text, escaped here)."""
    say = speech_of(handler_input).say
    speech = spoken(*texts, question or say("coach.follow_up"))
    speaker = person_id(handler_input)
    if speaker:
        speech = GREETING.format(speaker, speech)
    return ask(handler_input, speech, say("coach.reprompt"))


def no_user(handler_input: HandlerInput) -> Response:
    return coach_reply(handler_input, speech_of(handler_input).say("error.generic"))


def amount_ml(handler_input: HandlerInput) -> int | None:
    """Millilitres the slots name ("two cups", "500 millilitres", "16 ounces"), or None if unsaid."""
    ids = resolved_slot_ids(handler_input)
    units = units_of(handler_input)
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
