"""Water by voice: log a drink, undo it, hear today's progress, set the daily goal."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot, is_intent_name
from ask_sdk_model import Response

from habits.facts import habit_facts
from habits.goals import goal_of, note_goal_asked, set_goal
from habits.owner import Owner
from habits.progress import Today, today_progress
from habits.units import MAX_GOAL_ML, MIN_GOAL_ML
from habits.water import HabitError, log_water, undo_last_water
from skill.handlers.coach_base import WATER_GOAL, CoachRequestHandler
from skill.pending import pending, set_pending
from skill.persistence import db_session
from skill.reminder_phrases import PhraseError, clock_of, minutes_of
from skill.slots import resolved_slot_ids

MOMENTS = {"BREAKFAST": time(8), "LUNCH": time(12, 30), "DINNER": time(18, 30)}
# WATER_GOAL_FOR slot IDs (interaction_model/sources/water.yaml) -> the articles' goals (habits/facts.yaml).
GOAL_FOR = {"WOMAN": "women", "MAN": "men"}
SWEAT = "SWEAT"


class CoachBase(CoachRequestHandler):
    """Progress in words, shared by logging, undoing and asking."""

    def progress_words(self, handler_input: HandlerInput, today: Today) -> list[str]:
        units = self.units(handler_input)
        goal = units.amount(today.goal.ml)
        if today.drunk_ml == 0:
            water = self.coach(handler_input, "progress.nothing", goal=goal)
        elif today.reached or units.amount(today.drunk_ml) == goal:  # "8 of your 8 cups" is reached, as heard
            water = self.coach(handler_input, "progress.reached", drunk=units.amount(today.drunk_ml), goal=goal)
        else:
            glasses = units.glasses(today.left_ml)
            glass_words = (self.coach(handler_input, "glasses.one") if glasses == 1
                           else self.coach(handler_input, "glasses.many", count=glasses))
            water = self.coach(handler_input, "progress.under", drunk=units.amount(today.drunk_ml), goal=goal,
                               glasses=glass_words)
        return [water]

    def with_goal_question(self, handler_input: HandlerInput, owner: Owner, today: Today,
                           *texts: str) -> Response:
        """The reply, asking once which of the articles' goals applies while none was chosen."""
        if today.goal.asked:
            return self.reply(handler_input, *texts)
        note_goal_asked(db_session(handler_input), owner, self.ctx.clock())
        facts = habit_facts()
        set_pending(handler_input, WATER_GOAL)
        example = self.units(handler_input).amount(facts.goals["women"].ml)
        return self.reply(handler_input, *texts, facts.goals["women"].say, facts.goals["men"].say,
                          facts.tips["sweat"].say,
                          question=self.coach(handler_input, "goal.question", example=example))

    def no_user(self, handler_input: HandlerInput) -> Response:
        return self.reply(handler_input, self.say(handler_input, "error.generic"))


