"""After an action the page comes back to the card it came from, with the message inside that card
(focusable, announced), cards soonest first, each with a unique name and where it really goes;
"only remind me when I'm behind" from the page; sign-out and sign-in's way back.
The clock is pinned at Sunday 22 November 2026, 12:00 UTC (13:00 in Berlin)."""
from __future__ import annotations

import html as html_entities
import re
from datetime import timedelta
from typing import NamedTuple

import pytest
from sqlalchemy import select

from models import DeliveryLog, NotificationChannel, ReminderSchedule
from tests.web.support import Browser, add_schedule, issue_code, page_text
from tests.web.test_web_notifications import finished_tests, hook
from tests.web.test_web_reminders import HYDRATION_FORM

__all__ = ["hook"]  # the local webhook fixture these tests share


def card_html(html: str, schedule_id: int) -> str:
    match = re.search(rf'<li class="card reminder" id="reminder-{schedule_id}">(.*?)</article>', html, re.S)
    assert match, f"no card for reminder {schedule_id}"
    return match.group(1)


class Notice(NamedTuple):
    error: bool
    role: str
    text: str


def notice(html: str, place: str) -> Notice:
    """The message drawn at ``place``: focusable (the redirect's fragment names it) and announced."""
    found = re.search(rf'<div class="notice( notice-error)?" id="{place}-message" tabindex="-1" '
                      rf'role="(status|alert)">(.*?)</div>', html, re.S)
    assert found, f"no message at {place}"
    return Notice(bool(found.group(1)), found.group(2), page_text_of(found.group(3)))


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def fresh(db_session, schedule_id: int) -> ReminderSchedule:
    db_session.rollback()
    return db_session.get(ReminderSchedule, schedule_id)


@pytest.mark.parametrize("action, words", [("pause", "is paused."), ("snooze", "is snoozed until")])
def test_card_action_returns_to_its_card_with_the_message_inside_it(browser, db_session, user, clock, action, words):
    first = add_schedule(db_session, user, clock(), every="2h", label="Desk water")
    second = add_schedule(db_session, user, clock(), every="3h", label="Gym water")
    response = browser.post(f"/reminders/{second}/{action}", {"minutes": "60"})
    assert response.headers["Location"] == f"/#reminder-{second}-message"
    html = browser.get("/").get_data(as_text=True)
    message = notice(card_html(html, second), f"reminder-{second}")
    assert message.role == "status" and f"Hydration: Gym water {words}" in message.text
    assert "-message" not in card_html(html, first)


