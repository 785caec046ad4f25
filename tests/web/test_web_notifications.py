"""The notifications page: Alexa on or off, Apprise addresses, and a test notification."""
from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from models import NotificationChannel, ReminderSchedule
from tests.web.support import add_schedule, page_text


pytestmark = pytest.mark.usefixtures("loopback_receivers_allowed")


@pytest.fixture
def hook():
    """A local JSON webhook (Apprise's ``json://``) that records what it receives."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def channels(db_session) -> list[str]:
    db_session.rollback()
    return db_session.scalars(select(NotificationChannel.apprise_url).order_by(NotificationChannel.id)).all()


def alexa_enabled(db_session) -> bool:
    db_session.rollback()
    return db_session.scalar(select(ReminderSchedule.alexa_enabled))


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    assert match, f"no error beside {field_id}"
    return " ".join(match.group(1).split())


def test_page_lists_each_reminder_with_alexa_setting_and_masked_addresses(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h", label="Desk",
                 notify=["mailto://me:hunter2secret@example.com"])
    response = browser.get("/notifications")
    page, html = page_text(response), response.get_data(as_text=True)
    assert "Hydration: Desk" in page and "Remind me on Alexa" in page
    assert re.search(r'<input checked id="alexa-1-enabled"', html)
    assert "mailto://" in page and "hunter2secret" not in html
    assert "Send a test notification" in page


def test_turning_alexa_off_with_another_address_saves(browser, db_session, user, clock, hook):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=[hook[0]])
    response = browser.post(f"/reminders/{schedule_id}/alexa", {})
    assert response.status_code == 302
    assert "Alexa reminders are off for Hydration." in page_text(browser.get("/notifications"))
    assert alexa_enabled(db_session) is False


def test_turning_alexa_off_with_nowhere_else_to_go_shows_error_beside_it(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    response = browser.post(f"/reminders/{schedule_id}/alexa", {})
    assert response.status_code == 200
    assert "needs somewhere to go" in field_error(response.get_data(as_text=True), f"alexa-{schedule_id}-enabled")
    assert alexa_enabled(db_session) is True


def test_add_address_lists_it(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    response = browser.post(f"/reminders/{schedule_id}/channels", {f"channel-{schedule_id}-url": "ntfy://cramp-topic"})
    assert response.status_code == 302
    assert "Added ntfys://cramp-topic to Hydration." in page_text(browser.get("/notifications"))
    assert channels(db_session) == ["ntfy://cramp-topic"]


@pytest.mark.parametrize(("url", "message"), [
    ("", "Paste the address of the app or service to notify."),
    ("not an address", "is not a notification address Apprise understands"),
])
def test_bad_address_shows_error_beside_the_field_and_saves_nothing(browser, db_session, user, clock, url, message):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    response = browser.post(f"/reminders/{schedule_id}/channels", {f"channel-{schedule_id}-url": url})
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), f"channel-{schedule_id}-url").replace("&#39;", "'")
    assert channels(db_session) == []


def test_sixth_address_is_refused_beside_the_field(browser, db_session, user, clock):
    urls = [f"ntfy://topic-{number}" for number in range(5)]
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=urls)
    response = browser.post(f"/reminders/{schedule_id}/channels", {f"channel-{schedule_id}-url": "ntfy://topic-6"})
    assert "At most 5 notification addresses" in field_error(response.get_data(as_text=True),
                                                             f"channel-{schedule_id}-url")
    assert channels(db_session) == urls


def test_remove_address(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://one", "ntfy://two"])
    [first_id] = db_session.scalars(select(NotificationChannel.id).where(
        NotificationChannel.apprise_url == "ntfy://one")).all()
    assert browser.post(f"/channels/{first_id}/delete").status_code == 302
    assert "Removed ntfys://one from Hydration." in page_text(browser.get("/notifications"))
    assert channels(db_session) == ["ntfy://two"]


def test_removing_the_only_way_a_reminder_arrives_is_refused(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://only"], alexa=False)
    [channel_id] = db_session.scalars(select(NotificationChannel.id)).all()
    browser.post(f"/channels/{channel_id}/delete")
    assert "needs somewhere to go" in page_text(browser.get("/notifications"))
    assert channels(db_session) == ["ntfy://only"] and schedule_id


def finished_tests(app) -> None:
    """Wait for queued test notifications: they run on a pool of their own, off request threads."""
    assert app.extensions["cramp_coach_web"].trials.wait_until_idle(timeout=30)


def test_send_test_notification_reports_success_and_arrives(app, browser, db_session, user, clock, hook):
    url, received = hook
    add_schedule(db_session, user, clock(), every="2h", notify=[url])
    [channel_id] = db_session.scalars(select(NotificationChannel.id)).all()
    response = browser.post(f"/channels/{channel_id}/test")
    assert response.status_code == 302 and response.headers["Location"].endswith("#reminder-1-message")
    finished_tests(app)
    page = page_text(browser.get("/notifications"))
    assert "Test notification sent to json://127.0.0.1" in page
    assert "Test notification sent to" not in page_text(browser.get("/notifications")), "shown once"
    assert len(received) == 1 and "test notification" in received[0]["message"]


def test_send_test_notification_reports_the_error(app, browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h", notify=[f"json://127.0.0.1:{closed_port()}/hook"])
    [channel_id] = db_session.scalars(select(NotificationChannel.id)).all()
    browser.post(f"/channels/{channel_id}/test")
    finished_tests(app)
    page = page_text(browser.get("/notifications"))
    assert re.search(r"The test to json://127\.0\.0\.1:\d+/hook failed: \S+", page)


def test_test_notifications_are_capped_per_person_per_hour(app, browser, db_session, user, clock, hook, monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_TEST_NOTIFICATIONS_PER_HOUR", "3")
    url, received = hook
    add_schedule(db_session, user, clock(), every="2h", notify=[url])
    [channel_id] = db_session.scalars(select(NotificationChannel.id)).all()
    for _ in range(4):
        browser.post(f"/channels/{channel_id}/test")
    finished_tests(app)
    page = page_text(browser.get("/notifications"))
    assert len(received) == 3
    assert "You can send 3 test notifications an hour. Try again later; your reminders are not affected." in page


def test_send_test_notification_to_a_refused_address_says_why(app, browser, db_session, user, clock, monkeypatch):
    add_schedule(db_session, user, clock(), every="2h", notify=["json://127.0.0.1:9/hook"])
    [channel_id] = db_session.scalars(select(NotificationChannel.id)).all()
    monkeypatch.delenv("CRAMP_COACH_ALLOWED_NOTIFY_HOSTS")
    browser.post(f"/channels/{channel_id}/test")
    finished_tests(app)
    assert ("The test to json://127.0.0.1:9/hook failed: Not sent: 127.0.0.1 is a loopback address"
            in page_text(browser.get("/notifications")))
