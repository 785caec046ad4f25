"""Looking after reminders by voice: list, next, missed, pause, resume, snooze and delete.

Changes go through ``reminders.schedules``, which queues the matching Alexa reminder change;
being in a session, the handler then applies that queue at once with the session's token.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response
from markupsafe import Markup

from models import ReminderSchedule
from reminders.alexa_sync import apply_jobs
from reminders.history import recent_occurrences
from reminders.parsing import ScheduleError
from reminders.schedules import delete_schedule, list_schedules, pause_schedule, resume_schedule, snooze_schedule
from reminders.wording import upcoming
from skill.alexa_session import reminders_api
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask, locale_of, tell
from skill.handlers.reminder_replies import put_on_speaker, reminder_words
from skill.pending import DELETE, is_answer_to, pending, set_pending
from skill.persistence import current_user, db_session
from skill.reminder_phrases import PhraseError, minutes_of, resolved_id, slot_text
from skill.reminder_words import ReminderWords
from skill.speech import spoken

DEFAULT_SNOOZE = timedelta(hours=1)
MISSED_LOOKBACK = timedelta(hours=24)


class ListRemindersIntentHandler(SkillRequestHandler):
    """"What reminders do I have?" """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ListRemindersIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words, now = reminder_words(handler_input), self.ctx.clock()
        schedules, _ = targets(handler_input)
        if not schedules:
            return none_found(handler_input, None)
        items = words.joined([words.described(schedule, now) for schedule in schedules])
        key = "list.one" if len(schedules) == 1 else "list.many"
        return tell(handler_input, words.say(key, count=len(schedules), items=items))


class NextReminderIntentHandler(SkillRequestHandler):
    """"When is my next reminder?" (quiet hours, snoozes and pauses taken into account)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("NextReminderIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words, now = reminder_words(handler_input), self.ctx.clock()
        schedules, kind = targets(handler_input)
        coming = [(found[0], schedule) for schedule in schedules if (found := upcoming(schedule, now, 1))]
        if not coming:
            return none_found(handler_input, kind) if not schedules else ask(
                handler_input, words.say("next.none"), words.say("reprompt"))
        when, schedule = min(coming, key=lambda pair: pair[0])
        moment = words.moment(when, now, ZoneInfo(schedule.time_zone))
        return tell(handler_input, words.say("next.one", kind=words.kind(schedule.kind), moment=moment))


class MissedRemindersIntentHandler(SkillRequestHandler):
    """"What did I miss?": the last day's reminders, and any that did not reach the user."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("MissedRemindersIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        words, now = reminder_words(handler_input), self.ctx.clock()
        occurrences = recent_occurrences(db_session(handler_input), current_user(handler_input),
                                         now - MISSED_LOOKBACK, now)
        if not occurrences:
            return tell(handler_input, words.say("missed.none"))
        counts = Counter(occurrence.schedule.kind for occurrence in occurrences)
        parts = [words.say("count.one" if count == 1 else "count.many", count=count, kind=words.kind(kind))
                 for kind, count in sorted(counts.items())]
        latest = occurrences[-1]
        speech = words.say("missed.summary", counts=words.joined(parts), kind=words.kind(latest.schedule.kind),
                           moment=words.moment(latest.occurs_at, now, ZoneInfo(latest.schedule.time_zone)))
        lost = [occurrence for occurrence in occurrences if not occurrence.delivered]
        if lost:
            moment = words.moment(lost[-1].occurs_at, now, ZoneInfo(lost[-1].schedule.time_zone))
            key = "missed.lost_one" if len(lost) == 1 else "missed.lost_many"
            speech = spoken(speech, words.say(key, count=len(lost), kind=words.kind(lost[-1].schedule.kind),
                                              moment=moment))
        return tell(handler_input, speech)


class PauseReminderIntentHandler(SkillRequestHandler):
    """"Pause my water reminders": nothing is sent, and the speaker's reminder is removed."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("PauseReminderIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        schedules, kind = targets(handler_input)
        if not schedules:
            return none_found(handler_input, kind)
        words, now = reminder_words(handler_input), self.ctx.clock()
        for schedule in schedules:
            if schedule.enabled:
                pause_schedule(schedule, now)
        speech = words.say("paused", targets=targets_named(words, schedules, kind))
        speech = spoken(speech, sync_speaker(handler_input, self.ctx))
        return tell(handler_input, speech)


class ResumeReminderIntentHandler(SkillRequestHandler):
    """"Resume my reminders": sending restarts at the next occurrence, back on the speaker too."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ResumeReminderIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        schedules, kind = targets(handler_input)
        if not schedules:
            return none_found(handler_input, kind)
        words, now = reminder_words(handler_input), self.ctx.clock()
        for schedule in schedules:
            if not schedule.enabled or schedule.snoozed_until is not None:
                resume_schedule(schedule, now)
        done = words.say("resumed", targets=targets_named(words, schedules, kind))
        done = spoken(done, sync_speaker(handler_input, self.ctx))
        missing = [schedule for schedule in schedules if schedule.alexa_enabled and not schedule.alexa_alert_token]
        if missing and current_user(handler_input).alexa_reminders_allowed is not False:
            return put_on_speaker(handler_input, self.ctx, missing, done)
        return tell(handler_input, done)


class SnoozeReminderIntentHandler(SkillRequestHandler):
    """"Snooze my water reminders for an hour": occurrences before then are skipped."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SnoozeReminderIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        schedules, kind = targets(handler_input)
        schedules = [schedule for schedule in schedules if schedule.enabled]
        if not schedules:
            return none_found(handler_input, kind)
        words, now = reminder_words(handler_input), self.ctx.clock()
        try:
            heard = slot_text(handler_input, "duration", unresolved="snooze")
            length = timedelta(minutes=minutes_of(heard)) if heard else DEFAULT_SNOOZE
            for schedule in schedules:
                snooze_schedule(schedule, length, now)
        except (PhraseError, ScheduleError):
            return ask(handler_input, words.say("error.snooze"), words.say("error.reprompt"))
        until = words.moment(now + length, now, ZoneInfo(schedules[0].time_zone))
        speech = words.say("snoozed", targets=targets_named(words, schedules, kind), until=until)
        return tell(handler_input, spoken(speech, sync_speaker(handler_input, self.ctx)))


class DeleteReminderIntentHandler(SkillRequestHandler):
    """"Delete my stretch reminder": asks to confirm first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("DeleteReminderIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        schedules, kind = targets(handler_input)
        if not schedules:
            return none_found(handler_input, kind)
        words = reminder_words(handler_input)
        set_pending(handler_input, DELETE, ids=[schedule.id for schedule in schedules], kind=kind)
        confirm = words.say("delete.confirm", targets=targets_named(words, schedules, kind))
        return ask(handler_input, confirm, words.say("delete.reprompt"))


class DeleteAnswerHandler(SkillRequestHandler):
    """"Yes" deletes what the last turn asked about; "no" keeps it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_answer_to(handler_input, DELETE)

    def handle(self, handler_input: HandlerInput) -> Response:
        words = reminder_words(handler_input)
        question = pending(handler_input, DELETE)
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return tell(handler_input, words.say("delete.kept"))
        ids = set(question["ids"])
        session, user = db_session(handler_input), current_user(handler_input)
        chosen = [schedule for schedule in list_schedules(session, user) if schedule.id in ids]
        if not chosen:
            return none_found(handler_input, question.get("kind"))
        named = targets_named(words, chosen, question.get("kind"))
        for schedule in chosen:
            delete_schedule(session, schedule)
        done = words.say("delete.done", targets=named)
        return tell(handler_input, spoken(done, sync_speaker(handler_input, self.ctx)))


def targets(handler_input: HandlerInput) -> tuple[list[ReminderSchedule], str | None]:
    """The user's schedules of the kind named in the ``kind`` slot (all if none), and that kind."""
    kind_id = resolved_id(handler_input, "kind")[0]
    kind = kind_id.lower() if kind_id else None
    schedules = list_schedules(db_session(handler_input), current_user(handler_input))
    return [schedule for schedule in schedules if kind is None or schedule.kind == kind], kind


def none_found(handler_input: HandlerInput, kind: str | None) -> Response:
    words = reminder_words(handler_input)
    speech = words.say("none_of_kind", kind=words.kind(kind)) if kind else words.say("none")
    return ask(handler_input, speech, words.say("reprompt"))


def targets_named(words: ReminderWords, schedules: list[ReminderSchedule], kind: str | None) -> Markup:
    """"your water reminder", "your 2 stretch reminders", "all 3 of your reminders"."""
    if len(schedules) == 1:
        return words.say("targets.one", kind=words.kind(schedules[0].kind))
    if kind:
        return words.say("targets.kind_many", count=len(schedules), kind=words.kind(kind))
    return words.say("targets.all", count=len(schedules))


def sync_speaker(handler_input: HandlerInput, ctx: SkillContext) -> Markup | None:
    """Apply queued Alexa reminder changes now; words to add if some must wait for the worker."""
    result = apply_jobs(db_session(handler_input), current_user(handler_input), reminders_api(handler_input),
                        locale_of(handler_input), ctx.clock())
    if result.retrying or result.needs_permission:
        return reminder_words(handler_input).say("speaker.sync_later")
    return None
