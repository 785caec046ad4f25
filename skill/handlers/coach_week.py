"""Stretches and the week by voice: "I did my stretch", "how did I do this week", and
"only remind me when I'm behind" for water reminders."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from habits.progress import week_summary
from habits.reminders import set_only_when_behind
from habits.stretches import log_stretch
from skill.handlers.coach_base import CoachRequestHandler
from skill.persistence import db_session


class LogStretchIntentHandler(CoachRequestHandler):
    """"I did my stretch": log a stretch done outside a guided routine."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("LogStretchIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.reply(handler_input, self.say(handler_input, "error.generic"))
        log_stretch(db_session(handler_input), owner, self.ctx.clock(), "voice")
        return self.reply(handler_input, self.coach(handler_input, "logged.stretch"))


class WeeklySummaryIntentHandler(CoachRequestHandler):
    """"How did I do this week": days at the water goal, stretches done, the forgiving streak."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WeeklySummaryIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.reply(handler_input, self.say(handler_input, "error.generic"))
        week = week_summary(db_session(handler_input), owner, self.ctx.clock())
        texts = [self.coach(handler_input, "week.summary", goal_days=self._count(handler_input, "days", week.days_at_goal),
                            stretches=self._count(handler_input, "stretches", week.stretches))]
        if week.streak.days == 0:
            texts.append(self.coach(handler_input, "week.streak_none"))
        else:
            texts.append(self.coach(handler_input, "week.streak", days=week.streak.days))
            if week.streak.forgiven is not None:
                texts.append(self.coach(handler_input, "week.forgiven", day=f"{week.streak.forgiven:%A}"))
        return self.reply(handler_input, *texts)

    def _count(self, handler_input: HandlerInput, what: str, count: int) -> str:
        if count == 0 and what == "stretches":
            return self.coach(handler_input, "week.stretches_none")
        key = "one" if count == 1 else "many"
        return self.coach(handler_input, f"week.{what}_{key}", count=count)


class ReminderPaceIntentHandler(CoachRequestHandler):
    """"Only remind me when I'm behind" / "always remind me to drink": the water reminders' pace rule."""

    INTENTS = {"OnlyWhenBehindIntent": True, "AlwaysRemindIntent": False}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in self.INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.reply(handler_input, self.say(handler_input, "error.generic"))
        only_when_behind = self.INTENTS[handler_input.request_envelope.request.intent.name]
        changed = set_only_when_behind(db_session(handler_input), owner.user_id, only_when_behind, self.ctx.clock())
        if not changed:
            return self.reply(handler_input, self.coach(handler_input, "pace.no_schedules"))
        return self.reply(handler_input, self.coach(handler_input, "pace.set" if only_when_behind else "pace.unset"))
