"""What opening the skill needs to know about a returning user, read in one query.

A launch asks three things: whether the user refused Alexa reminders, whether schedules made
elsewhere wait to be offered for the speaker, and whether a stretch was left unfinished.
One SQL statement answers all three, read outside the request's transaction (no lock, no
BEGIN or COMMIT); the offered schedules themselves are loaded only when there are some.
"""
from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.handler_input import HandlerInput
from sqlalchemy import bindparam, exists, select

from models import StretchProgress, User
from reminders.alexa_sync import speaker_offer_conditions
from skill.persistence import USER_ID, read_alone_row

FACTS = "launch_facts"
LAUNCH_FACTS = (select(User.alexa_reminders_allowed, exists().where(*speaker_offer_conditions(User.id)),
                       StretchProgress.routine_id, StretchProgress.step_index)
                .select_from(User).outerjoin(StretchProgress, StretchProgress.user_id == User.id)
                .where(User.id == bindparam("user_id")))


@dataclass(frozen=True)
class LaunchFacts:
    reminders_allowed: bool | None
    has_speaker_offers: bool
    stretch_routine_id: str | None
    stretch_step_index: int | None


def launch_facts(handler_input: HandlerInput) -> LaunchFacts | None:
    """The request's user's launch facts (read once per request); ``None`` without a user."""
    attributes = handler_input.attributes_manager.request_attributes
    if FACTS not in attributes:
        user_id = attributes.get(USER_ID)
        row = None if user_id is None else read_alone_row(handler_input, LAUNCH_FACTS, {"user_id": user_id})
        attributes[FACTS] = None if row is None else LaunchFacts(
            reminders_allowed=row[0], has_speaker_offers=bool(row[1]),
            stretch_routine_id=row[2], stretch_step_index=row[3])
    return attributes[FACTS]
