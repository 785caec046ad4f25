"""The notifications page keeps you where you were: a test's result inside the section of the
address it went to (one for all reminders included), a failed form's errors summarised and
focused inside its section with "Error:" in the title, and a reminder that reaches only the
account's addresses for all reminders accepted with Alexa off."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import AccountAddress, NotificationChannel, ReminderSchedule
from tests.web.support import add_schedule, make_user, signed_in_browser
from tests.web.test_web_notifications import closed_port, finished_tests, hook
from tests.web.test_web_reminders import HYDRATION_FORM
from tests.web.test_web_stay_in_place import notice, page_text_of, title

__all__ = ["hook"]  # the local webhook fixture these tests share

pytestmark = pytest.mark.usefixtures("loopback_receivers_allowed")

NTFY = {"builder": "ntfy", "all-reminders-ntfy-topic": "my-cramp-coach"}


def section_html(html: str, place: str) -> str:
    match = re.search(rf'<section class="card" id="{place}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section {place}"
    return match.group(1)


def error_summary(html: str) -> str:
    """The failed form's summary: the page's URL fragment names it, so it is focused on arrival."""
    match = re.search(r'<div class="error-summary" id="error-summary" tabindex="-1" role="alert"[^>]*>(.*?)</div>',
                      html, re.S)
    assert match, "no error summary"
    return page_text_of(match.group(1))


def add_account_address(browser, db_session, url: str) -> int:
    response = browser.post("/notifications/addresses", {"builder": "url", "all-reminders-url-url": url})
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.rollback()
    return db_session.scalar(select(AccountAddress.id).where(AccountAddress.apprise_url == url))


def alexa_enabled(db_session, schedule_id: int) -> bool:
    db_session.rollback()
    return db_session.get(ReminderSchedule, schedule_id).alexa_enabled


def test_reminder_test_result_is_shown_inside_its_reminders_section(app, browser, db_session, user, clock, hook):
    url, received = hook
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=[url])
    channel_id = db_session.scalar(select(NotificationChannel.id))
    response = browser.post(f"/channels/{channel_id}/test")
    assert response.headers["Location"] == f"/notifications#reminder-{schedule_id}-message"
    finished_tests(app)
    html = browser.get("/notifications").get_data(as_text=True)
    message = notice(section_html(html, f"reminder-{schedule_id}"), f"reminder-{schedule_id}")
    assert message.role == "status" and "Test notification sent to json://127.0.0.1" in message.text
    assert html.count("Test notification sent to") == 1 and len(received) == 1


def test_failed_reminder_test_is_an_alert_inside_its_section_and_in_the_title(app, browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h",
                               notify=[f"json://127.0.0.1:{closed_port()}/hook"])
    browser.post(f"/channels/{db_session.scalar(select(NotificationChannel.id))}/test")
    finished_tests(app)
    html = browser.get("/notifications").get_data(as_text=True)
    message = notice(section_html(html, f"reminder-{schedule_id}"), f"reminder-{schedule_id}")
    assert message.error and message.role == "alert" and "Error: The test to json://127.0.0.1" in message.text
    assert title(html).startswith("Error: Notifications")


def test_refused_alexa_switch_lands_on_the_error_summary_inside_its_section(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    response = browser.post(f"/reminders/{schedule_id}/alexa", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and alexa_enabled(db_session, schedule_id) is True
    section = section_html(html, f"reminder-{schedule_id}")
    assert "A reminder needs somewhere to go" in error_summary(section)
    assert f'action="/reminders/{schedule_id}/alexa#error-summary"' in section
    assert title(html).startswith("Error: Notifications")


def test_refused_reminder_address_lands_on_the_error_summary_inside_its_section(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    html = browser.post(f"/reminders/{schedule_id}/channels",
                        {f"channel-{schedule_id}-url": "not an address"}).get_data(as_text=True)
    section = section_html(html, f"reminder-{schedule_id}")
    assert "is not a notification address Apprise understands" in error_summary(section)
    assert f'action="/reminders/{schedule_id}/channels#error-summary"' in section
    assert title(html).startswith("Error: Notifications")


def test_refused_builder_lands_on_the_error_summary_in_the_all_reminders_section(browser, db_session):
    html = browser.post("/notifications/addresses",
                        {"builder": "ntfy", "all-reminders-ntfy-topic": "my topic!"}).get_data(as_text=True)
    section = section_html(html, "all-reminders")
    assert "ntfy topic: A topic is 1 to 64 letters, digits, - or _." in error_summary(section)
    assert 'action="/notifications/addresses#error-summary"' in section
    assert title(html).startswith("Error: Notifications")
    assert db_session.scalars(select(AccountAddress)).all() == []


def test_account_address_add_remove_and_undo_are_told_inside_their_section(browser, db_session):
    response = browser.post("/notifications/addresses", NTFY)
    assert response.headers["Location"] == "/notifications#all-reminders-message"
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added ntfys://my-cramp-coach" in notice(section_html(html, "all-reminders"), "all-reminders").text
    address_id = db_session.scalar(select(AccountAddress.id))
    response = browser.post(f"/notifications/addresses/{address_id}/delete")
    assert response.headers["Location"] == "/notifications#all-reminders-message"
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    section = section_html(html, "all-reminders")
    assert "Removed ntfys://my-cramp-coach from all reminders." in notice(section, "all-reminders").text
    token = re.search(r'name="token" value="([0-9a-f]{32})"', section).group(1)
    response = browser.post("/notifications/undo", {"token": token})
    assert response.headers["Location"] == "/notifications#all-reminders-message"
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Put back ntfys://my-cramp-coach" in notice(section_html(html, "all-reminders"), "all-reminders").text


def test_alexa_can_be_turned_off_when_an_address_for_all_reminders_reaches_the_reminder(browser, db_session,
                                                                                         user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    browser.post("/notifications/addresses", NTFY)
    response = browser.post(f"/reminders/{schedule_id}/alexa", {})
    assert response.status_code == 302 and alexa_enabled(db_session, schedule_id) is False
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Alexa reminders are off for Hydration." in notice(html, f"reminder-{schedule_id}").text
    response = browser.post(f"/reminders/{schedule_id}/edit", {**HYDRATION_FORM, "every": "120"})
    assert response.status_code == 302, "the reminder form saves it too"
    db_session.rollback()
    assert db_session.get(ReminderSchedule, schedule_id).interval_minutes == 120


def test_alexa_off_with_no_own_address_is_refused_for_a_reminder_that_opted_out(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    browser.post("/notifications/addresses", NTFY)
    browser.post(f"/reminders/{schedule_id}/account-addresses", {})
    html = browser.post(f"/reminders/{schedule_id}/alexa", {}).get_data(as_text=True)
    assert "A reminder needs somewhere to go" in error_summary(html)
    assert alexa_enabled(db_session, schedule_id) is True


def test_account_address_test_arrives_and_is_told_in_its_section(app, browser, db_session, user, clock, hook):
    url, received = hook
    address_id = add_account_address(browser, db_session, url)
    # A reminder address with the same id, whose test fails: the two results must not mix.
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=[f"json://127.0.0.1:{closed_port()}/x"])
    channel_id = db_session.scalar(select(NotificationChannel.id))
    assert channel_id == address_id
    browser.post(f"/channels/{channel_id}/test")
    response = browser.post(f"/notifications/addresses/{address_id}/test")
    assert response.headers["Location"] == "/notifications#all-reminders-message"
    finished_tests(app)
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    account = notice(section_html(html, "all-reminders"), "all-reminders")
    assert not account.error and "Test notification sent to json://127.0.0.1" in account.text
    reminder = notice(section_html(html, f"reminder-{schedule_id}"), f"reminder-{schedule_id}")
    assert reminder.error and "The test to json://127.0.0.1" in reminder.text and "failed" in reminder.text
    assert len(received) == 1 and "test notification" in received[0]["message"]


def test_account_address_tests_share_the_hourly_cap(app, browser, db_session, user, clock, hook, monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_TEST_NOTIFICATIONS_PER_HOUR", "1")
    url, received = hook
    address_id = add_account_address(browser, db_session, url)
    browser.post(f"/notifications/addresses/{address_id}/test")
    browser.post(f"/notifications/addresses/{address_id}/test")
    finished_tests(app)
    html = browser.get("/notifications").get_data(as_text=True)
    assert "You can send 1 test notifications an hour." in notice(section_html(html, "all-reminders"),
                                                                    "all-reminders").text
    assert len(received) == 1


def test_account_address_test_needs_the_csrf_token_and_an_own_address(app, browser, db_session, clock, hook):
    url, received = hook
    address_id = add_account_address(browser, db_session, url)
    assert browser.post(f"/notifications/addresses/{address_id}/test", token=False).status_code == 400
    other = signed_in_browser(app, db_session, make_user(db_session, "amzn1.ask.account.OTHER", clock(), "UTC"), clock())
    assert other.post(f"/notifications/addresses/{address_id}/test").status_code == 404
    finished_tests(app)
    assert received == []


def test_opting_out_is_refused_for_a_reminder_that_would_then_go_nowhere(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    browser.post("/notifications/addresses", NTFY)
    browser.post(f"/reminders/{schedule_id}/alexa", {})
    response = browser.post(f"/reminders/{schedule_id}/account-addresses", {})
    assert response.headers["Location"] == f"/notifications#reminder-{schedule_id}-message"
    message = notice(browser.get(response.headers["Location"]).get_data(as_text=True), f"reminder-{schedule_id}")
    assert message.error and "Hydration would go nowhere: turn Alexa on or add an address of its own first." in message.text
    db_session.rollback()
    assert db_session.get(ReminderSchedule, schedule_id).use_account_addresses is True
