"""The daily water goal: the one the person set, or the articles' amount after asking once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from habits.facts import habit_facts
from habits.owner import Owner
from habits.units import MAX_GOAL_ML, MIN_GOAL_ML
from habits.water import HabitError
from models import WaterGoal

DEFAULT_GOAL = "women"
"""The lower of the articles' two amounts, used when the person has not picked one."""


@dataclass(frozen=True)
class Goal:
    ml: int
    chosen: bool
    """False for the default the skill fell back on; True once the person set one."""
    asked: bool
    """Whether the skill has already asked which amount applies."""


def goal_of(session: Session, owner: Owner) -> Goal:
    row = _row(session, owner)
    if row is None:
        return Goal(habit_facts().goals[DEFAULT_GOAL].ml, chosen=False, asked=False)
    return Goal(row.goal_ml, row.chosen, asked=True)


def set_goal(session: Session, owner: Owner, goal_ml: int, now: datetime) -> Goal:
    """Set the daily goal; refuses amounts no article would suggest for a day."""
    if goal_ml < MIN_GOAL_ML:
        raise HabitError("goal_too_small")
    if goal_ml > MAX_GOAL_ML:
        raise HabitError("goal_too_big")
    row = _row(session, owner)
    if row is None:
        row = WaterGoal(user_id=owner.user_id, person_id=owner.person_id, goal_ml=goal_ml, chosen=True, updated_at=now)
        session.add(row)
    row.goal_ml, row.chosen, row.updated_at = goal_ml, True, now
    session.flush()
    return Goal(goal_ml, chosen=True, asked=True)


def note_goal_asked(session: Session, owner: Owner, now: datetime) -> None:
    """Remember the question was asked, so the default stands from now on without asking again."""
    if _row(session, owner) is None:
        session.add(WaterGoal(user_id=owner.user_id, person_id=owner.person_id,
                              goal_ml=habit_facts().goals[DEFAULT_GOAL].ml, chosen=False, updated_at=now))
        session.flush()


def _row(session: Session, owner: Owner) -> WaterGoal | None:
    return session.scalar(select(WaterGoal).where(owner.scope(WaterGoal)))
