"""Nobody reaches another person's reminders by changing an id; every form needs its CSRF token
(only POST /alexa goes without); user text is escaped; pages send security headers."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import DeliveryLog, NotificationChannel, ReminderSchedule, User
from tests.envelopes import load_envelope
from tests.web.support import (Browser, add_schedule, csrf_token, make_user, page_text,
                               signed_in_browser)

HYDRATION_FORM = {"kind": "hydration", "repeat": "interval", "every": "30", "window_start": "06:00",
                  "window_end": "23:00", "time_zone": "UTC", "label": "Hijacked"}


@pytest.fixture
def mallory(db_session, clock):
    return make_user(db_session, "amzn1.ask.account.MALLORY", clock(), time_zone="UTC")


@pytest.fixture
def alice_ids(db_session, clock):
    """Alice's reminder, notification address and delivery record: ids Mallory will try."""
    alice = make_user(db_session, "amzn1.ask.account.ALICE", clock(), time_zone="Europe/Berlin")
    schedule_id = add_schedule(db_session, alice, clock(), every="2h", label="Alice water",
                               notify=["mailto://alice:s3cret@example.com"])
    channel_id = db_session.scalar(select(NotificationChannel.id).where(NotificationChannel.schedule_id == schedule_id))
    db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=clock() - timedelta(hours=1), channel="alexa",
                               status="sent", attempts=1, updated_at=clock()))
    db_session.commit()
    return {"schedule": schedule_id, "channel": channel_id}


def alice_state(db_session) -> tuple:
    db_session.rollback()
    schedule = db_session.scalar(select(ReminderSchedule).where(ReminderSchedule.label == "Alice water"))
    assert schedule is not None, "Alice's reminder is gone"
    return (schedule.kind, schedule.recurrence, schedule.interval_minutes, schedule.enabled, schedule.snoozed_until,
            schedule.alexa_enabled, [channel.apprise_url for channel in schedule.notify_channels])


@pytest.mark.parametrize(("method", "path", "data"), [
    ("get", "/reminders/{schedule}/edit", None),
    ("post", "/reminders/{schedule}/edit", HYDRATION_FORM),
    ("post", "/reminders/{schedule}/pause", {}),
    ("post", "/reminders/{schedule}/resume", {}),
    ("post", "/reminders/{schedule}/snooze", {"minutes": "60"}),
    ("get", "/reminders/{schedule}/delete", None),
    ("post", "/reminders/{schedule}/delete", {}),
    ("post", "/reminders/{schedule}/alexa", {}),
    ("post", "/reminders/{schedule}/channels", {"channel-{schedule}-url": "ntfy://mallory"}),
    ("post", "/channels/{channel}/delete", {}),
    ("post", "/channels/{channel}/test", {}),
])
def test_another_users_ids_are_not_found_and_nothing_changes(app, db_session, clock, mallory, alice_ids,
                                                             method, path, data):
    before = alice_state(db_session)
    browser = signed_in_browser(app, db_session, mallory, clock())
    url = path.format(**alice_ids)
    if method == "get":
        response = browser.get(url)
    else:
        response = browser.post(url, {key.format(**alice_ids): value for key, value in data.items()})
    assert response.status_code == 404
    assert "Alice water" not in page_text(response)
    assert alice_state(db_session) == before


def test_another_users_reminders_history_and_data_never_show(app, db_session, clock, mallory, alice_ids):
    browser = signed_in_browser(app, db_session, mallory, clock())
    for path in ("/", "/notifications", "/history", "/account/data.json"):
        body = browser.get(path).get_data(as_text=True)
        assert "Alice" not in body and "alice" not in body, path
    assert "Nothing sent yet" in page_text(browser.get("/history"))


@pytest.mark.parametrize(("path", "data"), [
    ("/sign-in", {"code": "123456"}),
    ("/sign-out", {}),
    ("/reminders/new", HYDRATION_FORM),
    ("/reminders/{schedule}/edit", HYDRATION_FORM),
    ("/reminders/{schedule}/pause", {}),
    ("/reminders/{schedule}/snooze", {"minutes": "60"}),
    ("/reminders/{schedule}/delete", {}),
    ("/reminders/{schedule}/alexa", {}),
    ("/reminders/{schedule}/channels", {"channel-{schedule}-url": "ntfy://other"}),
    ("/channels/{channel}/delete", {}),
    ("/account", {"time_zone": "Asia/Tokyo"}),
    ("/account/delete", {}),
])
def test_form_without_csrf_token_is_refused_and_changes_nothing(app, db_session, clock, alice_ids, path, data):
    alice = db_session.scalar(select(User).where(User.alexa_user_id == "amzn1.ask.account.ALICE"))
    browser = signed_in_browser(app, db_session, alice, clock())
    before = alice_state(db_session)
    url = path.format(**alice_ids)
    response = browser.post(url, {key.format(**alice_ids): value for key, value in data.items()}, token=False)
    assert response.status_code == 400
    assert "Nothing was changed" in page_text(response)
    assert alice_state(db_session) == before
    assert "Sign out" in page_text(browser.get("/"))


def test_form_with_a_token_from_another_session_is_refused(app, db_session, clock, mallory, alice_ids):
    stranger_token = csrf_token(Browser(app).get("/").get_data(as_text=True))
    browser = signed_in_browser(app, db_session, mallory, clock())
    response = browser.post("/account", {"time_zone": "Asia/Tokyo", "csrf_token": stranger_token})
    assert response.status_code == 400


def test_alexa_endpoint_needs_no_csrf_token(client, clock):
    response = client.post("/alexa", json=load_envelope("launch_request", clock()))
    assert response.status_code == 200 and response.get_json()["response"]["outputSpeech"]


def test_user_text_is_escaped_on_every_page(app, db_session, clock, mallory):
    label = "<img src=x onerror=alert(1)>"
    schedule_id = add_schedule(db_session, mallory, clock(), every="2h", label=label)
    db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=clock(), channel="alexa", status="sent",
                               attempts=1, updated_at=clock()))
    db_session.commit()
    browser = signed_in_browser(app, db_session, mallory, clock())
    for path in ("/", f"/reminders/{schedule_id}/edit", f"/reminders/{schedule_id}/delete", "/notifications",
                 "/history"):
        html = browser.get(path).get_data(as_text=True)
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html, path
    typed = browser.post("/reminders/new", {**HYDRATION_FORM, "window_start": "<b>9</b>"}).get_data(as_text=True)
    assert "<b>9</b>" not in typed and "&lt;b&gt;9&lt;/b&gt;" in typed


@pytest.mark.parametrize("path", ["/", "/account", "/assets/style.css", "/nowhere", "/privacy", "/terms",
                                  "/assets/icons/cramp-coach-108.png"])
def test_pages_send_security_headers(app, db_session, clock, mallory, path):
    browser = signed_in_browser(app, db_session, mallory, clock())
    with browser.get(path) as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "script-src 'self';" in policy and "unsafe" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_stylesheet_is_served_as_css(app):
    with Browser(app).get("/assets/style.css") as response:
        assert response.status_code == 200 and response.mimetype == "text/css"
