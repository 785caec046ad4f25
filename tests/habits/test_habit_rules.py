"""The habit rules without a surface: sourced facts, the forgiving streak, the pace rule across DST."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from habits.facts import habit_facts
from habits.pace import expected_ml, on_pace
from habits.streaks import forgiving_streak
from tests.seeds import assert_quotes_its_seed

NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("fact", habit_facts().all(), ids=lambda fact: fact.say[:40])
def test_every_goal_and_tip_quotes_its_seed_article(fact):
    assert_quotes_its_seed(fact.source, fact.quote)


def test_goals_are_the_articles_amounts_for_women_and_men():
    goals = habit_facts().goals
    assert (goals["women"].ml, goals["women"].cups, goals["men"].ml, goals["men"].cups) == (2200, 9, 3000, 13)


def days_back(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=offset) for offset in offsets}


def test_streak_counts_consecutive_days_and_today_may_still_come():
    assert forgiving_streak(days_back(1, 2, 3), TODAY).days == 3
    assert forgiving_streak(days_back(0, 1, 2, 3), TODAY).days == 4


def test_streak_survives_one_missed_day_and_names_it():
    streak = forgiving_streak(days_back(0, 1, 3, 4, 5), TODAY)
    assert (streak.days, streak.forgiven) == (5, TODAY - timedelta(days=2))


def test_streak_breaks_at_a_second_miss_within_a_week():
    assert forgiving_streak(days_back(0, 2, 4, 5), TODAY).days == 2
    assert forgiving_streak(days_back(0, 1, 4, 5), TODAY).days == 2


def test_streak_forgives_again_a_week_later():
    assert forgiving_streak(days_back(0, 2, 3, 4, 5, 6, 7, 8, 10, 11), TODAY).days == 10


def test_no_days_no_streak():
    assert forgiving_streak(set(), TODAY).days == 0


def test_pace_is_the_goals_share_of_the_drinking_day_gone_by():
    assert expected_ml(2400, time(8), (time(8), time(20))) == 0
    assert expected_ml(2400, time(14), (time(8), time(20))) == 1200
    assert expected_ml(2400, time(21), (time(8), time(20))) == 2400
    assert expected_ml(2400, time(1), (time(20), time(2))) == 2000


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)], ids=["spring forward", "fall back"])
def test_pace_on_a_dst_change_day_reads_the_local_wall_clock(day):
    """2 PM local is half of an 8-to-8 day whether the day is 23 or 25 hours long."""
    two_pm = datetime.combine(day, time(14), NEW_YORK).astimezone(timezone.utc)
    assert on_pace(1100, 2200, two_pm, NEW_YORK)
    assert not on_pace(1099, 2200, two_pm, NEW_YORK)


def test_nothing_drunk_is_never_on_pace_even_before_the_day_starts():
    early = datetime(2026, 11, 22, 11, 0, tzinfo=timezone.utc)  # 6 AM in New York
    assert not on_pace(0, 2200, early, NEW_YORK)
    assert on_pace(50, 2200, early, NEW_YORK)


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)], ids=["spring forward", "fall back"])
def test_pace_across_the_clock_change_itself_counts_wall_clock_hours(day):
    """Midnight to noon spans the change: 6 AM is half of it on the clock (5 or 7 hours really)."""
    six_am = datetime.combine(day, time(6), NEW_YORK)
    assert expected_ml(2200, six_am.astimezone(NEW_YORK).time(), (time(0), time(12))) == 1100
    assert on_pace(1100, 2200, six_am, NEW_YORK, (time(0), time(12)))
    assert not on_pace(1000, 2200, six_am, NEW_YORK, (time(0), time(12)))
