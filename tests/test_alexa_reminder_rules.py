"""Schedules as Alexa reminders: RFC 5545 rules for the local clock times, and the request body."""
from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from models import ReminderSchedule
from reminders.alexa_reminder import recurrence_rules, reminder_request


def schedule(**fields) -> ReminderSchedule:
    defaults = dict(kind="hydration", recurrence="daily", interval_minutes=None, window_start=None, window_end=None,
                    times_of_day=[], weekdays=[], time_zone="Europe/Berlin", quiet_start=None, quiet_end=None,
                    snoozed_until=None)
    return ReminderSchedule(**{**defaults, **fields})


@pytest.mark.parametrize("fields, rules", [
    (dict(recurrence="interval", interval_minutes=120, window_start=time(8), window_end=time(20)),
     ["FREQ=DAILY;BYHOUR=8,10,12,14,16,18,20;BYMINUTE=0;BYSECOND=0"]),
    (dict(recurrence="interval", interval_minutes=45, window_start=time(8), window_end=time(10)),
     ["FREQ=DAILY;BYHOUR=8;BYMINUTE=0,45;BYSECOND=0", "FREQ=DAILY;BYHOUR=9;BYMINUTE=30;BYSECOND=0"]),
    (dict(recurrence="interval", interval_minutes=120, window_start=time(22), window_end=time(2)),
     ["FREQ=DAILY;BYHOUR=0,2,22;BYMINUTE=0;BYSECOND=0"]),
    (dict(times_of_day=["07:00", "21:30"]),
     ["FREQ=DAILY;BYHOUR=7;BYMINUTE=0;BYSECOND=0", "FREQ=DAILY;BYHOUR=21;BYMINUTE=30;BYSECOND=0"]),
    (dict(recurrence="weekly", times_of_day=["06:30"], weekdays=[0, 1, 2, 3, 4]),
     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=6;BYMINUTE=30;BYSECOND=0"]),
    (dict(times_of_day=["07:00", "23:00"], quiet_start=time(22), quiet_end=time(6)),
     ["FREQ=DAILY;BYHOUR=7;BYMINUTE=0;BYSECOND=0"]),
])
def test_schedule_becomes_rfc5545_rules_for_its_local_clock_times(fields, rules):
    assert recurrence_rules(schedule(**fields)) == rules


def test_request_carries_zone_local_times_text_and_a_phone_notification():
    now = datetime(2026, 7, 1, 10, 15, 30, tzinfo=timezone.utc)
    body = reminder_request(schedule(times_of_day=["21:00"]), "Water break", "en-GB", now).to_dict()

    assert body["trigger"]["object_type"] == "SCHEDULED_ABSOLUTE"
    assert body["trigger"]["time_zone_id"] == "Europe/Berlin"
    assert body["request_time"] == datetime(2026, 7, 1, 12, 15, 30)
    assert body["alert_info"]["spoken_info"]["content"] == [{"locale": "en-GB", "text": "Water break", "ssml": None}]
    assert body["push_notification"]["status"] == "ENABLED"


def test_snoozed_schedule_starts_when_the_snooze_ends_across_a_daylight_saving_change():
    # Berlin springs forward at 01:00 UTC on 2026-03-29: 00:30 UTC is 01:30 CET, 02:00 UTC is 04:00 CEST.
    now = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
    snoozed = schedule(times_of_day=["08:00"], snoozed_until=datetime(2026, 3, 29, 2, tzinfo=timezone.utc))

    recurrence = reminder_request(snoozed, "Stretch break", "en-US", now).trigger.recurrence

    assert recurrence.start_date_time == datetime(2026, 3, 29, 4, 0)
    assert recurrence.recurrence_rules == ["FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0"]


def test_quiet_hours_covering_every_time_leave_nothing_to_ring():
    silent = schedule(times_of_day=["23:00"], quiet_start=time(22), quiet_end=time(6))

    assert reminder_request(silent, "Water break", "en-US", datetime(2026, 7, 1, tzinfo=timezone.utc)) is None
