"""The history page (newest first, paginated) and the account page (time zone, my data, delete)."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from models import DeliveryLog, NotificationChannel, ReminderSchedule, User, WebSession
from tests.web.support import add_schedule, page_text


def log(db_session, schedule_id: int, occurs_at, status: str, channel: str = "alexa", error: str | None = None):
    db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=occurs_at, channel=channel, status=status,
                               attempts=1, last_error=error, updated_at=occurs_at))
    db_session.commit()


def count(db_session, model) -> int:
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(model))


def test_history_lists_deliveries_newest_first_with_status_in_words(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://my-topic"])
    channel_id = db_session.scalar(select(NotificationChannel.id))
    log(db_session, schedule_id, clock() - timedelta(hours=6), "sent")
    log(db_session, schedule_id, clock() - timedelta(hours=4), "failed", f"apprise:{channel_id}", "HTTP 503 from ntfy")
    log(db_session, schedule_id, clock() - timedelta(hours=2), "missed")
    page = page_text(browser.get("/history"))
    assert page.index("11 am CET") < page.index("9 am CET") < page.index("7 am CET")
    assert "Sun 22 Nov, 11 am CET Hydration Alexa Missed" in page
    assert "Sun 22 Nov, 9 am CET Hydration ntfys://my-topic Failed HTTP 503 from ntfy" in page
    assert "Sun 22 Nov, 7 am CET Hydration Alexa Sent" in page


def test_history_is_paginated_twenty_to_a_page(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    for hours in range(1, 26):
        log(db_session, schedule_id, clock() - timedelta(hours=hours), "sent")
    first = page_text(browser.get("/history"))
    assert "Page 1 of 2" in first and "Older" in first and "Newer" not in first
    assert first.count("Sent") == 20 and "Sun 22 Nov, noon CET" in first
    second = page_text(browser.get("/history?page=2"))
    assert second.count("Sent") == 5 and "Newer" in second and "Sat 21 Nov, noon CET" in second


def test_history_when_empty_says_so(browser):
    assert "Nothing sent yet" in page_text(browser.get("/history"))


def test_changing_time_zone_leaves_reminders_in_their_own_zone_until_moved(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="21:00")
    response = browser.post("/account", {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    assert "Your time zone is now Asia/Tokyo." in page_text(browser.get("/account"))
    assert "Sun 22 Nov, 9 pm CET" in page_text(browser.get("/"))


def test_unknown_time_zone_shows_error_beside_the_field(browser, db_session):
    response = browser.post("/account", {"time_zone": "Atlantis/Capital"})
    html = response.get_data(as_text=True)
    assert 'id="time_zone-error"' in html and "is not a time zone I know" in page_text(response)
    db_session.rollback()
    assert db_session.scalar(select(User.time_zone)) == "Europe/Berlin"


def test_download_my_data_is_a_json_file_with_my_reminders_and_no_credentials(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h", label="Desk", notify=["ntfy://mine"])
    response = browser.get("/account/data.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["user"]["alexa_user_id"] == "amzn1.ask.account.WEBUSER1"
    [schedule] = data["reminder_schedules"]
    assert schedule["label"] == "Desk" and schedule["notification_channels"][0]["apprise_url"] == "ntfy://mine"
    assert "code_hash" not in response.get_data(as_text=True) and "token_hash" not in response.get_data(as_text=True)


def test_delete_account_asks_first_then_removes_everything_and_signs_out(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://mine"])
    log(db_session, schedule_id, clock(), "sent")
    assert "cannot be undone" in page_text(browser.get("/account/delete"))
    assert count(db_session, User) == 1
    response = browser.post("/account/delete")
    assert response.status_code == 302
    page = page_text(browser.get("/"))
    assert "Your data and account are deleted." in page and "Sign in" in page
    for model in (User, ReminderSchedule, NotificationChannel, DeliveryLog, WebSession):
        assert count(db_session, model) == 0
