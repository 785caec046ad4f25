"""Reminders by voice through ``POST /alexa``: create, the follow-up questions, bad input,
list, next, missed, pause, resume, snooze and delete with confirmation; the Alexa side at the stand-in.

The clock reads Sunday 2026-11-22 12:00 UTC: 7 AM in New York, the test device's time zone.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from models import DeliveryLog
from tests.alexa.data import stored
from tests.alexa.envelopes import (
    OTHER_USER,
    Talk,
    builtin,
    custom,
    custom_list,
    kind,
    speech,
)

WATER = kind("drink water", "HYDRATION")
STRETCH = kind("stretch", "STRETCH")


@pytest.fixture
def allowed(talk) -> Talk:
    talk.grant()
    return talk


def test_every_two_hours_becomes_a_schedule_and_a_daily_alexa_reminder_in_the_device_zone(allowed, stand_in,
                                                                                           db_session):
    reply = speech(allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H")))

    assert "every 2 hours, from 8 AM to 8 PM" in reply and "today at 8 AM" in reply
    assert "ring on your Alexa devices" in reply
    [schedule] = stored(db_session)
    assert (schedule.kind, schedule.interval_minutes, schedule.time_zone) == ("hydration", 120, "America/New_York")
    [reminder] = stand_in.user_reminders(allowed.user_id)
    assert reminder["trigger"]["timeZoneId"] == "America/New_York"
    assert reminder["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=8,10,12,14,16,18,20;BYMINUTE=0;BYSECOND=0"]
    assert schedule.alexa_alert_token in stand_in.reminders


def test_nine_pm_every_day_rings_daily_at_21_00(allowed, stand_in, db_session):
    reply = speech(allowed.intent("CreateReminderIntent", kind=STRETCH, time=builtin("21:00")))

    assert "every day at 9 PM" in reply and "today at 9 PM" in reply
    [reminder] = stand_in.user_reminders(allowed.user_id)
    assert reminder["trigger"]["recurrence"]["recurrenceRules"] == ["FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0"]
    assert stored(db_session)[0].times_of_day == ["21:00"]


def test_mondays_wednesdays_and_fridays_at_six_pm_rings_weekly_on_those_days(allowed, stand_in):
    days = custom_list("REMINDER_DAY", ("mondays", "MO"), ("wednesdays", "WE"), ("fridays", "FR"))
    reply = speech(allowed.intent("CreateReminderIntent", kind=kind("warm up", "WARM_UP"), days=days,
                                  time=builtin("18:00")))

    assert "on Mondays, Wednesdays and Fridays at 6 PM" in reply and "tomorrow at 6 PM" in reply
    [reminder] = stand_in.user_reminders(allowed.user_id)
    assert reminder["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=18;BYMINUTE=0;BYSECOND=0"]


def test_every_ninety_minutes_between_nine_and_five_keeps_to_the_window(allowed, stand_in, db_session):
    reply = speech(allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT1H30M"),
                                  windowStart=builtin("09:00"), windowEnd=builtin("17:00")))

    assert "every 90 minutes, from 9 AM to 5 PM" in reply
    [reminder] = stand_in.user_reminders(allowed.user_id)
    assert reminder["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=9,12,15;BYMINUTE=0;BYSECOND=0", "FREQ=DAILY;BYHOUR=10,13,16;BYMINUTE=30;BYSECOND=0"]
    assert (stored(db_session)[0].window_start, stored(db_session)[0].window_end) == (time(9), time(17))


def test_reminder_without_a_when_asks_for_one_and_the_answer_completes_it(allowed, db_session):
    question = speech(allowed.intent("CreateReminderIntent", kind=STRETCH))
    assert "When should I send your stretch reminder" in question
    assert stored(db_session) == []

    reply = speech(allowed.intent("CreateReminderIntent", time=builtin("21:00")))

    assert "every day at 9 PM" in reply
    assert [schedule.kind for schedule in stored(db_session)] == ["stretch"]


@pytest.mark.parametrize("slots, heard", [
    ({"kind": WATER, "time": builtin("25:00")}, "isn't a time of day"),
    ({"kind": WATER, "interval": builtin("PT10M")}, "at most every 15 minutes"),
    ({"kind": WATER, "interval": builtin("P2D")}, "longer than a day"),
    ({"kind": STRETCH, "time": builtin("18:00"), "days": custom_list("REMINDER_DAY", ("someday", None))},
     "which days"),
    ({"kind": kind("walk the dog", None), "interval": builtin("PT2H")}, "drink water, to stretch, or to warm up"),
    ({"kind": WATER, "interval": builtin("PT1H"), "windowStart": builtin("08:00"), "windowEnd": builtin("08:00")},
     "start and end of that time range are the same"),
    ({"kind": WATER, "interval": builtin("PT1H"), "time": builtin("09:00")}, "but not both"),
])
def test_impossible_reminder_is_explained_and_nothing_is_stored(allowed, stand_in, db_session, slots, heard):
    reply = speech(allowed.intent("CreateReminderIntent", **slots))

    assert heard in reply
    assert stored(db_session) == []
    assert stand_in.calls_to("POST", "/v1/alerts/reminders") == []


def test_device_time_zone_from_the_settings_api_is_used(allowed, stand_in, db_session):
    stand_in.time_zones[allowed.device_id] = "Europe/Berlin"

    allowed.intent("CreateReminderIntent", kind=STRETCH, time=builtin("21:00"))

    assert stored(db_session)[0].time_zone == "Europe/Berlin"
    assert stand_in.user_reminders(allowed.user_id)[0]["trigger"]["timeZoneId"] == "Europe/Berlin"


def test_settings_api_failure_asks_for_the_zone_and_the_spoken_zone_is_used(allowed, stand_in, db_session):
    stand_in.fail("GET", "System.timeZone", 500, times=5)

    question = speech(allowed.intent("CreateReminderIntent", kind=STRETCH, time=builtin("21:00")))
    assert "Which time zone are you in" in question
    unknown = speech(allowed.intent("SetTimeZoneIntent", zone=custom("TIME_ZONE", "narnia", None)))
    assert "I don't know that time zone" in unknown
    assert stored(db_session) == []
    reply = speech(allowed.intent("SetTimeZoneIntent", zone=custom("TIME_ZONE", "pacific", "America/Los_Angeles")))

    assert "every day at 9 PM" in reply
    assert stored(db_session)[0].time_zone == "America/Los_Angeles"
    assert stand_in.user_reminders(allowed.user_id)[0]["trigger"]["timeZoneId"] == "America/Los_Angeles"
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))
    assert stored(db_session)[1].time_zone == "America/Los_Angeles"


def test_list_and_next_describe_the_users_reminders(allowed):
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))
    allowed.intent("CreateReminderIntent", kind=STRETCH, time=builtin("21:00"))

    listing = speech(allowed.intent("ListRemindersIntent"))
    next_one = speech(allowed.intent("NextReminderIntent"))
    next_stretch = speech(allowed.intent("NextReminderIntent", kind=STRETCH))

    assert "You have 2 reminders" in listing and "water reminder, every 2 hours" in listing
    assert "stretch reminder, every day at 9 PM" in listing
    assert "Your next reminder is water, today at 8 AM" in next_one
    assert "Your next reminder is stretch, today at 9 PM" in next_stretch


def test_what_did_i_miss_counts_the_last_day_and_names_what_did_not_arrive(allowed, db_session, clock):
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))
    [schedule] = stored(db_session)
    for hours_ago, status in ((20, "sent"), (18, "sent"), (16, "missed"), (30, "sent")):
        db_session.add(DeliveryLog(schedule_id=schedule.id, occurs_at=clock() - timedelta(hours=hours_ago),
                                   channel="alexa", status=status, attempts=1, updated_at=clock()))
    db_session.commit()

    reply = speech(allowed.intent("MissedRemindersIntent"))

    assert "In the last day you had 3 water reminders" in reply
    assert "One of them didn't reach you, your water reminder yesterday at 3 PM" in reply


def test_pause_removes_the_speaker_reminder_and_resume_puts_it_back(allowed, stand_in, db_session):
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))
    allowed.intent("CreateReminderIntent", kind=STRETCH, time=builtin("21:00"))
    water_token = stored(db_session)[0].alexa_alert_token

    paused = speech(allowed.intent("PauseReminderIntent", kind=WATER))

    assert "paused your water reminder" in paused
    water, stretch = stored(db_session)
    assert (water.enabled, water.alexa_alert_token, stretch.enabled) == (False, None, True)
    assert water_token not in stand_in.reminders and stretch.alexa_alert_token in stand_in.reminders
    assert "Your next reminder is stretch" in speech(allowed.intent("NextReminderIntent"))

    resumed = speech(allowed.intent("ResumeReminderIntent", kind=WATER))

    assert "your water reminder back on" in resumed and "ring on your Alexa devices" in resumed
    water = stored(db_session)[0]
    assert water.enabled and water.alexa_alert_token in stand_in.reminders


def test_snooze_for_an_hour_skips_until_then_and_moves_the_speaker_reminder(allowed, stand_in, db_session, clock):
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT1H"))

    reply = speech(allowed.intent("SnoozeReminderIntent", kind=WATER, duration=builtin("PT1H")))

    assert "snoozed your water reminder until today at 8 AM" in reply
    schedule = stored(db_session)[0]
    assert schedule.snoozed_until == clock() + timedelta(hours=1)
    [update] = stand_in.calls_to("PUT", "/v1/alerts/reminders/")
    assert update.body["trigger"]["recurrence"]["startDateTime"] == "2026-11-22T08:00:00"


def test_delete_asks_first_and_only_yes_right_after_deletes(allowed, stand_in, db_session):
    allowed.intent("CreateReminderIntent", kind=STRETCH, time=builtin("21:00"))
    token = stored(db_session)[0].alexa_alert_token

    assert "Delete your stretch reminder?" in speech(allowed.intent("DeleteReminderIntent", kind=STRETCH))
    assert "kept it" in speech(allowed.no())
    assert len(stored(db_session)) == 1
    allowed.intent("DeleteReminderIntent", kind=STRETCH)
    allowed.intent("ListRemindersIntent")
    allowed.yes()
    assert len(stored(db_session)) == 1, "a yes after the talk moved on deletes nothing"

    allowed.intent("DeleteReminderIntent", kind=STRETCH)
    done = speech(allowed.yes())

    assert "deleted your stretch reminder" in done
    assert stored(db_session) == [] and token not in stand_in.reminders


def test_one_users_voice_changes_leave_another_users_reminders_alone(allowed, stand_in, db_session, alexa_app, clock):
    other = Talk(alexa_app.test_client(), stand_in, clock, user_id=OTHER_USER, permitted=True)
    other.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))

    allowed.intent("PauseReminderIntent")
    allowed.intent("DeleteReminderIntent")
    allowed.yes()

    [survivor] = stored(db_session)
    assert survivor.user.alexa_user_id == OTHER_USER and survivor.enabled
    assert survivor.alexa_alert_token in stand_in.reminders
    assert "You have one reminder" in speech(other.intent("ListRemindersIntent"))


def test_a_channel_that_always_fails_still_leaves_a_spoken_answer_and_a_stored_schedule(allowed, stand_in, db_session):
    stand_in.fail("POST", "/v1/alerts/reminders", 503, times=10)

    reply = speech(allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H")))

    assert "couldn't reach your Alexa reminders just now" in reply
    [schedule] = stored(db_session)
    assert schedule.alexa_alert_token is None and schedule.alexa_enabled
    assert datetime(2026, 11, 22, 13, tzinfo=timezone.utc) == schedule.next_due_at


@pytest.mark.parametrize("slot, heard", [("time", "isn't a time of day"), ("interval", "didn't catch how often")])
def test_words_alexa_could_not_turn_into_a_value_are_explained(allowed, db_session, slot, heard):
    reply = speech(allowed.intent("CreateReminderIntent", kind=WATER, **{slot: builtin("?")}))

    assert heard in reply
    assert stored(db_session) == []


def test_snooze_longer_than_a_week_is_refused_and_changes_nothing(allowed, db_session):
    allowed.intent("CreateReminderIntent", kind=WATER, interval=builtin("PT2H"))

    reply = speech(allowed.intent("SnoozeReminderIntent", duration=builtin("P10D")))

    assert "up to a week" in reply
    assert stored(db_session)[0].snoozed_until is None
