""""Only when I'm behind": a hydration reminder is skipped while the day's water is on pace.

On pace means the account has drunk at least the goal's share for the part of its drinking day
gone by at the occurrence: from the schedule's window start to its end, or 8 AM to 8 PM when it
has no window. Both the day and its share are read on the local wall clock, so a DST change
(a 23- or 25-hour day) moves neither the day's midnight nor the share of it that has passed.

The worker loads one batch's intake and goals in two queries (``PaceCheck.load``) and asks it
per schedule; the drinks counted are the account's own (the web page, the reminder links and
voice without a recognised speaker), as the schedules belong to the account.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from habits.facts import habit_facts
from habits.goals import DEFAULT_GOAL
from habits.owner import ACCOUNT
from models import ReminderSchedule, WaterGoal, WaterLog

DEFAULT_DRINKING_DAY = (time(8), time(20))
ON_TRACK = "on track"
# A local day is at most 25 hours long (a DST change), and ends at most 14 hours from UTC.
LOOKBACK = timedelta(hours=40)


def expected_ml(goal_ml: int, local_time: time, window: tuple[time, time]) -> int:
    """How much should be drunk by ``local_time`` to keep pace with the goal over ``window``."""
    start, end = (_minutes(moment) for moment in window)
    now = _minutes(local_time)
    if end <= start:  # a window past midnight: its small hours belong to the evening before
        end += 24 * 60
        now += 24 * 60 if now < start else 0
    share = min(1.0, max(0.0, (now - start) / (end - start)))
    return round(goal_ml * share)


def on_pace(drunk_ml: int, goal_ml: int, occurs_at: datetime, zone: ZoneInfo,
            window: tuple[time, time] = DEFAULT_DRINKING_DAY) -> bool:
    """Whether ``drunk_ml`` today keeps up with the goal at the occurrence; nothing drunk is never on pace."""
    if drunk_ml <= 0:
        return False
    return drunk_ml >= expected_ml(goal_ml, occurs_at.astimezone(zone).time(), window)


def drinking_day(schedule: ReminderSchedule) -> tuple[time, time]:
    if schedule.window_start is not None and schedule.window_end is not None:
        return schedule.window_start, schedule.window_end
    return DEFAULT_DRINKING_DAY


def applies_to(schedule: ReminderSchedule) -> bool:
    return schedule.kind == "hydration" and bool(schedule.only_when_behind)


class PaceCheck:
    """The intake and goals of one batch's accounts, for the schedules that hold back when on pace."""

    def __init__(self, drinks: dict[int, list[tuple[datetime, int]]], goals: dict[int, int]):
        self.drinks = drinks
        self.goals = goals

    @classmethod
    def load(cls, session: Session, schedules: Iterable[ReminderSchedule], now: datetime) -> "PaceCheck":
        users = {schedule.user_id for schedule in schedules if applies_to(schedule)}
        drinks: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        goals: dict[int, int] = {}
        if users:
            for user_id, drunk_at, amount in session.execute(
                    select(WaterLog.user_id, WaterLog.drunk_at, WaterLog.amount_ml)
                    .where(WaterLog.user_id.in_(users), WaterLog.person_id == ACCOUNT,
                           WaterLog.drunk_at >= now - LOOKBACK, WaterLog.drunk_at <= now)):
                drinks[user_id].append((drunk_at, amount))
            goals = dict(session.execute(select(WaterGoal.user_id, WaterGoal.goal_ml)
                                         .where(WaterGoal.user_id.in_(users), WaterGoal.person_id == ACCOUNT)).all())
        return cls(drinks, goals)

    def checker_for(self, schedule: ReminderSchedule) -> Callable[[datetime], bool] | None:
        """``occurs_at -> on pace?`` for a schedule set to "only when I'm behind", else None."""
        if not applies_to(schedule):
            return None
        zone = ZoneInfo(schedule.time_zone)
        goal = self.goals.get(schedule.user_id, habit_facts().goals[DEFAULT_GOAL].ml)
        drinks = self.drinks.get(schedule.user_id, [])
        window = drinking_day(schedule)

        def on_track(occurs_at: datetime) -> bool:
            day = occurs_at.astimezone(zone).date()
            return on_pace(_drunk_on(drinks, day, zone), goal, occurs_at, zone, window)

        return on_track


def _drunk_on(drinks: list[tuple[datetime, int]], day: date, zone: ZoneInfo) -> int:
    return sum(amount for drunk_at, amount in drinks if drunk_at.astimezone(zone).date() == day)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute
