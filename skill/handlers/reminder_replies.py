"""What the reminder handlers share: reminder wording, and putting schedules on the user's
Alexa devices, letting Alexa ask for the reminders permission first (``Connections.SendRequest``
AskFor, answered by ``Connections.Response`` in ``permissions``)."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from markupsafe import Markup

from foundations.alexa_api import AlexaApiError
from models import ReminderSchedule
from reminders.alexa_sync import create_reminder, permission_changed
from skill.alexa_session import add_consent_card, ask_for_permission, has_reminders_permission, reminders_api
from skill.context import SkillContext
from skill.handlers.base import locale_of, speech_of, tell
from skill.persistence import current_user, db_session
from skill.reminder_words import ReminderWords
from skill.speech import spoken

log = logging.getLogger(__name__)
TOKEN_PREFIX = "reminders:"


def reminder_words(handler_input: HandlerInput) -> ReminderWords:
    """Schedules, clock times and moments in the request's words."""
    return ReminderWords(speech_of(handler_input))


def put_on_speaker(handler_input: HandlerInput, ctx: SkillContext, schedules: list[ReminderSchedule], done: Markup,
                   just_granted: bool = False) -> Response:
    """Say ``done``, then create the Alexa reminders, or first let Alexa ask for permission.

    ``just_granted``: the user accepted a moment ago, so never ask again in a loop."""
    words = reminder_words(handler_input)
    if not (just_granted or has_reminders_permission(handler_input)):
        return _ask_permission(handler_input, words, schedules, done)
    user = current_user(handler_input)
    if user.alexa_reminders_allowed is not True:
        permission_changed(db_session(handler_input), user, True)
    now = ctx.clock()
    try:
        api = reminders_api(handler_input)
        for schedule in schedules:
            if schedule.alexa_alert_token is None:
                create_reminder(schedule, api, locale_of(handler_input), now)
    except AlexaApiError as error:
        if error.needs_permission and not just_granted:
            return _ask_permission(handler_input, words, schedules, done)
        log.warning("Alexa reminder not created: %s", error)
        if error.needs_permission:
            add_consent_card(handler_input)
        return tell(handler_input, spoken(done, words.say("speaker.later")))
    return tell(handler_input, spoken(done, words.say("speaker.added")))


def _ask_permission(handler_input: HandlerInput, words: ReminderWords, schedules: list[ReminderSchedule],
                    done: Markup) -> Response:
    token = TOKEN_PREFIX + ",".join(str(schedule.id) for schedule in schedules)
    return ask_for_permission(handler_input, spoken(done, words.say("permission.ask")), token)
