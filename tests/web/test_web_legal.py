"""The privacy policy and terms of use: served to everyone, linked from every page's footer, and
naming everything Cramp Coach stores."""
from __future__ import annotations

import re

import pytest

from foundations.settings import PROJECT_ROOT
from models import Base, WaterLog
from tests.web.support import Browser, page_text

# Every table that holds a person's data, and the heading under which the privacy policy names it.
# A new table fails test_privacy_policy_names_every_kind_of_data_stored until it is described here.
DESCRIBED_AS = {
    "users": "Your Alexa user id",
    "reminder_schedules": "Your reminders",
    "alexa_sync_jobs": "Your reminders",
    "notification_channels": "Notification addresses",
    "account_addresses": "Notification addresses",
    "removed_addresses": "Notification addresses",
    "delivery_log": "Delivery history",
    "stretch_progress": "Stretch progress",
    "web_sessions": "Web sessions",
    "web_sign_in_codes": "Web sessions",
    "water_logs": "Water and stretch logs",
    "stretch_logs": "Water and stretch logs",
    "water_goals": "Water and stretch logs",
    "action_link_uses": "Delivery history",
}
# Kept out of the download: credentials, and the queue of changes on their way to Alexa.
NOT_EXPORTED = {"web_sessions", "web_sign_in_codes", "alexa_sync_jobs"}
# Where the account page's download (/account/data.json) puts each table's rows.
EXPORTED_AS = {"users": "user", "reminder_schedules": "reminder_schedules",
               "notification_channels": "reminder_schedules", "account_addresses": "account_addresses",
               "removed_addresses": "removed_addresses", "delivery_log": "delivery_log",
               "stretch_progress": "stretch_progress", "water_logs": "water_logs", "stretch_logs": "stretch_logs",
               "water_goals": "water_goals", "action_link_uses": "action_link_uses"}
FOOTER_LINE = "General information, not medical advice."


@pytest.mark.parametrize("path", ["/privacy", "/terms"])
def test_legal_pages_are_served_signed_out_and_signed_in_with_the_footer(app, browser, path):
    for visitor in (Browser(app), browser):
        response = visitor.get(path)
        assert response.status_code == 200
        assert FOOTER_LINE in page_text(response)
    assert "Sign out" in page_text(browser.get(path)) and "Sign out" not in page_text(Browser(app).get(path))


def test_privacy_policy_names_every_kind_of_data_stored(app):
    text = page_text(Browser(app).get("/privacy"))
    assert set(DESCRIBED_AS) == {table.name for table in Base.metadata.sorted_tables}
    missing = {table: heading for table, heading in DESCRIBED_AS.items() if heading not in text}
    assert missing == {}


def test_the_download_the_privacy_policy_promises_holds_every_kind_of_data(browser, user, db_session, clock):
    db_session.add(WaterLog(user_id=user.id, drunk_at=clock(), amount_ml=250, source="voice", created_at=clock()))
    db_session.commit()
    with browser.get("/account/data.json") as response:
        data = response.get_json()
    assert set(EXPORTED_AS) == set(DESCRIBED_AS) - NOT_EXPORTED
    assert set(EXPORTED_AS.values()) <= set(data)
    assert [row["amount_ml"] for row in data["water_logs"]] == [250]


def test_privacy_policy_says_why_how_long_and_how_to_get_and_delete_the_data(app, settings):
    text = page_text(Browser(app).get("/privacy"))
    for said in ("never asks about your health conditions", "How long it is kept", "Until you delete it",
                 f"water and stretch logs are deleted after {settings.habit_retention_days} days",
                 "disable the Cramp Coach skill", "download everything as a JSON file", "delete your data and account",
                 settings.contact_email):
        assert said in text
    html = Browser(app).get("/privacy").get_data(as_text=True)
    assert 'href="/account"' in html and f'href="mailto:{settings.contact_email}"' in html


def test_terms_carry_the_health_disclaimer_and_emergency_advice(app):
    text = page_text(Browser(app).get("/terms"))
    assert "General information, not medical advice" in text and "Ask your doctor" in text
    assert "In an emergency, call your local emergency number" in text


@pytest.mark.parametrize("path", ["/", "/account", "/history", "/privacy", "/terms", "/nowhere"])
def test_every_page_footer_links_privacy_and_terms(browser, path):
    html = browser.get(path).get_data(as_text=True)
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, flags=re.S)
    assert footer, path
    assert 'href="/privacy"' in footer.group(1) and 'href="/terms"' in footer.group(1)
    assert FOOTER_LINE in footer.group(1)


def test_the_footer_is_one_include_in_base_html():
    base = (PROJECT_ROOT / "web" / "templates" / "base.html").read_text(encoding="utf-8")
    assert base.count('{% include "web/_footer.html" %}') == 1

