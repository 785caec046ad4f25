"""Addresses added once for all reminders: builders that write the Apprise URL, "Already added",
each reminder's opt-out, undo for Remove, the outbound rules at save, and one user never
touching another's addresses."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AccountAddress, DeliveryLog, NotificationChannel, ReminderSchedule, RemovedAddress
from reminders.channels import default_registry
from tests.web.support import add_schedule, make_user, page_text, signed_in_browser

NTFY = {"builder": "ntfy", "all-reminders-ntfy-topic": "my-cramp-coach"}


def account_urls(db_session) -> list[str]:
    db_session.rollback()
    return db_session.scalars(select(AccountAddress.apprise_url).order_by(AccountAddress.id)).all()


def follow(browser, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return page_text(browser.get(response.headers["Location"]))


def undo_token(html: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f]{32})"', html)
    assert match, "no Undo button"
    return match.group(1)


@pytest.mark.parametrize(("form", "url", "shown"), [
    (NTFY, "ntfy://my-cramp-coach", "ntfys://my-cramp-coach"),
    ({"builder": "email", "all-reminders-email-address": "me@gmail.com",
      "all-reminders-email-password": "app pass/1"}, "mailto://me:app%20pass%2F1@gmail.com", "mailtos://me:****@gmail.com"),
    ({"builder": "telegram", "all-reminders-telegram-bot_token": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ1234",
      "all-reminders-telegram-chat_id": "987654321"},
     "tgram://123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ1234/987654321", "tgram://1...4/987654321"),
    ({"builder": "url", "all-reminders-url-url": " ntfy://pasted "}, "ntfy://pasted", "ntfys://pasted"),
])
def test_builder_writes_the_apprise_url_for_all_reminders(browser, db_session, form, url, shown):
    page = follow(browser, browser.post("/notifications/addresses", form))
    assert account_urls(db_session) == [url]
    assert f"Added {shown}" in page and "all your reminders go there too" in page
    assert "pass/1" not in page and "pass%2F1" not in page


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"builder": "ntfy", "all-reminders-ntfy-topic": "my topic!"}, "all-reminders-ntfy-topic",
     "A topic is 1 to 64 letters, digits, - or _."),
    ({"builder": "email", "all-reminders-email-address": "not-an-address", "all-reminders-email-password": "x"},
     "all-reminders-email-address", "An e-mail address looks like name@example.com."),
    ({"builder": "telegram", "all-reminders-telegram-bot_token": "nope", "all-reminders-telegram-chat_id": "1"},
     "all-reminders-telegram-bot_token", "A bot token looks like"),
    ({"builder": "url", "all-reminders-url-url": "json://10.0.0.5/hook"}, "all-reminders-url-url", "10.0.0.5"),
])
def test_builder_error_is_shown_beside_its_field_and_nothing_is_saved(browser, db_session, form, field, message):
    response = browser.post("/notifications/addresses", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(rf'<p class="error" id="{field}-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert re.search(r'<details class="address-builder" open>', html)
    assert account_urls(db_session) == []


def test_adding_the_same_account_address_twice_says_already_added(browser, db_session):
    browser.post("/notifications/addresses", NTFY)
    page = follow(browser, browser.post("/notifications/addresses", {"builder": "url",
                                                                      "all-reminders-url-url": "ntfy://my-cramp-coach"}))
    assert "Already added: ntfys://my-cramp-coach gets all your reminders." in page
    assert account_urls(db_session) == ["ntfy://my-cramp-coach"]


def test_adding_a_reminders_own_address_twice_says_already_added(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://mine"])
    page = follow(browser, browser.post(f"/reminders/{schedule_id}/channels", {f"channel-{schedule_id}-url": "ntfy://mine"}))
    assert "Already added: ntfys://mine gets Hydration." in page and "Added ntfys://mine" not in page
    db_session.rollback()
    assert db_session.scalars(select(NotificationChannel.apprise_url)).all() == ["ntfy://mine"]


def test_account_address_reaches_existing_and_new_reminders(browser, db_session, user, clock):
    before = add_schedule(db_session, user, clock(), every="2h")
    browser.post("/notifications/addresses", NTFY)
    after = add_schedule(db_session, user, clock(), at="21:00")
    db_session.rollback()
    registry = default_registry()
    [address_id] = db_session.scalars(select(AccountAddress.id)).all()
    for schedule_id in (before, after):
        schedule = db_session.get(ReminderSchedule, schedule_id)
        assert registry.configured_keys(schedule) == ["alexa", f"account:{address_id}"]


def test_a_reminder_can_opt_out_of_the_account_addresses(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    browser.post("/notifications/addresses", NTFY)
    html = browser.get("/notifications").get_data(as_text=True)
    assert f'<input checked id="account-{schedule_id}-enabled"' in html
    page = follow(browser, browser.post(f"/reminders/{schedule_id}/account-addresses", {}))
    assert "Hydration no longer goes to your addresses for all reminders." in page
    db_session.rollback()
    schedule = db_session.get(ReminderSchedule, schedule_id)
    assert schedule.use_account_addresses is False and default_registry().configured_keys(schedule) == ["alexa"]
    browser.post(f"/reminders/{schedule_id}/account-addresses", {f"account-{schedule_id}-enabled": "y"})
    db_session.rollback()
    assert db_session.get(ReminderSchedule, schedule_id).use_account_addresses is True


def test_removing_an_account_address_offers_undo_that_puts_it_back(browser, db_session):
    browser.post("/notifications/addresses", NTFY)
    address_id = db_session.scalar(select(AccountAddress.id))
    response = browser.post(f"/notifications/addresses/{address_id}/delete")
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Removed ntfys://my-cramp-coach from all reminders." in page_text_of(html)
    assert account_urls(db_session) == []
    page = follow(browser, browser.post("/notifications/undo", {"token": undo_token(html)}))
    assert "Put back ntfys://my-cramp-coach for all reminders." in page
    assert account_urls(db_session) == ["ntfy://my-cramp-coach"]
    assert 'name="token"' not in browser.get("/notifications").get_data(as_text=True)


def test_removing_a_reminders_address_offers_undo_in_its_section(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=["ntfy://one", "ntfy://two"])
    channel_id = db_session.scalar(select(NotificationChannel.id).where(NotificationChannel.apprise_url == "ntfy://one"))
    response = browser.post(f"/channels/{channel_id}/delete")
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    section = html[html.index(f'id="reminder-{schedule_id}"'):]
    assert "Undo" in section.split("</section>")[0]
    follow(browser, browser.post("/notifications/undo", {"token": undo_token(html)}))
    db_session.rollback()
    assert sorted(db_session.scalars(select(NotificationChannel.apprise_url))) == ["ntfy://one", "ntfy://two"]


def test_undo_is_short_lived(browser, db_session, clock):
    browser.post("/notifications/addresses", NTFY)
    html = browser.get(browser.post(f"/notifications/addresses/{db_session.scalar(select(AccountAddress.id))}/delete")
                       .headers["Location"]).get_data(as_text=True)
    clock.advance(minutes=11)
    assert 'name="token"' not in browser.get("/notifications").get_data(as_text=True)
    page = follow(browser, browser.post("/notifications/undo", {"token": undo_token(html)}))
    assert "That address can no longer be put back; add it again instead." in page
    assert account_urls(db_session) == []


def test_undo_needs_the_csrf_token(browser, db_session):
    browser.post("/notifications/addresses", NTFY)
    html = browser.get(browser.post(f"/notifications/addresses/{db_session.scalar(select(AccountAddress.id))}/delete")
                       .headers["Location"]).get_data(as_text=True)
    assert browser.post("/notifications/undo", {"token": undo_token(html)}, token=False).status_code == 400
    assert account_urls(db_session) == []


def test_another_user_cannot_see_remove_or_undo_my_account_addresses(app, browser, db_session, clock):
    browser.post("/notifications/addresses", NTFY)
    address_id = db_session.scalar(select(AccountAddress.id))
    other = signed_in_browser(app, db_session, make_user(db_session, "amzn1.ask.account.OTHER", clock(), "UTC"), clock())
    assert "ntfys://my-cramp-coach" not in other.get("/notifications").get_data(as_text=True)
    assert other.post(f"/notifications/addresses/{address_id}/delete").status_code == 404
    html = browser.get(browser.post(f"/notifications/addresses/{address_id}/delete").headers["Location"]).get_data(
        as_text=True)
    other.post("/notifications/undo", {"token": undo_token(html)})
    assert account_urls(db_session) == []
    assert len(db_session.scalars(select(RemovedAddress)).all()) == 1  # still mine to put back
    browser.post("/notifications/undo", {"token": undo_token(html)})
    assert account_urls(db_session) == ["ntfy://my-cramp-coach"]


def test_another_users_reminder_cannot_be_opted_out(app, browser, db_session, clock):
    other = make_user(db_session, "amzn1.ask.account.OTHER", clock(), "UTC")
    other_id = add_schedule(db_session, other, clock(), every="2h")
    assert browser.post(f"/reminders/{other_id}/account-addresses", {}).status_code == 404
    db_session.rollback()
    assert db_session.get(ReminderSchedule, other_id).use_account_addresses is True


def test_unknown_builder_is_refused(browser, db_session):
    assert browser.post("/notifications/addresses", {"builder": "fax"}).status_code == 400
    assert account_urls(db_session) == []


def page_text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def test_history_names_an_account_address_by_its_masked_url(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    browser.post("/notifications/addresses", NTFY)
    address_id = db_session.scalar(select(AccountAddress.id))
    db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=clock() - timedelta(hours=1),
                               channel=f"account:{address_id}", status="sent", attempts=1, updated_at=clock()))
    db_session.commit()
    assert "Hydration ntfys://my-cramp-coach Sent" in page_text(browser.get("/history"))
