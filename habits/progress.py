"""How someone is doing: today's water against the goal, stretches, and the week in summary."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from habits.goals import Goal, goal_of
from habits.owner import Owner
from habits.streaks import Streak, forgiving_streak
from habits.stretches import stretches_per_day
from habits.water import drunk_on, drunk_per_day

STREAK_HORIZON_DAYS = 120


@dataclass(frozen=True)
class Today:
    day: date
    drunk_ml: int
    goal: Goal
    stretches: int

    @property
    def left_ml(self) -> int:
        return max(0, self.goal.ml - self.drunk_ml)

    @property
    def reached(self) -> bool:
        return self.drunk_ml >= self.goal.ml

    @property
    def share(self) -> float:
        return min(1.0, self.drunk_ml / self.goal.ml)


@dataclass(frozen=True)
class Week:
    first: date
    last: date
    days_at_goal: int
    days: int
    stretches: int
    streak: Streak


def today_progress(session: Session, owner: Owner, now: datetime) -> Today:
    day = owner.today(now)
    return Today(day, drunk_on(session, owner, day), goal_of(session, owner),
                 stretches_per_day(session, owner, day, day)[day])


def week_summary(session: Session, owner: Owner, now: datetime) -> Week:
    """The last seven local days including today: days at the water goal, stretches, the streak."""
    today = owner.today(now)
    goal = goal_of(session, owner)
    first = today - timedelta(days=STREAK_HORIZON_DAYS)
    water = drunk_per_day(session, owner, first, today)
    stretches = stretches_per_day(session, owner, first, today)
    week = [today - timedelta(days=offset) for offset in range(7)]
    done = {day for day in water if water[day] >= goal.ml or stretches[day] > 0}
    return Week(week[-1], today, sum(1 for day in week if water[day] >= goal.ml), 7,
                sum(stretches[day] for day in week), forgiving_streak(done, today, STREAK_HORIZON_DAYS))