def test_refused_snooze_is_an_error_inside_its_card_and_in_the_title(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    response = browser.post(f"/reminders/{schedule_id}/snooze", {"minutes": "7"})
    assert response.headers["Location"] == f"/#reminder-{schedule_id}-message"
    html = browser.get("/").get_data(as_text=True)
    message = notice(card_html(html, schedule_id), f"reminder-{schedule_id}")
    assert message.error and message.role == "alert" and "Error: Pick how long to snooze for." in message.text
    assert title(html).startswith("Error: Reminders")


def test_snoozed_reminder_offers_resume_now_which_ends_the_snooze(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", label="Desk water")
    browser.post(f"/reminders/{schedule_id}/snooze", {"minutes": "240"})
    card = card_html(browser.get("/").get_data(as_text=True), schedule_id)
    assert "Resume now<span class=\"visually-hidden\"> Hydration: Desk water</span>" in card
    browser.post(f"/reminders/{schedule_id}/resume")
    assert fresh(db_session, schedule_id).snoozed_until is None
    assert "Resume now" not in card_html(browser.get("/").get_data(as_text=True), schedule_id)


def test_new_reminder_comes_back_to_its_own_card(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h")
    response = browser.post("/reminders/new", HYDRATION_FORM)
    new_id = db_session.scalar(select(ReminderSchedule.id).order_by(ReminderSchedule.id.desc()))
    assert response.headers["Location"] == f"/#reminder-{new_id}-message"
    assert "Reminder saved." in notice(card_html(browser.get("/").get_data(as_text=True), new_id),
                                       f"reminder-{new_id}").text


def test_deleted_reminder_says_so_at_the_top_of_the_list(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    delete_page = browser.get(f"/reminders/{schedule_id}/delete").get_data(as_text=True)
    assert f'href="/#reminder-{schedule_id}"' in delete_page  # "Keep it" goes back to the card
    response = browser.post(f"/reminders/{schedule_id}/delete")
    assert response.headers["Location"] == "/#reminders-message"
    assert "Hydration is deleted." in notice(browser.get("/").get_data(as_text=True), "reminders").text


def test_today_panel_actions_come_back_to_the_panel(browser):
    response = browser.post("/today/water", {"container": "GLASS"})
    assert response.headers["Location"] == "/#today-message"
    assert "Added a glass of water." in notice(browser.get("/").get_data(as_text=True), "today").text


def test_failed_form_posts_to_its_error_summary_and_says_error_in_the_title(browser):
    response = browser.post("/reminders/new?kind=stretch", {**HYDRATION_FORM, "every": "5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and title(html).startswith("Error: New reminder")
    assert 'action="#error-summary"' in html
    assert re.search(r'<div class="error-summary" id="error-summary" tabindex="-1" role="alert"', html)
    assert not title(browser.get("/reminders/new").get_data(as_text=True)).startswith("Error")


def test_cards_are_in_order_of_their_next_time_with_paused_ones_last(browser, db_session, user, clock):
    evening = add_schedule(db_session, user, clock(), at="21:00", label="Evening")
    paused = add_schedule(db_session, user, clock(), at="14:00", label="Paused one")
    soon = add_schedule(db_session, user, clock(), at="14:30", label="Soon")
    browser.post(f"/reminders/{paused}/pause")
    html = browser.get("/").get_data(as_text=True)
    order = [int(found) for found in re.findall(r'<li class="card reminder" id="reminder-(\d+)">', html)]
    assert order == [soon, evening, paused]


def test_reminders_with_the_same_title_get_different_names(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h")
    add_schedule(db_session, user, clock(), every="3h")
    add_schedule(db_session, user, clock(), every="3h")
    html = browser.get("/").get_data(as_text=True)
    names = re.findall(r'<article aria-label="([^"]+)">', html)
    assert len(set(names)) == 3
    assert "Hydration, every 2 hours, 8 am–8 pm, Europe/Berlin" in names
    snooze_labels = re.findall(r'Snooze for<span class="visually-hidden"> \((.+?)\)</span></label>', html)
    assert sorted(snooze_labels) == sorted(names)


def test_alexa_line_says_it_waits_for_permission_until_the_reminder_is_on_the_speaker(browser, db_session, user,
                                                                                      clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    card = page_text_of(card_html(browser.get("/").get_data(as_text=True), schedule_id))
    assert "Alexa: waiting for your permission — say 'Alexa, ask cramp coach to allow reminders'" in card
    user.alexa_reminders_allowed = False
    db_session.commit()
    card = page_text_of(card_html(browser.get("/").get_data(as_text=True), schedule_id))
    assert "allow reminders for Cramp Coach in the Alexa app" in card
    user.alexa_reminders_allowed = True
    db_session.get(ReminderSchedule, schedule_id).alexa_alert_token = "alert-1"
    db_session.commit()
    card = page_text_of(card_html(browser.get("/").get_data(as_text=True), schedule_id))
    assert "Alexa: on Nothing sent yet." in card and "waiting" not in card


def test_each_address_shows_its_last_delivery(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h", alexa=False,
                               notify=["ntfy://ntfy.sh/first-topic", "ntfy://ntfy.sh/second-topic"])
    first = db_session.scalars(select(NotificationChannel.id).order_by(NotificationChannel.id)).first()
    for hours_ago, status, error in ((4, "sent", None), (2, "failed", "HTTP 503 from ntfy.sh")):
        db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=clock() - timedelta(hours=hours_ago),
                                   channel=f"apprise:{first}", status=status, attempts=1, last_error=error,
                                   updated_at=clock()))
    db_session.commit()
    card = page_text_of(card_html(browser.get("/").get_data(as_text=True), schedule_id))
    assert "Last reminder, Sun 22 Nov, 11 am CET: failed (HTTP 503 from ntfy.sh)." in card
    assert card.count("Nothing sent yet.") == 1 and "Alexa: off" in card  # the second address


@pytest.mark.usefixtures("loopback_receivers_allowed")
def test_each_address_shows_its_last_test_even_after_the_notifications_page_showed_it(app, browser, db_session,
                                                                                        user, clock, hook):
    url, _ = hook
    schedule_id = add_schedule(db_session, user, clock(), every="2h", notify=[url])
    channel_id = db_session.scalar(select(NotificationChannel.id))
    browser.post(f"/channels/{channel_id}/test")
    finished_tests(app)
    assert "Test notification sent to json://127.0.0.1" in page_text(browser.get("/notifications"))
    card = page_text_of(card_html(browser.get("/").get_data(as_text=True), schedule_id))
    assert re.search(r"json://127\.0\.0\.1:\d+/hook Nothing sent yet\. Test notification sent to json://", card)


def test_only_when_behind_is_set_for_all_water_reminders_and_new_ones(browser, db_session, user, clock):
    assert "Only remind me when I'm behind" not in page_text(browser.get("/"))
    water = [add_schedule(db_session, user, clock(), every="2h"), add_schedule(db_session, user, clock(), every="3h")]
    stretch = add_schedule(db_session, user, clock(), kind="stretch", at="21:00")
    response = browser.post("/reminders/pace", {"only_when_behind": "on"})
    assert response.headers["Location"] == "/#water-reminders-message"
    html = browser.get("/").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" id="only-when-behind"[^>]* checked>', html)
    assert "now come only when you're behind" in notice(html, "water-reminders").text
    assert [fresh(db_session, schedule_id).only_when_behind for schedule_id in water] == [True, True]
    assert fresh(db_session, stretch).only_when_behind is False
    browser.post("/reminders/new", HYDRATION_FORM)
    db_session.rollback()
    newest = db_session.scalar(select(ReminderSchedule).order_by(ReminderSchedule.id.desc()))
    assert newest.only_when_behind is True
    browser.post("/reminders/pace", {})
    assert not any(fresh(db_session, schedule_id).only_when_behind for schedule_id in water)
    assert not re.search(r'id="only-when-behind"[^>]* checked', browser.get("/").get_data(as_text=True))


def test_sign_out_says_so(browser):
    response = browser.post("/sign-out")
    assert response.headers["Location"] == "/#main-message"
    assert "You're signed out." in notice(browser.get("/").get_data(as_text=True), "main").text


def test_sign_in_returns_to_the_page_asked_for(app, db_session, user, clock):
    visitor = Browser(app)
    sent_to = visitor.get("/history?page=2").headers["Location"]
    assert sent_to == "/?next=/history?page%3D2"
    assert '<input type="hidden" name="next" value="/history?page=2">' in visitor.get(sent_to).get_data(as_text=True)
    response = visitor.post("/sign-in", {"code": issue_code(app, db_session, user, clock()), "next": "/history?page=2"})
    assert response.headers["Location"] == "/history?page=2#main"


@pytest.mark.parametrize("wanted", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
                                    "/ok\r\nSet-Cookie: x=1", "history"])
def test_sign_in_never_follows_a_way_back_off_this_site(app, db_session, user, clock, wanted):
    visitor = Browser(app)
    assert 'name="next"' not in visitor.get("/", query_string={"next": wanted}).get_data(as_text=True)
    response = visitor.post("/sign-in", {"code": issue_code(app, db_session, user, clock()), "next": wanted})
    assert response.status_code == 302 and response.headers["Location"] == "/#main"


def page_text_of(html: str) -> str:
    return " ".join(html_entities.unescape(re.sub(r"<[^>]+>", " ", html)).split())
