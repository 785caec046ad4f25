"""Saving refuses every address that leads to this machine or its network, with the reason beside
the field (web) or on one line (``cramp-coach reminders add --notify``); caps on how many."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import NotificationChannel, ReminderSchedule
from tests.conftest import ALLOWED_NOTIFY_HOSTS
from tests.outbound.forms import INTERNAL_HOSTS, LOCAL_SCHEMES, LOOPBACK_SPELLINGS, SHAPED_ADDRESSES
from tests.scheduler.test_reminders_cli import USER
from tests.web.support import add_schedule, make_user, page_text, signed_in_browser
from tests.web.test_web_notifications import field_error

SSRF_FORMS = ([f"json://{host}:8080/hook" for host in LOOPBACK_SPELLINGS + INTERNAL_HOSTS]
              + ["json://127.0.0.1:8080/hook?method=PUT&+X-Injected=yes", "mailto://127.0.0.1:25?to=me@example.com",
                 "mailto://me:pw@example.com?smtp=169.254.169.254", "rsyslog://127.0.0.1:514",
                 *SHAPED_ADDRESSES, *LOCAL_SCHEMES])

REASONS = ("public internet", "not supported", "not allowed", "at most 10 seconds", "Apprise understands")


@pytest.fixture(autouse=True)
def nothing_allowed(monkeypatch):
    monkeypatch.delenv(ALLOWED_NOTIFY_HOSTS, raising=False)


@pytest.fixture
def user(db_session, clock):
    return make_user(db_session, "amzn1.ask.account.SAVER", clock(), time_zone="Europe/Berlin")


@pytest.fixture
def browser(app, db_session, user, clock):
    return signed_in_browser(app, db_session, user, clock())


def stored_addresses(db_session) -> list[str]:
    db_session.rollback()
    return db_session.scalars(select(NotificationChannel.apprise_url)).all()


def test_web_form_refuses_every_form_beside_the_field_and_stores_nothing(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    accepted = {}
    for url in SSRF_FORMS:
        response = browser.post(f"/reminders/{schedule_id}/channels", {f"channel-{schedule_id}-url": url})
        error = field_error(response.get_data(as_text=True), f"channel-{schedule_id}-url").replace("&#39;", "'")
        if response.status_code != 200 or not any(words in error for words in REASONS):
            accepted[url] = error
    assert accepted == {}
    assert stored_addresses(db_session) == []


def test_web_form_names_the_loopback_address_in_plain_words(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    response = browser.post(f"/reminders/{schedule_id}/channels",
                            {f"channel-{schedule_id}-url": "json://2130706433:8080/hook"})
    assert ("2130706433 is a loopback address (this server itself): notifications can only go to services "
            "on the public internet.") in field_error(response.get_data(as_text=True), f"channel-{schedule_id}-url")


def test_reminders_add_notify_refuses_every_form_with_one_line_and_exit_2(cli, db_session):
    accepted = {}
    for url in SSRF_FORMS:
        code, out, err = cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h",
                             "--tz", "Europe/Berlin", "--notify", url)
        if (code, out) != (2, "") or not err.startswith("error: ") or err.count("\n") != 1 \
                or not any(words in err for words in REASONS):
            accepted[url] = (code, out, err)
    assert accepted == {}
    assert stored_addresses(db_session) == []


def test_allow_list_lets_an_operator_add_a_local_receiver(cli, db_session, monkeypatch):
    monkeypatch.setenv(ALLOWED_NOTIFY_HOSTS, "127.0.0.1")
    code, out, _ = cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h",
                       "--tz", "Europe/Berlin", "--notify", "json://127.0.0.1:8080/hook")
    assert code == 0 and "json://127.0.0.1:8080/hook" in out


def test_reminders_per_user_are_capped_with_a_clear_message(browser, db_session, user, clock, monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_MAX_REMINDERS_PER_USER", "3")
    for _ in range(3):
        add_schedule(db_session, user, clock(), every="2h")
    form = {"kind": "hydration", "repeat": "interval", "every": "120", "window_start": "08:00",
            "window_end": "20:00", "time_zone": "Europe/Berlin"}
    response = browser.post("/reminders/new", form)
    assert "You can have at most 3 reminders; delete one to add another." in page_text(response)
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(ReminderSchedule)) == 3


def test_addresses_per_reminder_follow_the_setting(browser, db_session, user, clock, monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_MAX_ADDRESSES_PER_REMINDER", "2")
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://one", "ntfy://two"])
    response = browser.post(f"/reminders/{schedule_id}/channels", {f"channel-{schedule_id}-url": "ntfy://three"})
    assert "At most 2 notification addresses per reminder." in field_error(response.get_data(as_text=True),
                                                                           f"channel-{schedule_id}-url")
    assert stored_addresses(db_session) == ["ntfy://one", "ntfy://two"]
