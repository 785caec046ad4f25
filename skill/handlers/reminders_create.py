"""Making a reminder by voice: "remind me to drink water every two hours", and the answers to the
questions that may follow (when? which time zone?)."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import NotificationChannel, ReminderSchedule, User
from reminders.notify_policy import max_addresses_per_reminder
from reminders.parsing import ScheduleError, parse_time_zone
from reminders.schedules import create_schedule
from reminders.wording import upcoming
from skill.alexa_session import device_time_zone
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask, tell
from skill.handlers.reminder_replies import put_on_speaker, reminder_words
from skill.pending import TIME_ZONE, WHEN, pending, set_pending
from skill.persistence import current_user, db_session
from skill.reminder_phrases import PhraseError, ReminderAsk, ask_from_slots, check_ask, resolved_id


def create(handler_input: HandlerInput, ctx: SkillContext, request: ReminderAsk, time_zone: str) -> Response:
    """The last step: store the schedule, say when it comes, put it on the speaker."""
    words = reminder_words(handler_input)
    session, user, now = db_session(handler_input), current_user(handler_input), ctx.clock()
    try:
        schedule = create_schedule(session, user, request.spec(time_zone, _phone_addresses(session, user)), now)
    except ScheduleError:
        return ask(handler_input, words.say("error.invalid"), words.say("error.reprompt"))
    first = upcoming(schedule, now, 1)
    done = words.say("created", kind=words.kind(schedule.kind), when=words.when(schedule),
                     first=words.moment(first[0], now, ZoneInfo(time_zone)) if first else words.when(schedule))
    return put_on_speaker(handler_input, ctx, [schedule], done)


def problem(handler_input: HandlerInput, error: PhraseError) -> Response:
    """What was wrong with the reminder asked for, and how to ask again."""
    words = reminder_words(handler_input)
    return ask(handler_input, words.say(f"error.{error.key}", **error.values), words.say("error.reprompt"))


class CreateReminderIntentHandler(SkillRequestHandler):
    """"Remind me to stretch at nine pm every day" (or just "at nine pm" after "When?")."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("CreateReminderIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = reminder_words(handler_input)
        try:
            request = ask_from_slots(handler_input)
            draft = pending(handler_input, WHEN)
            if draft is not None:
                request = ReminderAsk.from_dict(draft["draft"]).completed_by(request)
            if request.kind is None:
                raise PhraseError("no_kind")
            if not request.has_when:
                set_pending(handler_input, WHEN, draft=request.as_dict())
                return ask(handler_input, words.say("ask_when", kind=words.kind(request.kind)),
                           words.say("ask_when_reprompt"))
            check_ask(request)
        except PhraseError as error:
            return problem(handler_input, error)
        user = current_user(handler_input)
        zone = device_time_zone(handler_input)
        if zone is not None:
            user.time_zone = zone
        zone = zone or user.time_zone
        if zone is None:
            set_pending(handler_input, TIME_ZONE, draft=request.as_dict())
            return ask(handler_input, words.say("ask_time_zone"), words.say("ask_time_zone"))
        return create(handler_input, self.ctx, request, zone)


class SetTimeZoneIntentHandler(SkillRequestHandler):
    """"I'm in Eastern time": remember the zone, and finish a reminder that was waiting for it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetTimeZoneIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = reminder_words(handler_input)
        zone, heard = resolved_id(handler_input, "zone")
        waiting = pending(handler_input, TIME_ZONE)
        zone = known_zone(zone)
        if zone is None:
            if waiting is not None:
                set_pending(handler_input, TIME_ZONE, draft=waiting["draft"])
            return ask(handler_input, words.say("error.unknown_zone"), words.say("ask_time_zone"))
        current_user(handler_input).time_zone = zone
        if waiting is None:
            return tell(handler_input, words.say("time_zone_set", zone=heard or zone))
        return create(handler_input, self.ctx, ReminderAsk.from_dict(waiting["draft"]), zone)


def known_zone(zone_id: str | None) -> str | None:
    """The slot's zone id if it names a real IANA zone; anything else (a forged or stale id) is
    never stored, since every page and reminder reads the stored zone."""
    try:
        return parse_time_zone(zone_id).key if zone_id else None
    except ScheduleError:
        return None


def _phone_addresses(session: Session, user: User) -> tuple[str, ...]:
    """The notification addresses the user already gets reminders at (set on the web page):
    a reminder made by voice goes there too, not only to the speaker."""
    urls = session.scalars(select(NotificationChannel.apprise_url).join(ReminderSchedule)
                           .where(ReminderSchedule.user_id == user.id).order_by(NotificationChannel.id))
    return tuple(dict.fromkeys(urls))[:max_addresses_per_reminder()]
