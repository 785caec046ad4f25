"""The reminders pages: the list, creating and editing every kind of schedule, pause, resume,
snooze and delete. The clock is pinned at Sunday 22 November 2026, 12:00 UTC (13:00 in Berlin)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import ReminderSchedule
from tests.web.support import add_schedule, page_text

HYDRATION_FORM = {"kind": "hydration", "label": "", "repeat": "interval", "every": "90", "window_start": "09:00",
                  "window_end": "18:00", "times": "", "quiet_start": "", "quiet_end": "", "time_zone": "Europe/Berlin"}


def schedules(db_session) -> list[ReminderSchedule]:
    db_session.rollback()  # a fresh snapshot: the app committed through its own connection
    return db_session.scalars(select(ReminderSchedule).order_by(ReminderSchedule.id)).all()


def test_list_shows_voice_made_schedule_in_words_with_status_and_next_three_times(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h", between="08:00-20:00")
    page = page_text(browser.get("/"))
    assert "Hydration" in page and "Active" in page
    assert "every 2 hours, 8 am–8 pm, Europe/Berlin" in page
    assert "Sun 22 Nov, 2 pm CET Sun 22 Nov, 4 pm CET Sun 22 Nov, 6 pm CET" in page


def test_list_shows_next_times_in_the_reminders_own_time_zone(browser, db_session, user, clock):
    user.time_zone = "America/New_York"
    db_session.commit()
    add_schedule(db_session, user, clock(), at="21:00", time_zone="Europe/Berlin")
    page = page_text(browser.get("/"))
    assert "daily at 9 pm, Europe/Berlin" in page
    assert "Sun 22 Nov, 9 pm CET Mon 23 Nov, 9 pm CET Tue 24 Nov, 9 pm CET" in page


def test_empty_list_offers_to_create_each_kind(browser):
    response = browser.get("/")
    assert "No reminders yet" in page_text(response)
    html = response.get_data(as_text=True)
    for kind in ("hydration", "stretch", "warm_up"):
        assert f'href="/reminders/new?kind={kind}"' in html


def test_new_reminder_form_starts_with_the_kind_asked_for_and_the_users_time_zone(browser):
    html = browser.get("/reminders/new?kind=warm_up").get_data(as_text=True)
    assert re.search(r'<input checked id="kind-2"[^>]*value="warm_up">', html)
    assert re.search(r'<input[^>]*name="time_zone"[^>]*value="Europe/Berlin"', html)


def test_create_interval_hydration_reminder_saves_and_lists_it(browser, db_session):
    response = browser.post("/reminders/new", HYDRATION_FORM)
    assert response.status_code == 302 and response.headers["Location"] == "/#reminder-1-message"
    page = page_text(browser.get("/"))
    assert "Reminder saved." in page
    assert "every 90 minutes, 9 am–6 pm, Europe/Berlin" in page
    assert "Sun 22 Nov, 1:30 pm CET Sun 22 Nov, 3 pm CET Sun 22 Nov, 4:30 pm CET" in page
    [schedule] = schedules(db_session)
    assert (schedule.kind, schedule.recurrence, schedule.interval_minutes) == ("hydration", "interval", 90)


def test_create_weekly_stretch_with_label_and_quiet_hours(browser, db_session):
    form = {**HYDRATION_FORM, "kind": "stretch", "label": "Evening calves", "repeat": "weekly",
            "times": "7:30 pm, 21:00", "days": ["0", "3"], "quiet_start": "22:00", "quiet_end": "07:00",
            "time_zone": "America/Chicago"}
    assert browser.post("/reminders/new", form).status_code == 302
    page = page_text(browser.get("/"))
    assert "Stretch: Evening calves" in page
    assert "Mondays and Thursdays at 7:30 pm and 9 pm, America/Chicago, quiet 10 pm–7 am" in page
    [schedule] = schedules(db_session)
    assert schedule.weekdays == [0, 3] and schedule.times_of_day == ["19:30", "21:00"]


def test_create_daily_warm_up_ignores_the_hidden_interval_fields(browser, db_session):
    form = {**HYDRATION_FORM, "kind": "warm_up", "repeat": "daily", "times": "07:00", "every": "nonsense"}
    assert browser.post("/reminders/new", form).status_code == 302
    [schedule] = schedules(db_session)
    assert (schedule.kind, schedule.recurrence, schedule.times_of_day) == ("warm_up", "daily", ["07:00"])


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"repeat": "daily", "times": ""}, "times", "Give at least one time of day"),
    ({"repeat": "daily", "times": "25:00"}, "times", "is not a time of day"),
    ({"repeat": "daily", "times": ", ".join(f"{hour:02d}:00" for hour in range(6, 19))}, "times",
     "At most 12 times of day per reminder."),
    ({"repeat": "weekly", "times": "08:00"}, "days", "Tick at least one day."),
    ({"window_start": "", "window_end": "18:00"}, "window_start", "Give the time reminders start each day."),
    ({"window_end": ""}, "window_end", "Give the time reminders stop each day."),
    ({"window_start": "09:00", "window_end": "09:00"}, "window_end",
     "A time range needs different start and end times."),
    ({"window_start": "9 o'clock"}, "window_start", "is not a time of day"),
    ({"every": "5"}, "every", "Reminders can come at most every 15 minutes."),
    ({"quiet_start": "22:00"}, "quiet_end", "Give both ends of the quiet hours, or neither."),
    ({"quiet_start": "noonish", "quiet_end": "07:00"}, "quiet_start", "is not a time of day"),
    ({"label": "x" * 81}, "label", "A label can be at most 80 characters."),
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "is not a time zone I know"),
])
def test_invalid_reminder_shows_plain_error_beside_the_field_and_saves_nothing(browser, db_session, changes,
                                                                               field, message):
    response = browser.post("/reminders/new", {**HYDRATION_FORM, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1).replace("&#39;", "'")
    assert f'aria-describedby="{field}-error"' in html or f'aria-describedby="{field}-hint {field}-error"' in html
    assert "Please fix" in page_text(response)
    assert db_session.scalar(select(func.count()).select_from(ReminderSchedule)) == 0


def test_invalid_reminder_keeps_what_was_typed(browser):
    response = browser.post("/reminders/new", {**HYDRATION_FORM, "label": "Desk water", "window_end": ""})
    html = response.get_data(as_text=True)
    assert 'value="Desk water"' in html and 'value="09:00"' in html


def test_edit_form_is_filled_with_the_schedule(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), kind="stretch", at="07:15, 19:00", days="sat,sun",
                               label="Weekend", quiet="23:00-06:00")
    html = browser.get(f"/reminders/{schedule_id}/edit").get_data(as_text=True)
    assert 'value="07:15, 19:00"' in html and 'value="Weekend"' in html
    assert re.search(r'<input checked id="repeat-2"[^>]*value="weekly">', html)
    assert '<input checked id="days-5" name="days" type="checkbox" value="5">' in html
    assert 'value="23:00"' in html and 'value="06:00"' in html


def test_edit_changes_interval_to_daily_times(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    form = {**HYDRATION_FORM, "repeat": "daily", "times": "09:00, 15:00"}
    assert browser.post(f"/reminders/{schedule_id}/edit", form).status_code == 302
    page = page_text(browser.get("/"))
    assert "daily at 9 am and 3 pm, Europe/Berlin" in page and "Changes saved." in page
    assert "Sun 22 Nov, 3 pm CET Mon 23 Nov, 9 am CET" in page


def test_edit_with_an_error_changes_nothing(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", label="Before")
    response = browser.post(f"/reminders/{schedule_id}/edit", {**HYDRATION_FORM, "label": "After", "times": "",
                                                               "repeat": "daily"})
    assert "Give at least one time of day" in page_text(response)
    [schedule] = schedules(db_session)
    assert (schedule.label, schedule.recurrence, schedule.interval_minutes) == ("Before", "interval", 120)


def test_edit_keeps_an_interval_made_by_voice_that_the_menu_does_not_list(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="100m")
    html = browser.get(f"/reminders/{schedule_id}/edit").get_data(as_text=True)
    assert '<option selected value="100">Every 100 minutes</option>' in html


def test_pause_then_resume(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    assert browser.post(f"/reminders/{schedule_id}/pause").status_code == 302
    page = page_text(browser.get("/"))
    assert "Hydration is paused." in page and "Paused" in page and "Next" not in page
    assert schedules(db_session)[0].enabled is False
    browser.post(f"/reminders/{schedule_id}/resume")
    page = page_text(browser.get("/"))
    assert "Active" in page and "Sun 22 Nov, 2 pm CET" in page


def test_snooze_hides_the_next_times_until_it_ends(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    assert browser.post(f"/reminders/{schedule_id}/snooze", {"minutes": "240"}).status_code == 302
    page = page_text(browser.get("/"))
    assert "Snoozed until Sun 22 Nov, 5 pm CET" in page
    assert "Next Sun 22 Nov, 6 pm CET Sun 22 Nov, 8 pm CET Mon 23 Nov, 8 am CET" in page


def test_snooze_with_a_length_not_offered_is_refused(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    browser.post(f"/reminders/{schedule_id}/snooze", {"minutes": "999999"})
    assert "Pick how long to snooze for." in page_text(browser.get("/"))
    assert schedules(db_session)[0].snoozed_until is None


def test_delete_asks_first_then_deletes(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", label="Desk")
    confirm = browser.get(f"/reminders/{schedule_id}/delete")
    assert "Delete Hydration: Desk?" in page_text(confirm) and "cannot be undone" in page_text(confirm)
    assert len(schedules(db_session)) == 1
    assert browser.post(f"/reminders/{schedule_id}/delete").status_code == 302
    assert "Hydration: Desk is deleted." in page_text(browser.get("/"))
    assert schedules(db_session) == []
    assert browser.get(f"/reminders/{schedule_id}/edit").status_code == 404


def test_label_with_markup_is_shown_as_text(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h", label='<script>alert("x")</script>')
    html = browser.get("/").get_data(as_text=True)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_list_says_a_reminder_cannot_be_delivered_and_why(browser, db_session, user, clock):
    user.alexa_reminders_allowed = False
    db_session.commit()
    add_schedule(db_session, user, clock(), every="2h", between="08:00-20:00")
    page = page_text(browser.get("/"))
    assert "Can't be delivered: Alexa reminders are not allowed for Cramp Coach" in page
