"""Reminder schedules as the voice side and web pages use them: create, change, validate, describe."""
from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models import DeliveryLog, NotificationChannel, ReminderSchedule, User
from reminders.parsing import ScheduleError
from reminders.schedules import (create_schedule, delete_schedule, get_schedule, list_schedules,
                                 pause_schedule, resume_schedule, snooze_schedule, update_schedule)
from reminders.spec import ScheduleSpec
from reminders.wording import describe, upcoming
from tests.scheduler.support import make_user

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)  # a Monday, 12:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")
HOURLY = ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", every="2h", between="08:00-20:00")


@pytest.fixture
def user(db_session):
    return make_user(db_session, "amzn1.ask.account.SCHEDULES", NOW)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_create_interval_schedule_stores_rule_and_first_due_time(db_session, user):
    schedule = create_schedule(db_session, user, HOURLY, NOW)
    db_session.commit()

    stored = db_session.get(ReminderSchedule, schedule.id)
    assert (stored.recurrence, stored.interval_minutes, stored.window_start, stored.window_end) == (
        "interval", 120, time(8), time(20))
    assert stored.next_due_at == datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)  # 14:00 Berlin
    assert stored.enabled and stored.alexa_enabled


def test_describe_interval_schedule_reads_as_plain_words(db_session, user):
    assert describe(create_schedule(db_session, user, HOURLY, NOW)) == "every 2 hours, 8 am–8 pm, Europe/Berlin"


@pytest.mark.parametrize("spec, words", [
    (ScheduleSpec(kind="stretch", time_zone="Europe/Berlin", at=["21:00"]), "daily at 9 pm, Europe/Berlin"),
    (ScheduleSpec(kind="stretch", time_zone="America/New_York", at="7:30,12:00", days="mon,wed,fri"),
     "Mondays, Wednesdays and Fridays at 7:30 am and noon, America/New_York"),
    (ScheduleSpec(kind="warm_up", time_zone="Australia/Sydney", at=["6pm"], days="weekdays"),
     "weekdays at 6 pm, Australia/Sydney"),
    (ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", every=60, quiet="12:00-13:00"),
     "every hour, 8 am–8 pm, Europe/Berlin, quiet noon–1 pm"),
])
def test_describe_daily_weekly_and_quiet_schedules(db_session, user, spec, words):
    assert describe(create_schedule(db_session, user, spec, NOW)) == words


def test_upcoming_lists_next_local_fire_times_leaving_out_quiet_hours(db_session, user):
    spec = ScheduleSpec(kind="hydration", time_zone="Europe/Berlin", every="2h", quiet="15:00-17:00")
    schedule = create_schedule(db_session, user, spec, NOW)

    assert [moment.hour for moment in upcoming(schedule, NOW)] == [14, 18, 20]
    assert upcoming(schedule, NOW)[0].tzinfo == BERLIN


@pytest.mark.parametrize("changes, message", [
    ({"at": "25:00", "every": None, "between": None}, "not a time of day"),
    ({"every": "10m"}, "at most every 15 minutes"),
    ({"every": "25h"}, "at most a day"),
    ({"every": "often"}, "not an interval"),
    ({"between": "20:00-20:00"}, "different start and end"),
    ({"between": "8 till 9"}, "not a time range"),
    ({"time_zone": "Mars/Olympus_Mons"}, "not a time zone"),
    ({"every": None, "between": None, "at": "21:00", "days": ""}, "at least one day"),
    ({"every": None, "between": None, "at": "21:00", "days": "mon,funday"}, "not a day of the week"),
    ({"every": None, "between": None, "at": "9:30 pm, 13pm"}, "hour is 1 to 12"),
    ({"at": "21:00"}, "not both"),
    ({"every": None, "between": None}, "Say when"),
    ({"every": None}, "goes with an interval"),
    ({"kind": "yoga"}, "not a reminder kind"),
    ({"notify": ["not a url"]}, "not a notification address"),
    ({"notify": ["foo://bar"]}, "not a notification address"),
    ({"alexa": False}, "somewhere to go"),
    ({"label": "x" * 81}, "at most 80 characters"),
])
def test_create_with_bad_input_raises_plain_words_and_stores_nothing(db_session, user, changes, message):
    spec = dataclasses.replace(HOURLY, **changes)

    with pytest.raises(ScheduleError, match=message):
        create_schedule(db_session, user, spec, NOW)
    db_session.commit()

    assert count(db_session, ReminderSchedule) == 0 and count(db_session, NotificationChannel) == 0


