"""Water by voice: log a drink, undo it, hear today's progress, set the daily goal."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot, is_intent_name
from ask_sdk_model import Response
from markupsafe import Markup

from habits.facts import habit_facts
from habits.goals import goal_of, note_goal_asked, set_goal
from habits.owner import Owner
from habits.progress import Today, today_progress
from habits.units import MAX_GOAL_ML, MIN_GOAL_ML
from habits.water import HabitError, log_water, undo_last_water
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, speech_of
from skill.handlers.coach_replies import WATER_GOAL, amount_ml, coach_reply, no_user, owner_of, units_of
from skill.handlers.reminder_replies import reminder_words
from skill.pending import pending, set_pending
from skill.persistence import db_session
from skill.reminder_phrases import PhraseError, clock_of, minutes_of
from skill.slots import resolved_slot_ids

MOMENTS = {"BREAKFAST": time(8), "LUNCH": time(12, 30), "DINNER": time(18, 30)}
# WATER_GOAL_FOR slot IDs (interaction_model/sources/water.yaml) -> the articles' goals (habits/facts.yaml).
GOAL_FOR = {"WOMAN": "women", "MAN": "men"}
SWEAT = "SWEAT"


class LogWaterIntentHandler(SkillRequestHandler):
    """"I drank a glass of water", "log two cups", "a glass an hour ago", or an amount alone ("two cups")."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("LogWaterIntent")(handler_input) or is_intent_name("WaterAmountIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        amount = amount_ml(handler_input)
        # An amount alone answers the goal question while it is open; "log two cups" is a drink all the same.
        if is_intent_name("WaterAmountIntent")(handler_input) and pending(handler_input, WATER_GOAL) is not None:
            return set_goal_to(handler_input, self.ctx, owner, amount)
        if amount is None:
            return coach_reply(handler_input, question=say("coach.ask_amount"))
        now = self.ctx.clock()
        try:
            drunk_at = _drunk_at(handler_input, owner, now)
            log_water(db_session(handler_input), owner, amount, drunk_at, now, "voice")
        except PhraseError:
            return coach_reply(handler_input, say("coach.error.bad_time"), question=say("coach.reprompt"))
        except HabitError as error:
            return coach_reply(handler_input, say(f"coach.error.{error.reason}"))
        spoken_amount = units_of(handler_input).amount(amount)
        if now - drunk_at >= timedelta(minutes=5):
            wall = owner.local(drunk_at).time().replace(second=0, microsecond=0)
            logged = say("coach.logged.water_at", amount=spoken_amount,
                         time=reminder_words(handler_input).clock(wall))
        else:
            logged = say("coach.logged.water", amount=spoken_amount)
        today = today_progress(db_session(handler_input), owner, now)
        return with_goal_question(handler_input, self.ctx, owner, today, logged, progress_words(handler_input, today))


class UndoWaterIntentHandler(SkillRequestHandler):
    """"Undo that": take off the last drink logged."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("UndoWaterIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        removed = undo_last_water(db_session(handler_input), owner)
        if removed is None:
            return coach_reply(handler_input, say("coach.undone.nothing"))
        today = today_progress(db_session(handler_input), owner, self.ctx.clock())
        undone = say("coach.undone.water", amount=units_of(handler_input).amount(removed.amount_ml))
        return coach_reply(handler_input, undone, progress_words(handler_input, today))


class WaterProgressIntentHandler(SkillRequestHandler):
    """"How much have I drunk today", "how am I doing": water against the goal, and stretches."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WaterProgressIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        say = speech_of(handler_input).say
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        today = today_progress(db_session(handler_input), owner, self.ctx.clock())
        if today.stretches == 0:
            stretches = say("coach.progress.stretches_none")
        elif today.stretches == 1:
            stretches = say("coach.progress.stretches_one")
        else:
            stretches = say("coach.progress.stretches_many", count=today.stretches)
        return with_goal_question(handler_input, self.ctx, owner, today, progress_words(handler_input, today),
                                  stretches, habit_facts().tips["urine"].say)


