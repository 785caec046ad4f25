"""Putting reminders on the user's Alexa devices: the reminders permission asked by voice
(``Connections.SendRequest`` AskFor, answered by ``Connections.Response``) with the consent
card as fallback, and the offer, on opening the skill, of schedules made elsewhere."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from foundations.alexa_api import AlexaApiError
from models import ReminderSchedule
from reminders.alexa_sync import create_reminder, permission_changed, speaker_offers
from reminders.schedules import delete_schedule, list_schedules, update_schedule
from skill.alexa_session import (ASK_FOR, add_consent_card, ask_for_permission, has_reminders_permission,
                                 reminders_api)
from skill.handlers.base import SkillRequestHandler, ask, locale_of, tell
from skill.launch_facts import launch_facts
from skill.pending import SPEAKER_OFFER, is_answer_to, pending, set_pending
from skill.persistence import current_user, db_session, is_first_visit
from skill.reminder_words import ReminderWords

log = logging.getLogger(__name__)
TOKEN_PREFIX = "reminders:"
# Request attribute: the offers can_handle found, so handle does not query them again.
OFFERS = "speaker_offers"


class SpeakerHandler(SkillRequestHandler):
    """A handler that can put schedules on the user's Alexa devices, asking for permission first."""

    def words(self, handler_input: HandlerInput) -> ReminderWords:
        return ReminderWords(self.ctx, locale_of(handler_input))

    def put_on_speaker(self, handler_input: HandlerInput, schedules: list[ReminderSchedule], done: str,
                       just_granted: bool = False) -> Response:
        """Say ``done``, then create the Alexa reminders, or first let Alexa ask for permission.

        ``just_granted``: the user accepted a moment ago, so never ask again in a loop."""
        words = self.words(handler_input)
        if not (just_granted or has_reminders_permission(handler_input)):
            return self._ask_permission(handler_input, schedules, done)
        user = current_user(handler_input)
        if user.alexa_reminders_allowed is not True:
            permission_changed(db_session(handler_input), user, True)
        now = self.ctx.clock()
        try:
            api = reminders_api(handler_input)
            for schedule in schedules:
                if schedule.alexa_alert_token is None:
                    create_reminder(schedule, api, locale_of(handler_input), now)
        except AlexaApiError as error:
            if error.needs_permission and not just_granted:
                return self._ask_permission(handler_input, schedules, done)
            log.warning("Alexa reminder not created: %s", error)
            if error.needs_permission:
                add_consent_card(handler_input)
            return tell(handler_input, f"{done} {words.say('speaker.later')}")
        return tell(handler_input, f"{done} {words.say('speaker.added')}")

    def _ask_permission(self, handler_input: HandlerInput, schedules: list[ReminderSchedule], done: str) -> Response:
        token = TOKEN_PREFIX + ",".join(str(schedule.id) for schedule in schedules)
        return ask_for_permission(handler_input, f"{done} {self.words(handler_input).say('permission.ask')}", token)


class ConnectionsResponseHandler(SpeakerHandler):
    """Alexa's answer to our AskFor: create the reminders, or explain what happens without them."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_request_type("Connections.Response")(handler_input)
                and handler_input.request_envelope.request.name == ASK_FOR)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        words = self.words(handler_input)
        schedules = self._schedules(handler_input, request.token or "")
        if not schedules:
            return tell(handler_input, words.say("permission.nothing_left"))
        kinds = words.joined(sorted({words.kind(schedule.kind) for schedule in schedules}))
        answer = (request.payload or {}).get("status")
        if getattr(request.status, "code", None) != "200" or answer not in ("ACCEPTED", "DENIED"):
            add_consent_card(handler_input)
            return tell(handler_input, words.say("permission.not_answered", kinds=kinds))
        session, user = db_session(handler_input), current_user(handler_input)
        permission_changed(session, user, answer == "ACCEPTED")
        if answer == "ACCEPTED":
            return self.put_on_speaker(handler_input, schedules, words.say("permission.thanks"), just_granted=True)
        add_consent_card(handler_input)
        kept = [schedule for schedule in schedules if schedule.notify_channels]
        for schedule in kept:
            update_schedule(session, schedule, self.ctx.clock(), alexa=False)
        for schedule in schedules:
            if not schedule.notify_channels:
                delete_schedule(session, schedule)
        key = "permission.denied_kept" if len(kept) == len(schedules) else "permission.denied_dropped"
        return tell(handler_input, words.say(key, kinds=kinds))

    def _schedules(self, handler_input: HandlerInput, token: str) -> list[ReminderSchedule]:
        """The user's own schedules named by the token, still meant for Alexa."""
        ids = {int(part) for part in token.removeprefix(TOKEN_PREFIX).split(",") if part.isdigit()}
        user = current_user(handler_input)
        return [schedule for schedule in list_schedules(db_session(handler_input), user)
                if schedule.id in ids and schedule.alexa_enabled]


class SpeakerOfferLaunchHandler(SpeakerHandler):
    """Opening the skill while schedules made elsewhere are not on the speaker: offer them."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("LaunchRequest")(handler_input) or is_first_visit(handler_input):
            return False
        facts = launch_facts(handler_input)
        if facts is None or facts.reminders_allowed is False or not facts.has_speaker_offers:
            return False
        offers = speaker_offers(db_session(handler_input), current_user(handler_input))
        handler_input.attributes_manager.request_attributes[OFFERS] = offers
        return bool(offers)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = self.words(handler_input)
        offers = handler_input.attributes_manager.request_attributes[OFFERS]
        now = self.ctx.clock()
        set_pending(handler_input, SPEAKER_OFFER, ids=[schedule.id for schedule in offers])
        if len(offers) == 1:
            offer = words.say("offer.one", reminder=words.described(offers[0], now))
        else:
            offer = words.say("offer.many", count=len(offers),
                              reminders=words.joined([words.described(schedule, now) for schedule in offers]))
        return ask(handler_input, offer, words.say("offer.reprompt"))


class AllowRemindersIntentHandler(SpeakerHandler):
    """"Ask cramp coach to allow reminders": put the reminders waiting for the speaker there,
    letting Alexa ask for the permission first (what the web page tells people to say)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AllowRemindersIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = self.words(handler_input)
        offers = speaker_offers(db_session(handler_input), current_user(handler_input))
        if not offers:
            return tell(handler_input, words.say("offer.allow_none"))
        return self.put_on_speaker(handler_input, offers, words.say("offer.accepted"))


class SpeakerOfferAnswerHandler(SpeakerHandler):
    """"Yes" or "no" to the offer: put them on the speaker, or keep them on the phone only."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_answer_to(handler_input, SPEAKER_OFFER)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = self.words(handler_input)
        session, user = db_session(handler_input), current_user(handler_input)
        ids = set(pending(handler_input, SPEAKER_OFFER)["ids"])
        offers = [schedule for schedule in speaker_offers(session, user) if schedule.id in ids]
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            return self.put_on_speaker(handler_input, offers, words.say("offer.accepted"))
        for schedule in offers:
            if schedule.notify_channels:
                update_schedule(session, schedule, self.ctx.clock(), alexa=False)
        return ask(handler_input, words.say("offer.declined"), self.say(handler_input, "launch.reprompt"))