def test_time_zone_and_kind_are_accepted_in_any_letter_case(db_session, user):
    spec = ScheduleSpec(kind="Warm-Up", time_zone="europe/berlin", at="6 pm")

    schedule = create_schedule(db_session, user, spec, NOW)

    assert (schedule.kind, schedule.time_zone) == ("warm_up", "Europe/Berlin")


def test_update_from_interval_to_clock_times_replaces_the_recurrence(db_session, user):
    schedule = create_schedule(db_session, user, HOURLY, NOW)

    update_schedule(db_session, schedule, NOW, at="21:00", days="sat,sun")

    assert describe(schedule) == "weekends at 9 pm, Europe/Berlin"
    assert schedule.next_due_at == datetime(2026, 6, 6, 19, 0, tzinfo=timezone.utc)


def test_update_keeps_unchanged_notification_channels_and_their_ids(db_session, user):
    schedule = create_schedule(db_session, user, dataclasses.replace(HOURLY, notify=["ntfy://one"]), NOW)
    kept_id = schedule.notify_channels[0].id

    update_schedule(db_session, schedule, NOW, notify=["ntfy://one", "ntfy://two"])

    assert [channel.id for channel in schedule.notify_channels][0] == kept_id
    assert [channel.apprise_url for channel in schedule.notify_channels] == ["ntfy://one", "ntfy://two"]


def test_failed_update_leaves_the_schedule_as_it_was(db_session, user):
    schedule = create_schedule(db_session, user, HOURLY, NOW)

    with pytest.raises(ScheduleError):
        update_schedule(db_session, schedule, NOW, every="5m")

    assert schedule.interval_minutes == 120


def test_pause_clears_next_due_and_resume_continues_after_now(db_session, user):
    schedule = create_schedule(db_session, user, HOURLY, NOW)

    pause_schedule(schedule, NOW)
    paused = (schedule.enabled, schedule.next_due_at, upcoming(schedule, NOW), describe(schedule))
    resume_schedule(schedule, NOW + timedelta(days=2))

    assert paused == (False, None, [], "every 2 hours, 8 am–8 pm, Europe/Berlin, paused")
    assert schedule.enabled and schedule.next_due_at == datetime(2026, 6, 3, 12, 0, tzinfo=timezone.utc)


def test_snooze_hides_occurrences_until_its_end_without_moving_the_series(db_session, user):
    schedule = create_schedule(db_session, user, HOURLY, NOW)

    snooze_schedule(schedule, timedelta(hours=3), NOW)

    assert [moment.hour for moment in upcoming(schedule, NOW)] == [16, 18, 20]
    assert schedule.next_due_at == datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("until, message", [(timedelta(0), "in the future"), (timedelta(days=8), "at most a week")])
def test_snooze_outside_limits_is_refused(db_session, user, until, message):
    schedule = create_schedule(db_session, user, HOURLY, NOW)

    with pytest.raises(ScheduleError, match=message):
        snooze_schedule(schedule, until, NOW)
    assert schedule.snoozed_until is None


def test_list_and_get_only_show_the_users_own_schedules(db_session, user):
    other = make_user(db_session, "amzn1.ask.account.OTHER", NOW)
    mine = create_schedule(db_session, user, HOURLY, NOW)
    theirs = create_schedule(db_session, other, HOURLY, NOW)

    assert list_schedules(db_session, user) == [mine]
    with pytest.raises(ScheduleError, match=f"no reminder number {theirs.id}"):
        get_schedule(db_session, user, theirs.id)


def test_delete_removes_schedule_channels_and_delivery_history(db_session, user):
    schedule = create_schedule(db_session, user, dataclasses.replace(HOURLY, notify=["ntfy://x"]), NOW)
    db_session.add(DeliveryLog(schedule_id=schedule.id, occurs_at=NOW, channel="alexa", status="sent",
                               attempts=1, updated_at=NOW))
    db_session.commit()

    delete_schedule(db_session, schedule)
    db_session.commit()

    assert [count(db_session, model) for model in (ReminderSchedule, NotificationChannel, DeliveryLog)] == [0, 0, 0]


def test_deleting_a_user_cascades_to_their_schedules_in_the_database(db_session, user):
    create_schedule(db_session, user, HOURLY, NOW)
    db_session.commit()

    db_session.execute(User.__table__.delete().where(User.id == user.id))
    db_session.commit()

    assert count(db_session, ReminderSchedule) == 0
