"""Time zones on the pages: typed as a city or an IANA name, suggested, shown per reminder, and the
question whether reminders follow a changed account zone. Clock: Sunday 22 November 2026, 12:00 UTC."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import ReminderSchedule, User
from tests.web.support import add_schedule, csrf_token, make_user, page_text
from tests.web.test_web_reminders import HYDRATION_FORM, schedules


@pytest.mark.parametrize(("typed", "zone"), [
    ("Tokyo", "Asia/Tokyo"), ("london", "Europe/London"), ("new york", "America/New_York"),
    ("Asia/Tokyo", "Asia/Tokyo"), ("asia/tokyo", "Asia/Tokyo"), ("  New_York ", "America/New_York"),
    ("port au prince", "America/Port-au-Prince"), ("utc", "UTC"),
])
def test_reminder_zone_is_found_from_a_city_or_its_name(browser, db_session, typed, zone):
    assert browser.post("/reminders/new", {**HYDRATION_FORM, "time_zone": typed}).status_code == 302
    assert schedules(db_session)[0].time_zone == zone


@pytest.mark.parametrize(("typed", "zone"), [("tokyo", "Asia/Tokyo"), ("New York", "America/New_York")])
def test_account_zone_is_found_from_a_city(browser, db_session, typed, zone):
    assert browser.post("/account", {"time_zone": typed}).status_code == 302
    db_session.rollback()
    assert db_session.scalar(select(User.time_zone)) == zone


def test_unknown_city_is_refused_beside_the_field(browser, db_session):
    response = browser.post("/reminders/new", {**HYDRATION_FORM, "time_zone": "Atlantis"})
    assert "'Atlantis' is not a time zone I know; type a city such as Tokyo" in page_text(response)
    assert 'id="time_zone-error"' in response.get_data(as_text=True)


def test_zone_field_offers_every_zone_by_city_to_pick_from(browser):
    for path in ("/reminders/new", "/account"):
        html = browser.get(path).get_data(as_text=True)
        assert re.search(r'<input[^>]*list="time-zones"[^>]*name="time_zone"', html), path
        assert '<option value="Asia/Tokyo">Tokyo</option>' in html and '<option value="UTC">UTC</option>' in html
        assert "data-device-zone hidden" in html, path  # shown by the script when this device's zone differs


def test_preview_finds_a_zone_typed_as_a_city(browser):
    answer = browser.get("/reminders/preview", query_string={**HYDRATION_FORM, "time_zone": "tokyo"}).get_json()
    assert answer["words"] == "Every 90 minutes, 9 am–6 pm, Asia/Tokyo" and answer["next"].startswith("tomorrow 9 am")


def test_edit_form_mentions_the_account_zone_when_the_reminder_is_elsewhere(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), at="08:00", time_zone="Europe/London")
    page = page_text(browser.get(f"/reminders/{schedule_id}/edit"))
    assert "Your account's zone is Europe/Berlin." in page
    same_id = add_schedule(db_session, user, clock(), at="08:00")
    assert "Your account's zone is" not in page_text(browser.get(f"/reminders/{same_id}/edit"))


def test_next_times_are_in_each_reminders_own_zone(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="08:00", time_zone="Europe/London", label="London")
    user.time_zone = "America/New_York"
    db_session.commit()
    page = page_text(browser.get("/"))
    assert "Mon 23 Nov, 8 am GMT" in page and "EST" not in page


def test_changing_the_account_zone_asks_to_move_the_reminders_listing_them(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="08:00", label="Morning")
    add_schedule(db_session, user, clock(), at="21:00", time_zone="Europe/London", label="London evening")
    response = browser.post("/account", {"time_zone": "Tokyo"})
    assert response.headers["Location"].partition("#")[0] == "/account/move-reminders?from=Europe/Berlin"
    asked = browser.get(response.headers["Location"])
    page = page_text(asked)
    assert "Move your reminders to Asia/Tokyo too?" in page and "a reminder at 8 am rings at 8 am in Asia/Tokyo" in page
    assert "Hydration: Morning: daily at 8 am, Europe/Berlin" in page
    assert "Hydration: London evening: daily at 9 pm, Europe/London" in page
    html = asked.get_data(as_text=True)
    ticked = re.findall(r'<input type="checkbox" id="move-(\d+)" name="schedule" value="\d+"( checked)?>', html)
    assert [bool(mark) for _, mark in ticked] == [True, False]  # only those in the old zone start ticked


def test_moving_reminders_keeps_their_wall_clock_times(browser, db_session, user, clock):
    morning = add_schedule(db_session, user, clock(), at="08:00", label="Morning")
    london = add_schedule(db_session, user, clock(), at="21:00", time_zone="Europe/London", label="London")
    browser.post("/account", {"time_zone": "Asia/Tokyo"})
    response = browser.post("/account/move-reminders", {"zone": "Asia/Tokyo", "schedule": [str(morning)]})
    assert response.status_code == 302 and response.headers["Location"].startswith("/")
    moved, kept = schedules(db_session)
    assert (moved.id, moved.time_zone, moved.times_of_day) == (morning, "Asia/Tokyo", ["08:00"])
    assert (kept.id, kept.time_zone) == (london, "Europe/London")
    page = page_text(browser.get("/"))
    assert "Moved 1 reminder to Asia/Tokyo; they keep their times of day." in page
    assert "Mon 23 Nov, 8 am JST" in page and "Sun 22 Nov, 9 pm GMT" in page


def test_keeping_reminders_where_they_are_moves_nothing(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="08:00")
    browser.post("/account", {"time_zone": "Asia/Tokyo"})
    response = browser.post("/account/move-reminders", {"zone": "Asia/Tokyo"})
    assert "Your reminders stay in their own zones." in page_text(browser.get(response.headers["Location"]))
    assert schedules(db_session)[0].time_zone == "Europe/Berlin"


def test_zone_change_with_every_reminder_already_there_asks_nothing(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="08:00", time_zone="Asia/Tokyo")
    response = browser.post("/account", {"time_zone": "Asia/Tokyo"})
    assert response.headers["Location"].partition("#")[0] == "/account"
    assert browser.get("/account/move-reminders").headers["Location"].partition("#")[0] == "/account"


def test_moving_is_refused_when_the_zone_changed_meanwhile(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="08:00")
    browser.post("/account", {"time_zone": "Asia/Tokyo"})
    response = browser.post("/account/move-reminders", {"zone": "Europe/London", "schedule": ["1"]})
    assert "Your time zone changed meanwhile; nothing was moved." in page_text(browser.get(response.headers["Location"]))
    assert schedules(db_session)[0].time_zone == "Europe/Berlin"


def test_moving_never_touches_another_users_reminder(app, browser, db_session, user, clock):
    other = make_user(db_session, "amzn1.ask.account.OTHER", clock(), time_zone="UTC")
    other_id = add_schedule(db_session, other, clock(), at="08:00")
    mine = add_schedule(db_session, user, clock(), at="08:00", time_zone="Europe/London")
    browser.post("/account", {"time_zone": "Asia/Tokyo"})
    page = page_text(browser.get("/account/move-reminders"))
    assert f"move-{other_id}" not in browser.get("/account/move-reminders").get_data(as_text=True)
    assert "Europe/London" in page
    browser.post("/account/move-reminders", {"zone": "Asia/Tokyo", "schedule": [str(other_id), str(mine)]})
    db_session.rollback()
    zones = dict(db_session.execute(select(ReminderSchedule.id, ReminderSchedule.time_zone)).all())
    assert zones == {other_id: "Europe/Berlin", mine: "Asia/Tokyo"}


def test_moving_needs_the_forms_csrf_token(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="08:00")
    browser.post("/account", {"time_zone": "Asia/Tokyo"})
    response = browser.post("/account/move-reminders", {"zone": "Asia/Tokyo", "schedule": ["1"]}, token=False)
    assert response.status_code == 400
    assert schedules(db_session)[0].time_zone == "Europe/Berlin"
    assert csrf_token(browser.get("/account/move-reminders").get_data(as_text=True))
