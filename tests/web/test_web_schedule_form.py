"""The reminder form's rules and preview: times typed in words, schedules that could never ring,
an overnight window confirmed once, and the preview drawn with the page and served as JSON.
The clock is pinned at Sunday 22 November 2026, 12:00 UTC (13:00 in Berlin)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import ReminderSchedule
from tests.web.support import add_schedule, make_user, page_text, signed_in_browser
from tests.web.test_web_reminders import HYDRATION_FORM, schedules

DAILY_FORM = {**HYDRATION_FORM, "repeat": "daily", "times": "21:00"}


def error_beside(html: str, field: str) -> str:
    match = re.search(rf'<p class="error" id="{field}-error"[^>]*>(.*?)</p>', html, re.S)
    assert match, f"no error beside {field}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).replace("&#39;", "'").split())


def saved_count(db_session) -> int:
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(ReminderSchedule))


@pytest.mark.parametrize(("typed", "stored"), [
    ("noon", ["12:00"]), ("midnight", ["00:00"]), ("8am", ["08:00"]), ("8 am", ["08:00"]),
    ("8:30pm", ["20:30"]), ("20:00", ["20:00"]), ("noon, 8am, 8:30pm", ["08:00", "12:00", "20:30"]),
])
def test_times_of_day_accept_words_and_am_pm(browser, db_session, typed, stored):
    assert browser.post("/reminders/new", {**DAILY_FORM, "times": typed}).status_code == 302
    assert schedules(db_session)[0].times_of_day == stored


def test_daily_window_and_quiet_hours_accept_words_and_am_pm(browser, db_session):
    form = {**HYDRATION_FORM, "window_start": "8 am", "window_end": "8:30pm", "quiet_start": "noon",
            "quiet_end": "1pm"}
    assert browser.post("/reminders/new", form).status_code == 302
    [schedule] = schedules(db_session)
    assert (schedule.window_start.isoformat(), schedule.window_end.isoformat()) == ("08:00:00", "20:30:00")
    assert (schedule.quiet_start.isoformat(), schedule.quiet_end.isoformat()) == ("12:00:00", "13:00:00")


def test_time_fields_are_typed_text_so_words_can_be_entered(browser):
    html = browser.get("/reminders/new").get_data(as_text=True)
    for name in ("window_start", "window_end", "quiet_start", "quiet_end"):
        assert re.search(rf'<input[^>]*name="{name}"[^>]*type="text"', html), name
    assert "Times like 8 am, noon or 20:00." in page_text(browser.get("/reminders/new"))
    assert '<fieldset class="group only-interval" aria-describedby="window-hint">' in html


@pytest.mark.parametrize("changes", [
    {"window_start": "09:00", "window_end": "18:00", "quiet_start": "08:00", "quiet_end": "19:00"},
    {"window_start": "09:00", "window_end": "18:00", "quiet_start": "9 am", "quiet_end": "6:01 pm"},
    {"repeat": "daily", "times": "22:00, 6 am", "quiet_start": "21:00", "quiet_end": "07:00"},
    {"repeat": "weekly", "days": ["1", "3"], "times": "noon", "quiet_start": "11:00", "quiet_end": "13:00"},
])
def test_schedule_whose_quiet_hours_hide_every_time_is_refused_beside_quiet_hours(browser, db_session, changes):
    response = browser.post("/reminders/new", {**HYDRATION_FORM, **changes})
    assert response.status_code == 200
    message = error_beside(response.get_data(as_text=True), "quiet_end")
    assert "cover every time this reminder would ring, so it would never ring" in message
    assert saved_count(db_session) == 0


def test_quiet_hours_that_leave_some_times_free_are_accepted(browser, db_session):
    form = {**HYDRATION_FORM, "window_start": "09:00", "window_end": "18:00", "quiet_start": "09:00",
            "quiet_end": "17:00"}
    assert browser.post("/reminders/new", form).status_code == 302
    assert saved_count(db_session) == 1


def test_editing_into_a_never_ringing_schedule_changes_nothing(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), at="21:00")
    response = browser.post(f"/reminders/{schedule_id}/edit", {**DAILY_FORM, "quiet_start": "8 pm",
                                                                "quiet_end": "10 pm"})
    assert "would never ring" in error_beside(response.get_data(as_text=True), "quiet_end")
    assert schedules(db_session)[0].quiet_start is None


def test_overnight_window_is_asked_about_once_then_saved_when_confirmed(browser, db_session):
    form = {**HYDRATION_FORM, "window_start": "20:00", "window_end": "08:00"}
    first = browser.post("/reminders/new", form)
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and saved_count(db_session) == 0
    assert error_beside(html, "window_end") == (
        "Error: This runs overnight: from 8 pm until 8 am the next morning. If that is what you want, "
        "tick “Yes, remind me through the night” and save again.")
    assert re.search(r'<input[^>]*name="confirm_overnight"[^>]*type="checkbox"', html)
    assert "Yes, remind me through the night" in page_text(first)
    second = browser.post("/reminders/new", {**form, "confirm_overnight": "y"})
    assert second.status_code == 302
    [schedule] = schedules(db_session)
    assert (schedule.window_start.hour, schedule.window_end.hour) == (20, 8)


def test_daytime_window_shows_no_overnight_question(browser):
    html = browser.get("/reminders/new").get_data(as_text=True)
    assert 'name="confirm_overnight"' not in html


def test_editing_a_reminder_that_already_runs_overnight_is_not_asked_again(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", between="22:00-06:00")
    form = {**HYDRATION_FORM, "every": "60", "window_start": "22:00", "window_end": "06:00"}
    assert browser.post(f"/reminders/{schedule_id}/edit", form).status_code == 302
    assert schedules(db_session)[0].interval_minutes == 60


def test_editing_to_a_different_overnight_window_asks_first(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", between="22:00-06:00")
    form = {**HYDRATION_FORM, "window_start": "21:00", "window_end": "06:00"}
    response = browser.post(f"/reminders/{schedule_id}/edit", form)
    assert "runs overnight" in error_beside(response.get_data(as_text=True), "window_end")
    assert schedules(db_session)[0].window_start.hour == 22


def test_new_form_shows_the_schedule_in_words_and_its_next_times(browser):
    page = page_text(browser.get("/reminders/new"))
    assert "Every 2 hours, 8 am–8 pm, Europe/Berlin" in page
    assert "Next: today 2 pm, 4 pm, 6 pm" in page


def test_edit_form_previews_the_saved_schedule_across_days(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), at="7:30, 21:00", days="mon,wed")
    page = page_text(browser.get(f"/reminders/{schedule_id}/edit"))
    assert "Mondays and Wednesdays at 7:30 am and 9 pm, Europe/Berlin" in page
    assert "Next: tomorrow 7:30 am, 9 pm; Wed 25 Nov 7:30 am" in page


def test_preview_follows_what_was_typed_after_a_validation_error(browser):
    response = browser.post("/reminders/new", {**HYDRATION_FORM, "every": "60", "window_start": "noon",
                                               "window_end": "6 pm", "label": "x" * 81})
    page = page_text(response)
    assert "A label can be at most 80 characters." in page
    assert "Every hour, noon–6 pm, Europe/Berlin" in page and "Next: today 2 pm, 3 pm, 4 pm" in page


def test_preview_explains_a_schedule_that_would_never_ring(browser):
    response = browser.post("/reminders/new", {**DAILY_FORM, "quiet_start": "20:00", "quiet_end": "22:00"})
    assert "Preview" in page_text(response)
    assert page_text(response).count("so it would never ring") == 3  # summary, beside the field, preview


def test_preview_endpoint_answers_with_words_and_next_times(browser):
    response = browser.get("/reminders/preview", query_string={
        **HYDRATION_FORM, "every": "180", "window_start": "9am", "window_end": "9pm", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 200 and response.is_json
    assert response.get_json() == {"words": "Every 3 hours, 9 am–9 pm, Asia/Tokyo",
                                   "next": "tomorrow 9 am, noon, 3 pm", "problem": ""}


def test_preview_endpoint_says_what_is_wrong_and_flags_an_overnight_window(browser):
    wrong = browser.get("/reminders/preview", query_string={**DAILY_FORM, "times": "25:00"}).get_json()
    assert wrong["next"] == "" and "is not a time of day" in wrong["problem"]
    overnight = browser.get("/reminders/preview", query_string={**HYDRATION_FORM, "window_start": "20:00",
                                                                 "window_end": "06:00"}).get_json()
    assert overnight["words"].startswith("Every 90 minutes, 8 pm–6 am")
    assert overnight["problem"] == "This runs overnight, into the next morning; saving asks you to confirm that."


def test_preview_endpoint_for_my_reminder_knows_its_saved_overnight_window(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", between="22:00-06:00")
    answer = browser.get(f"/reminders/{schedule_id}/preview", query_string={
        **HYDRATION_FORM, "window_start": "22:00", "window_end": "06:00"}).get_json()
    assert answer["problem"] == "" and answer["next"].startswith("today 10 pm")


def test_preview_endpoint_hides_another_users_reminder(app, db_session, clock, browser):
    other = make_user(db_session, "amzn1.ask.account.OTHER", clock(), time_zone="UTC")
    other_id = add_schedule(db_session, other, clock(), every="2h", label="Not yours")
    response = browser.get(f"/reminders/{other_id}/preview", query_string=HYDRATION_FORM)
    assert response.status_code == 404 and "Not yours" not in response.get_data(as_text=True)
    own = signed_in_browser(app, db_session, other, clock())
    assert own.get(f"/reminders/{other_id}/preview", query_string=HYDRATION_FORM).status_code == 200


def test_preview_endpoint_needs_sign_in(app):
    response = app.test_client().get("/reminders/preview", query_string=HYDRATION_FORM)
    assert response.status_code == 302 and not response.is_json


def test_form_loads_its_same_origin_script_and_the_policy_allows_only_this_site(browser):
    response = browser.get("/reminders/new")
    html = response.get_data(as_text=True)
    assert '<script src="/assets/schedule_form.js" defer></script>' in html
    assert 'data-preview-url="/reminders/preview"' in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy and "unsafe" not in policy
    with browser.get("/assets/schedule_form.js") as script:
        assert script.status_code == 200 and "javascript" in script.mimetype
        assert "fetch(" in script.get_data(as_text=True)


PRESET_LINKS = ('href="/reminders/new?preset=water">Water every 2 hours, 8 am–8 pm</a>',
                'href="/reminders/new?preset=bedtime-stretch">Calf stretch at bedtime</a>',
                'href="/reminders/new?preset=run-warm-up">Warm-up before my run on Tue and Thu</a>')


@pytest.mark.parametrize("path", ["/", "/reminders/new"])
def test_presets_are_offered_on_the_empty_list_and_the_new_reminder_page(browser, path):
    html = browser.get(path).get_data(as_text=True)
    for link in PRESET_LINKS:
        assert link in html


def test_presets_leave_the_list_once_there_are_reminders(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h")
    assert "preset=water" not in browser.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("preset", "words", "next_times"), [
    ("water", "Every 2 hours, 8 am–8 pm, Europe/Berlin", "today 2 pm, 4 pm, 6 pm"),
    ("bedtime-stretch", "Daily at 10 pm, Europe/Berlin", "today 10 pm; tomorrow 10 pm; Tue 24 Nov 10 pm"),
    ("run-warm-up", "Tuesdays and Thursdays at 7 am, Europe/Berlin", "Tue 24 Nov 7 am; Thu 26 Nov 7 am; Tue 1 Dec 7 am"),
])
def test_preset_fills_the_form_without_saving(browser, db_session, preset, words, next_times):
    response = browser.get(f"/reminders/new?preset={preset}")
    page = page_text(response)
    assert words in page and f"Next: {next_times}" in page
    assert saved_count(db_session) == 0


def test_water_preset_saves_as_filled_in(browser, db_session):
    html = browser.get("/reminders/new?preset=water").get_data(as_text=True)
    assert re.search(r'<input checked id="kind-0"[^>]*value="hydration">', html) and 'value="Water"' in html
    form = {**HYDRATION_FORM, "label": "Water", "every": "120", "window_start": "08:00", "window_end": "20:00"}
    assert browser.post("/reminders/new?preset=water", form).status_code == 302
    [schedule] = schedules(db_session)
    assert (schedule.label, schedule.interval_minutes, schedule.window_start.hour) == ("Water", 120, 8)


def test_warm_up_preset_ticks_tuesday_and_thursday(browser):
    html = browser.get("/reminders/new?preset=run-warm-up").get_data(as_text=True)
    assert re.search(r'<input checked id="repeat-2"[^>]*value="weekly">', html)
    assert re.findall(r'<input checked id="days-(\d)"', html) == ["1", "3"]


def test_unknown_preset_is_an_empty_form(browser):
    page = page_text(browser.get("/reminders/new?preset=nonsense"))
    assert "Every 2 hours, 8 am–8 pm, Europe/Berlin" in page