class LogWaterIntentHandler(CoachBase):
    """"I drank a glass of water", "log two cups", "a glass an hour ago", or an amount alone ("two cups")."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("LogWaterIntent")(handler_input) or is_intent_name("WaterAmountIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.no_user(handler_input)
        amount = self.amount_ml(handler_input)
        # An amount alone answers the goal question while it is open; "log two cups" is a drink all the same.
        if is_intent_name("WaterAmountIntent")(handler_input) and pending(handler_input, WATER_GOAL) is not None:
            return SetWaterGoalIntentHandler(self.ctx).set(handler_input, owner, amount)
        if amount is None:
            return self.reply(handler_input, question=self.coach(handler_input, "ask_amount"))
        now = self.ctx.clock()
        try:
            drunk_at = self._drunk_at(handler_input, owner, now)
            log_water(db_session(handler_input), owner, amount, drunk_at, now, "voice")
        except PhraseError:
            return self.reply(handler_input, self.coach(handler_input, "error.bad_time"),
                              question=self.coach(handler_input, "reprompt"))
        except HabitError as error:
            return self.reply(handler_input, self.coach(handler_input, f"error.{error.reason}"))
        spoken = self.units(handler_input).amount(amount)
        if now - drunk_at >= timedelta(minutes=5):
            logged = self.coach(handler_input, "logged.water_at", amount=spoken,
                                time=self.clock(handler_input).clock(owner.local(drunk_at).time().replace(second=0, microsecond=0)))
        else:
            logged = self.coach(handler_input, "logged.water", amount=spoken)
        today = today_progress(db_session(handler_input), owner, now)
        return self.with_goal_question(handler_input, owner, today, logged, *self.progress_words(handler_input, today))

    def _drunk_at(self, handler_input: HandlerInput, owner: Owner, now: datetime) -> datetime:
        """Now, "an hour ago", "at 3 PM" or "at lunch" (today, in the owner's zone)."""
        ago = getattr(get_slot(handler_input, "ago"), "value", None)
        if ago:
            return now - timedelta(minutes=minutes_of(ago))
        moment = resolved_slot_ids(handler_input).get("moment")
        spoken = getattr(get_slot(handler_input, "time"), "value", None)
        wall = MOMENTS.get(moment) if moment else clock_of(spoken) if spoken else None
        if wall is None:
            return now
        return datetime.combine(owner.today(now), wall, owner.zone)


class UndoWaterIntentHandler(CoachBase):
    """"Undo that": take off the last drink logged."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("UndoWaterIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.no_user(handler_input)
        removed = undo_last_water(db_session(handler_input), owner)
        if removed is None:
            return self.reply(handler_input, self.coach(handler_input, "undone.nothing"))
        today = today_progress(db_session(handler_input), owner, self.ctx.clock())
        return self.reply(handler_input, self.coach(handler_input, "undone.water",
                                                    amount=self.units(handler_input).amount(removed.amount_ml)),
                          *self.progress_words(handler_input, today))


class WaterProgressIntentHandler(CoachBase):
    """"How much have I drunk today", "how am I doing": water against the goal, and stretches."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WaterProgressIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.no_user(handler_input)
        today = today_progress(db_session(handler_input), owner, self.ctx.clock())
        if today.stretches == 0:
            stretches = self.coach(handler_input, "progress.stretches_none")
        elif today.stretches == 1:
            stretches = self.coach(handler_input, "progress.stretches_one")
        else:
            stretches = self.coach(handler_input, "progress.stretches_many", count=today.stretches)
        return self.with_goal_question(handler_input, owner, today, *self.progress_words(handler_input, today),
                                       stretches, habit_facts().tips["urine"].say)


class SetWaterGoalIntentHandler(CoachBase):
    """"Set my water goal to 2 litres", or an answer to the goal question ("9 cups", "for men", "I sweat a lot")."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetWaterGoalIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = self.owner(handler_input)
        if owner is None:
            return self.no_user(handler_input)
        goal_for = resolved_slot_ids(handler_input).get("goalFor")
        if goal_for == SWEAT:
            return self.sweat(handler_input, owner)
        if goal_for in GOAL_FOR:
            return self.set(handler_input, owner, habit_facts().goals[GOAL_FOR[goal_for]].ml, GOAL_FOR[goal_for])
        return self.set(handler_input, owner, self.amount_ml(handler_input))

    def set(self, handler_input: HandlerInput, owner: Owner, amount: int | None,
            article: str | None = None) -> Response:
        """Set the goal to ``amount`` (the articles' goal for ``article``, if named), or ask again for one."""
        units = self.units(handler_input)
        sweating = bool((pending(handler_input, WATER_GOAL) or {}).get("sweat"))
        if amount is None:
            set_pending(handler_input, WATER_GOAL, sweat=sweating)
            return self.reply(handler_input, question=self.coach(handler_input, "ask_goal_amount"))
        try:
            goal = set_goal(db_session(handler_input), owner, amount, self.ctx.clock())
        except HabitError as error:
            set_pending(handler_input, WATER_GOAL, sweat=sweating)
            return self.reply(handler_input, self.coach(handler_input, f"goal.{error.reason.removeprefix('goal_')}",
                                                        least=units.amount(MIN_GOAL_ML), most=units.amount(MAX_GOAL_ML)),
                              question=self.coach(handler_input, "ask_goal_amount"))
        today = today_progress(db_session(handler_input), owner, self.ctx.clock())
        done = self.coach(handler_input, f"goal.set_for.{article}" if article else "goal.set",
                          goal=units.amount(goal.ml))
        more = self.coach(handler_input, "goal.sweat_raise") if sweating and article else ""
        return self.reply(handler_input, done, more, *self.progress_words(handler_input, today))

    def sweat(self, handler_input: HandlerInput, owner: Owner) -> Response:
        """"I sweat a lot": the articles say more, but not how much; a chosen goal stays the base, else ask which."""
        session, units, facts = db_session(handler_input), self.units(handler_input), habit_facts()
        goal = goal_of(session, owner)
        if goal.chosen:
            return self.reply(handler_input, facts.tips["sweat"].say,
                              self.coach(handler_input, "goal.sweat_kept", goal=units.amount(goal.ml)))
        note_goal_asked(session, owner, self.ctx.clock())
        set_pending(handler_input, WATER_GOAL, sweat=True)
        which = self.coach(handler_input, "goal.sweat_base", women=units.amount(facts.goals["women"].ml),
                           men=units.amount(facts.goals["men"].ml))
        return self.reply(handler_input, facts.tips["sweat"].say, question=which)
