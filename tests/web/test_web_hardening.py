"""Out-of-range ids and pages are a 404; HSTS over https; signed-in pages are never cached."""
from __future__ import annotations

import pytest

from tests.web.support import Browser, add_schedule

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", [f"/reminders/{HUGE}/edit", f"/reminders/{HUGE}/delete", "/reminders/2147483648/edit"])
def test_ids_beyond_the_databases_range_are_not_found(browser, path):
    assert browser.get(path).status_code == 404


@pytest.mark.parametrize("path", [f"/reminders/{HUGE}/pause", f"/channels/{HUGE}/test", f"/channels/{HUGE}/delete"])
def test_posts_to_ids_beyond_the_databases_range_are_not_found(browser, path):
    assert browser.post(path).status_code == 404


def test_a_huge_history_page_is_not_found(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="2h")
    assert browser.get(f"/history?page={HUGE}").status_code == 404
    past_the_end = browser.get("/history?page=3")
    assert past_the_end.status_code == 302 and past_the_end.headers["Location"].endswith("page=1")


def test_signed_in_pages_are_not_stored_and_the_sign_in_page_may_be(app, browser):
    for path in ("/", "/notifications", "/history", "/account", "/account/data.json"):
        assert browser.get(path).headers.get("Cache-Control") == "no-store", path
    assert "no-store" not in (Browser(app).get("/").headers.get("Cache-Control") or "")


def test_hsts_is_sent_over_https_only(app):
    plain = Browser(app).get("/")
    secure = Browser(app).client.get("/", base_url="https://coach.example.com")
    assert "Strict-Transport-Security" not in plain.headers
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
