"""Recurrence in local time, on the real 2026 DST transition dates of three zones."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from reminders.recurrence import Daily, Interval, Recurrence, Weekly, Window

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
SYDNEY = ZoneInfo("Australia/Sydney")
UTC = timezone.utc


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def fires_on(rule: Recurrence, day: date) -> list[datetime]:
    """Every occurrence whose local date is ``day``, as UTC instants."""
    start = datetime.combine(day, time(0), tzinfo=rule.zone).astimezone(UTC) - timedelta(seconds=1)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=rule.zone).astimezone(UTC) - timedelta(seconds=1)
    first = rule.next_after(start)
    return list(rule.occurrences(first, end))


def upcoming(rule: Recurrence, now: datetime, count: int) -> list[datetime]:
    """The next ``count`` occurrences after ``now``, in the rule's local time."""
    return [moment.astimezone(rule.zone) for moment in islice(rule.following(now), count)]


@pytest.mark.parametrize("zone, day, offset_before, offset_after", [
    (NEW_YORK, date(2026, 3, 8), -5, -4), (NEW_YORK, date(2026, 11, 1), -4, -5),
    (BERLIN, date(2026, 3, 29), 1, 2), (BERLIN, date(2026, 10, 25), 2, 1),
    (SYDNEY, date(2026, 10, 4), 10, 11), (SYDNEY, date(2026, 4, 5), 11, 10),
])
def test_transition_dates_used_below_are_the_real_2026_dst_changes(zone, day, offset_before, offset_after):
    before = datetime.combine(day - timedelta(days=1), time(12), tzinfo=zone).utcoffset()
    after = datetime.combine(day + timedelta(days=1), time(12), tzinfo=zone).utcoffset()
    assert (before, after) == (timedelta(hours=offset_before), timedelta(hours=offset_after))


@pytest.mark.parametrize("zone, spring_forward, expected_utc", [
    (NEW_YORK, date(2026, 3, 8), utc(2026, 3, 8, 7, 30)),    # 03:30 EDT
    (BERLIN, date(2026, 3, 29), utc(2026, 3, 29, 1, 30)),    # 03:30 CEST
    (SYDNEY, date(2026, 10, 4), utc(2026, 10, 3, 16, 30)),   # 03:30 AEDT
])
def test_daily_time_skipped_by_spring_forward_fires_once_shifted_by_the_gap(zone, spring_forward, expected_utc):
    rule = Daily(zone, (time(2, 30),))

    fired = fires_on(rule, spring_forward)

    assert fired == [expected_utc]
    assert fired[0].astimezone(zone).time() == time(3, 30)


@pytest.mark.parametrize("zone, fall_back, expected_utc", [
    (NEW_YORK, date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),   # the first 01:30, still EDT
    (BERLIN, date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),   # the first 02:30, still CEST
    (SYDNEY, date(2026, 4, 5), utc(2026, 4, 4, 15, 30)),      # the first 02:30, still AEDT
])
def test_daily_time_repeated_by_fall_back_fires_once_at_its_first_occurrence(zone, fall_back, expected_utc):
    wall = time(1, 30) if zone is NEW_YORK else time(2, 30)
    rule = Daily(zone, (wall,))

    assert fires_on(rule, fall_back) == [expected_utc]


def test_daily_times_keep_their_local_clock_time_on_both_sides_of_a_transition():
    rule = Daily(BERLIN, (time(8), time(21)))

    before = fires_on(rule, date(2026, 3, 28))
    after = fires_on(rule, date(2026, 3, 30))

    assert [moment.astimezone(BERLIN).time() for moment in before + after] == [time(8), time(21)] * 2
    assert [moment.hour for moment in before] == [7, 20] and [moment.hour for moment in after] == [6, 19]


def test_two_daily_times_that_the_gap_maps_together_fire_once():
    rule = Daily(NEW_YORK, (time(2, 30), time(3, 30)))

    assert fires_on(rule, date(2026, 3, 8)) == [utc(2026, 3, 8, 7, 30)]


def test_interval_window_across_spring_forward_counts_real_time_without_gaps_or_doubles():
    rule = Interval(NEW_YORK, timedelta(hours=1), Window(time(0), time(6)))

    fired = fires_on(rule, date(2026, 3, 8))

    assert all(later - earlier == timedelta(hours=1) for earlier, later in zip(fired, fired[1:]))
    assert [moment.astimezone(NEW_YORK).hour for moment in fired] == [0, 1, 3, 4, 5, 6]


def test_interval_window_across_fall_back_counts_real_time_through_the_repeated_hour():
    rule = Interval(NEW_YORK, timedelta(hours=1), Window(time(0), time(6)))

    fired = fires_on(rule, date(2026, 11, 1))

    assert len(fired) == len(set(fired)) == 8
    assert all(later - earlier == timedelta(hours=1) for earlier, later in zip(fired, fired[1:]))
    assert fired[-1].astimezone(NEW_YORK).time() == time(6)


@pytest.mark.parametrize("zone, day", [(BERLIN, date(2026, 3, 29)), (SYDNEY, date(2026, 4, 5)),
                                       (NEW_YORK, date(2026, 11, 1))])
def test_daytime_interval_window_on_a_transition_day_keeps_its_wall_clock_times(zone, day):
    rule = Interval(zone, timedelta(hours=2), Window(time(8), time(20)))

    fired = fires_on(rule, day)

    assert [moment.astimezone(zone).hour for moment in fired] == [8, 10, 12, 14, 16, 18, 20]


def test_interval_window_past_midnight_continues_into_the_next_day():
    rule = Interval(BERLIN, timedelta(hours=1), Window(time(22), time(2)))
    start = datetime(2026, 6, 1, 21, 0, tzinfo=BERLIN)

    fired = upcoming(rule, start, 6)

    assert [(moment.day, moment.hour) for moment in fired] == [(1, 22), (1, 23), (2, 0), (2, 1), (2, 2), (2, 22)]


def test_weekly_rule_fires_only_on_its_days_at_its_time():
    rule = Weekly(BERLIN, (time(18),), days=(0, 2, 4))
    saturday = datetime(2026, 6, 6, 12, tzinfo=BERLIN)

    fired = upcoming(rule, saturday, 4)

    assert [(moment.strftime("%a"), moment.hour) for moment in fired] == [
        ("Mon", 18), ("Wed", 18), ("Fri", 18), ("Mon", 18)]


def test_weekly_rule_on_a_fall_back_sunday_fires_once():
    rule = Weekly(SYDNEY, (time(2, 30),), days=(6,))

    assert fires_on(rule, date(2026, 4, 5)) == [utc(2026, 4, 4, 15, 30)]


def test_next_after_an_occurrence_is_the_following_one_not_the_same():
    rule = Daily(BERLIN, (time(9),))
    nine = datetime(2026, 6, 1, 9, tzinfo=BERLIN).astimezone(UTC)

    assert rule.next_after(nine) == nine + timedelta(days=1)


@pytest.mark.parametrize("wall, inside", [(time(21, 59), False), (time(22), True), (time(3), True),
                                          (time(7), False)])
def test_quiet_window_wrapping_midnight_covers_the_night_only(wall, inside):
    instant = datetime.combine(date(2026, 6, 1), wall, tzinfo=BERLIN)

    assert Window(time(22), time(7)).holds(instant, BERLIN) is inside