class SetWaterGoalIntentHandler(SkillRequestHandler):
    """"Set my water goal to 2 litres", or an answer to the goal question ("9 cups", "for men", "I sweat a lot")."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetWaterGoalIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        owner = owner_of(handler_input)
        if owner is None:
            return no_user(handler_input)
        goal_for = resolved_slot_ids(handler_input).get("goalFor")
        if goal_for == SWEAT:
            return _sweat(handler_input, self.ctx, owner)
        if goal_for in GOAL_FOR:
            article = GOAL_FOR[goal_for]
            return set_goal_to(handler_input, self.ctx, owner, habit_facts().goals[article].ml, article)
        return set_goal_to(handler_input, self.ctx, owner, amount_ml(handler_input))


def progress_words(handler_input: HandlerInput, today: Today) -> Markup:
    """Today's water against the goal."""
    say, units = speech_of(handler_input).say, units_of(handler_input)
    goal = units.amount(today.goal.ml)
    if today.drunk_ml == 0:
        return say("coach.progress.nothing", goal=goal)
    if today.reached or units.amount(today.drunk_ml) == goal:  # "8 of your 8 cups" is reached, as heard
        return say("coach.progress.reached", drunk=units.amount(today.drunk_ml), goal=goal)
    glasses = units.glasses(today.left_ml)
    glass_words = say("coach.glasses.one") if glasses == 1 else say("coach.glasses.many", count=glasses)
    return say("coach.progress.under", drunk=units.amount(today.drunk_ml), goal=goal, glasses=glass_words)


def with_goal_question(handler_input: HandlerInput, ctx: SkillContext, owner: Owner, today: Today,
                       *texts: str) -> Response:
    """The reply, asking once which of the articles' goals applies while none was chosen."""
    if today.goal.asked:
        return coach_reply(handler_input, *texts)
    note_goal_asked(db_session(handler_input), owner, ctx.clock())
    facts = habit_facts()
    set_pending(handler_input, WATER_GOAL)
    example = units_of(handler_input).amount(facts.goals["women"].ml)
    question = speech_of(handler_input).say("coach.goal.question", example=example)
    return coach_reply(handler_input, *texts, facts.goals["women"].say, facts.goals["men"].say,
                       facts.tips["sweat"].say, question=question)


def set_goal_to(handler_input: HandlerInput, ctx: SkillContext, owner: Owner, amount: int | None,
                article: str | None = None) -> Response:
    """Set the goal to ``amount`` (the articles' goal for ``article``, if named), or ask again for one."""
    say, units = speech_of(handler_input).say, units_of(handler_input)
    sweating = bool((pending(handler_input, WATER_GOAL) or {}).get("sweat"))
    if amount is None:
        set_pending(handler_input, WATER_GOAL, sweat=sweating)
        return coach_reply(handler_input, question=say("coach.ask_goal_amount"))
    try:
        goal = set_goal(db_session(handler_input), owner, amount, ctx.clock())
    except HabitError as error:
        set_pending(handler_input, WATER_GOAL, sweat=sweating)
        problem = say(f"coach.goal.{error.reason.removeprefix('goal_')}", least=units.amount(MIN_GOAL_ML),
                      most=units.amount(MAX_GOAL_ML))
        return coach_reply(handler_input, problem, question=say("coach.ask_goal_amount"))
    today = today_progress(db_session(handler_input), owner, ctx.clock())
    done = say(f"coach.goal.set_for.{article}" if article else "coach.goal.set", goal=units.amount(goal.ml))
    more = say("coach.goal.sweat_raise") if sweating and article else ""
    return coach_reply(handler_input, done, more, progress_words(handler_input, today))


def _sweat(handler_input: HandlerInput, ctx: SkillContext, owner: Owner) -> Response:
    """"I sweat a lot": the articles say more, but not how much; a chosen goal stays the base, else ask which."""
    say, units, facts = speech_of(handler_input).say, units_of(handler_input), habit_facts()
    session = db_session(handler_input)
    goal = goal_of(session, owner)
    if goal.chosen:
        return coach_reply(handler_input, facts.tips["sweat"].say,
                           say("coach.goal.sweat_kept", goal=units.amount(goal.ml)))
    note_goal_asked(session, owner, ctx.clock())
    set_pending(handler_input, WATER_GOAL, sweat=True)
    which = say("coach.goal.sweat_base", women=units.amount(facts.goals["women"].ml),
                men=units.amount(facts.goals["men"].ml))
    return coach_reply(handler_input, facts.tips["sweat"].say, question=which)


def _drunk_at(handler_input: HandlerInput, owner: Owner, now: datetime) -> datetime:
    """Now, "an hour ago", "at 3 PM" or "at lunch" (today, in the owner's zone)."""
    ago = getattr(get_slot(handler_input, "ago"), "value", None)
    if ago:
        return now - timedelta(minutes=minutes_of(ago))
    moment = resolved_slot_ids(handler_input).get("moment")
    spoken_time = getattr(get_slot(handler_input, "time"), "value", None)
    wall = MOMENTS.get(moment) if moment else clock_of(spoken_time) if spoken_time else None
    if wall is None:
        return now
    return datetime.combine(owner.today(now), wall, owner.zone)
