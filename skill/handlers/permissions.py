"""The reminders permission and the speaker: Alexa's answer to our AskFor
(``Connections.Response``), "allow reminders", and the offer, on opening the skill, of
schedules made elsewhere."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from models import ReminderSchedule
from reminders.alexa_sync import permission_changed, speaker_offers
from reminders.schedules import delete_schedule, list_schedules, update_schedule
from skill.alexa_session import ASK_FOR, add_consent_card
from skill.handlers.base import SkillRequestHandler, ask, speech_of, tell
from skill.handlers.reminder_replies import TOKEN_PREFIX, put_on_speaker, reminder_words
from skill.launch_facts import launch_facts
from skill.pending import SPEAKER_OFFER, is_answer_to, pending, set_pending
from skill.persistence import current_user, db_session, is_first_visit

# Request attribute: the offers can_handle found, so handle does not query them again.
OFFERS = "speaker_offers"


class ConnectionsResponseHandler(SkillRequestHandler):
    """Alexa's answer to our AskFor: create the reminders, or explain what happens without them."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (is_request_type("Connections.Response")(handler_input)
                and handler_input.request_envelope.request.name == ASK_FOR)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        words = reminder_words(handler_input)
        schedules = _schedules(handler_input, request.token or "")
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
            return put_on_speaker(handler_input, self.ctx, schedules, words.say("permission.thanks"), just_granted=True)
        add_consent_card(handler_input)
        kept = [schedule for schedule in schedules if schedule.notify_channels]
        for schedule in kept:
            update_schedule(session, schedule, self.ctx.clock(), alexa=False)
        for schedule in schedules:
            if not schedule.notify_channels:
                delete_schedule(session, schedule)
        key = "permission.denied_kept" if len(kept) == len(schedules) else "permission.denied_dropped"
        return tell(handler_input, words.say(key, kinds=kinds))


class SpeakerOfferLaunchHandler(SkillRequestHandler):
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
        words = reminder_words(handler_input)
        offers = handler_input.attributes_manager.request_attributes[OFFERS]
        now = self.ctx.clock()
        set_pending(handler_input, SPEAKER_OFFER, ids=[schedule.id for schedule in offers])
        if len(offers) == 1:
            offer = words.say("offer.one", reminder=words.described(offers[0], now))
        else:
            offer = words.say("offer.many", count=len(offers),
                              reminders=words.joined([words.described(schedule, now) for schedule in offers]))
        return ask(handler_input, offer, words.say("offer.reprompt"))


class AllowRemindersIntentHandler(SkillRequestHandler):
    """"Ask cramp coach to allow reminders": put the reminders waiting for the speaker there,
    letting Alexa ask for the permission first (what the web page tells people to say)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AllowRemindersIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = reminder_words(handler_input)
        offers = speaker_offers(db_session(handler_input), current_user(handler_input))
        if not offers:
            return tell(handler_input, words.say("offer.allow_none"))
        return put_on_speaker(handler_input, self.ctx, offers, words.say("offer.accepted"))


class SpeakerOfferAnswerHandler(SkillRequestHandler):
    """"Yes" or "no" to the offer: put them on the speaker, or keep them on the phone only."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_answer_to(handler_input, SPEAKER_OFFER)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = reminder_words(handler_input)
        session, user = db_session(handler_input), current_user(handler_input)
        ids = set(pending(handler_input, SPEAKER_OFFER)["ids"])
        offers = [schedule for schedule in speaker_offers(session, user) if schedule.id in ids]
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            return put_on_speaker(handler_input, self.ctx, offers, words.say("offer.accepted"))
        for schedule in offers:
            if schedule.notify_channels:
                update_schedule(session, schedule, self.ctx.clock(), alexa=False)
        return ask(handler_input, words.say("offer.declined"), speech_of(handler_input).say("launch.reprompt"))


def _schedules(handler_input: HandlerInput, token: str) -> list[ReminderSchedule]:
    """The user's own schedules named by the token, still meant for Alexa."""
    ids = {int(part) for part in token.removeprefix(TOKEN_PREFIX).split(",") if part.isdigit()}
    user = current_user(handler_input)
    return [schedule for schedule in list_schedules(db_session(handler_input), user)
            if schedule.id in ids and schedule.alexa_enabled]
