"""Stretches and the week by voice: "I did my stretch", "how did I do this week", and
"only remind me when I'm behind" for water reminders."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response
from markupsafe import Markup

from habits.progress import week_summary
from habits.reminders import set_only_when_behind
from habits.stretches import log_stretch
from skill.handlers.base import SkillRequestHandler, speech_of
from skill.handlers.coach_replies import coach_reply, no_user, owner_of
from skill.persistence import db_session
from skill.speech import Speech


class LogStretchIntentHandler(SkillRequestHandler):
    """"I did my stretch": log a stretch done outside a guided routine."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("LogStretchIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        log_stretch(db_session(handler_input), owner, self.ctx.clock(), "voice")
        return coach_reply(handler_input, speech_of(handler_input).say("coach.logged.stretch"))


class WeeklySummaryIntentHandler(SkillRequestHandler):
    """"How did I do this week": days at the water goal, stretches done, the forgiving streak."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WeeklySummaryIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        speech = speech_of(handler_input)
        week = week_summary(db_session(handler_input), owner, self.ctx.clock())
        texts = [speech.say("coach.week.summary", goal_days=_count(speech, "days", week.days_at_goal),
                            stretches=_count(speech, "stretches", week.stretches))]
        if week.streak.days == 0:
            texts.append(speech.say("coach.week.streak_none"))
        else:
            texts.append(speech.say("coach.week.streak", days=week.streak.days))
            if week.streak.forgiven is not None:
                texts.append(speech.say("coach.week.forgiven", day=f"{week.streak.forgiven:%A}"))
        return coach_reply(handler_input, *texts)


class ReminderPaceIntentHandler(SkillRequestHandler):
    """"Only remind me when I'm behind" / "always remind me to drink": the water reminders' pace rule."""

    INTENTS = {"OnlyWhenBehindIntent": True, "AlwaysRemindIntent": False}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        only_when_behind = self.INTENTS[handler_input.request_envelope.request.intent.name]
        changed = set_only_when_behind(db_session(handler_input), owner.user_id, only_when_behind, self.ctx.clock())
        if not changed:
            return coach_reply(handler_input, say("coach.pace.no_schedules"))
        return coach_reply(handler_input, say("coach.pace.set" if only_when_behind else "coach.pace.unset"))


def _count(speech: Speech, what: str, count: int) -> Markup:
    if count == 0 and what == "stretches":
        return speech.say("coach.week.stretches_none")
    key = "one" if count == 1 else "many"
    return speech.say(f"coach.week.{what}_{key}", count=count)
