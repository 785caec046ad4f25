"""Signing in to the web pages with the code Alexa speaks; sessions, sign-out and rate limits."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import WebSignInCode
from tests.web.support import Browser, issue_code, make_user, page_text, signed_in_browser

USER_ID = "amzn1.ask.account.WEBUSER1"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(web_session_hours=2,
                                   sign_in_limits_per_address="4 per minute",
                                   sign_in_limits_per_code_space="6 per minute",
                                   sign_in_limits_per_account="2 per minute")


@pytest.fixture
def user(db_session, clock):
    return make_user(db_session, USER_ID, clock())


def test_root_when_signed_out_shows_code_form_and_how_to_get_a_code(app):
    response = Browser(app).get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Alexa, ask cramp coach for my web code" in text
    assert 'name="code"' in response.get_data(as_text=True)
    assert "Sign out" not in text


def test_sign_in_with_spoken_code_redirects_to_reminders_list(app, db_session, user, clock):
    browser = Browser(app)
    response = browser.sign_in(issue_code(app, db_session, user, clock()))
    assert response.status_code == 302 and response.headers["Location"] == "/#main"
    page = page_text(browser.get("/"))
    assert "Reminders" in page and "Sign out" in page


def test_sign_in_accepts_code_typed_with_a_space(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    assert Browser(app).sign_in(f"{code[:3]} {code[3:]}").status_code == 302


def test_code_works_only_once(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    assert Browser(app).sign_in(code).status_code == 302
    second = Browser(app).sign_in(code)
    assert second.status_code == 200
    assert "was used already" in page_text(second)


def test_code_is_refused_after_ten_minutes(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    clock.advance(minutes=10)
    response = Browser(app).sign_in(code)
    assert "more than 10 minutes old" in page_text(response)


def test_code_is_accepted_just_before_ten_minutes(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    clock.advance(minutes=9, seconds=59)
    assert Browser(app).sign_in(code).status_code == 302


def test_asking_again_replaces_the_older_code(app, db_session, user, clock):
    first = issue_code(app, db_session, user, clock())
    second = issue_code(app, db_session, user, clock())
    if first != second:
        assert "was used already" in page_text(Browser(app).sign_in(first))
    assert Browser(app).sign_in(second).status_code == 302


def test_code_is_stored_only_as_a_keyed_hash(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    stored = db_session.scalars(select(WebSignInCode.code_hash)).all()
    assert len(stored) == 1
    assert code not in stored[0] and len(stored[0]) == 64


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Type the 6-digit code Alexa said."),
    ("12ab56", "A code is 6 digits, for example 123456."),
    ("1234567", "A code is 6 digits, for example 123456."),
])
def test_malformed_code_shows_plain_error_beside_the_field(app, typed, message):
    response = Browser(app).sign_in(typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="code-error"' in html and message in page_text(response)
    assert 'aria-describedby="code-error"' in html


def test_wrong_code_says_how_to_get_a_new_one(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert "ask cramp coach for my web code" in page_text(Browser(app).sign_in(wrong))


def test_session_ends_after_the_configured_time(app, db_session, user, clock):
    browser = signed_in_browser(app, db_session, user, clock())
    clock.advance(hours=1, minutes=59)
    assert "Sign out" in page_text(browser.get("/"))
    clock.advance(minutes=1)
    assert "Sign out" not in page_text(browser.get("/"))
    assert browser.get("/history").headers["Location"] == "/?next=/history"


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app, db_session, user, clock):
    browser = signed_in_browser(app, db_session, user, clock())
    cookie = browser.client.get_cookie("cramp_coach_session").value
    response = browser.post("/sign-out")
    assert response.status_code == 302
    assert "Sign in" in page_text(browser.get("/"))
    thief = Browser(app)
    thief.client.set_cookie("cramp_coach_session", cookie)
    assert "Sign out" not in page_text(thief.get("/"))
    assert thief.get("/account").status_code == 302


@pytest.mark.parametrize("path", ["/notifications", "/history", "/account", "/account/data.json",
                                  "/reminders/new", "/reminders/1/edit", "/account/delete"])
def test_signed_out_visitor_is_sent_to_sign_in_remembering_the_page(app, path):
    response = Browser(app).get(path)
    assert response.status_code == 302 and response.headers["Location"] == f"/?next={path}"


def test_session_cookie_is_httponly_and_samesite_lax_without_secure_over_http(app, db_session, user, clock):
    browser = Browser(app)
    response = browser.sign_in(issue_code(app, db_session, user, clock()))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_too_many_tries_from_one_address_are_refused_with_plain_words(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    browser = Browser(app, remote_addr="203.0.113.7")
    for _ in range(4):
        assert browser.sign_in("000000").status_code == 200
    refused = browser.sign_in(code)
    assert refused.status_code == 429
    assert "Too many tries" in page_text(refused)
    assert 'id="code-error"' in refused.get_data(as_text=True)
    assert Browser(app, remote_addr="203.0.113.8").sign_in(code).status_code == 302


def test_tries_from_many_addresses_together_are_limited_for_that_part_of_the_code_space(app, db_session, user,
                                                                                       clock):
    code = issue_code(app, db_session, user, clock())
    other_part = f"{(int(code[:2]) + 1) % 100:02d}"
    for address in range(6):
        assert Browser(app, remote_addr=f"198.51.100.{address}").sign_in(f"{other_part}0000").status_code == 200
    refused = Browser(app, remote_addr="198.51.100.200").sign_in(f"{other_part}9999")
    assert refused.status_code == 429
    assert "type your code again" in page_text(refused) and "new code" not in page_text(refused)
    real_user = Browser(app, remote_addr="192.0.2.50")
    assert real_user.sign_in(code).status_code == 302
    assert "Sign out" in page_text(real_user.get("/"))


def test_guesses_in_one_part_of_the_code_space_lock_out_only_that_part(app, db_session, user, clock):
    code = issue_code(app, db_session, user, clock())
    for address in range(6):
        Browser(app, remote_addr=f"198.51.100.{address}").sign_in(f"{code[:2]}{(int(code[2:]) + 1) % 10000:04d}")
    refused = Browser(app, remote_addr="192.0.2.50").sign_in(code)
    assert refused.status_code == 429
    assert "a code from Alexa keeps working for 10 minutes" in page_text(refused)
    db_session.rollback()
    assert db_session.scalar(select(WebSignInCode.id)) is not None, "the code was not used up"


@pytest.mark.parametrize("typed", ["", "12ab56", "1234567", "   "])
def test_empty_and_malformed_codes_do_not_count_towards_the_limits(app, db_session, user, clock, typed):
    browser = Browser(app, remote_addr="203.0.113.9")
    for _ in range(10):
        assert browser.sign_in(typed).status_code == 200
    assert browser.sign_in(issue_code(app, db_session, user, clock())).status_code == 302


def test_sign_ins_to_one_account_are_limited_and_the_code_stays_valid(app, db_session, user, clock):
    for _ in range(2):
        assert Browser(app).sign_in(issue_code(app, db_session, user, clock())).status_code == 302
    code = issue_code(app, db_session, user, clock())
    refused = Browser(app).sign_in(code)
    assert refused.status_code == 429 and "Too many tries" in page_text(refused)
    db_session.rollback()
    assert db_session.scalar(select(WebSignInCode.id)) is not None
