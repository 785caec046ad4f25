"""The habit on the web: the Today panel with quick-add, the week and month charts (empty, one day,
a year), the delivery log grouped by day with misses explained, CSV and JSON, export and deletion.

The clock reads Sunday 2026-11-22 12:00 UTC, 1 PM in Berlin, the user's zone.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import DeliveryLog, StretchLog, WaterLog
from tests.web.support import add_schedule, page_text


@pytest.fixture(autouse=True)
def speaks_british_english(db_session, user):
    user.locale = "en-GB"
    db_session.commit()


def add_water(db_session, user, at, ml=250, person=""):
    db_session.add(WaterLog(user_id=user.id, person_id=person, drunk_at=at, amount_ml=ml, source="voice", created_at=at))
    db_session.commit()


def water_bars(html: str, chart: str) -> list[float]:
    figure = html.split(f'id="{chart}-title"')[1].split("</figure>")[0]
    return [float(height) for height in re.findall(r'class="water-bar"[^>]*height="([\d.]+)"', figure)]


def test_today_panel_starts_empty_and_a_quick_add_glass_shows_at_once(browser, db_session, user):
    before = page_text(browser.get("/"))
    assert "Today Water: 0 millilitres of 2.2 litres" in before and "Stretches: 0" in before

    response = browser.post("/today/water", {"container": "GLASS"})
    assert response.status_code == 302
    after = page_text(browser.get("/"))
    assert "Added a glass of water." in after and "Water: 250 millilitres of 2.2 litres" in after
    assert db_session.scalar(select(WaterLog.source)) == "web"


def test_quick_add_without_the_forms_csrf_token_is_refused(browser, db_session):
    assert browser.post("/today/water", {"container": "GLASS"}, token=False).status_code == 400
    assert db_session.scalar(select(func.count()).select_from(WaterLog)) == 0


def test_quick_add_of_something_not_on_the_buttons_stores_nothing(browser, db_session):
    page = page_text(browser.get(browser.post("/today/water", {"container": "BUCKET"}).headers["Location"]))
    assert "Pick one of the buttons" in page
    assert db_session.scalar(select(func.count()).select_from(WaterLog)) == 0


def test_undo_and_i_did_my_stretch_from_the_panel(browser, db_session, user, clock):
    browser.post("/today/water", {"container": "BOTTLE"})
    browser.post("/today/water", {"container": "GLASS"})
    browser.post("/today/undo")
    browser.post("/today/stretch")
    page = page_text(browser.get("/"))

    assert "Water: 500 millilitres of 2.2 litres" in page and "Stretches: 1" in page


def test_panel_lists_the_rest_of_todays_reminders_from_all_schedules_in_time_order(browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), every="3h", between="09:00-18:00")
    add_schedule(db_session, user, clock(), kind="stretch", at="16:30")
    page = page_text(browser.get("/"))
    later = page.split("Still to come today")[1].split("Your week and month")[0]

    assert later.strip() == ("Sun 22 Nov, 3 pm CET — Hydration Sun 22 Nov, 4:30 pm CET — Stretch "
                             "Sun 22 Nov, 6 pm CET — Hydration")


def test_charts_for_an_empty_history_have_flat_bars_and_a_goal_line(browser):
    html = browser.get("/history").get_data(as_text=True)

    assert water_bars(html, "week") == [0.0] * 7 and water_bars(html, "month") == [0.0] * 30
    assert html.count('class="goal-line"') == 2 and "<script" not in html


def test_one_day_of_water_shows_as_todays_bar_and_in_the_table(browser, db_session, user, clock):
    add_water(db_session, user, clock() - timedelta(hours=1), 1100)
    response = browser.get("/history")
    html = response.get_data(as_text=True)

    assert water_bars(html, "week")[:6] == [0.0] * 6 and water_bars(html, "week")[6] == pytest.approx(69.0)
    assert "2026-11-22 1.1 litres no 0" in page_text(response)
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_year_of_data_charts_the_last_month_and_downloads_every_entry(browser, db_session, user, clock):
    for days in range(365):
        add_water(db_session, user, clock() - timedelta(days=days), 2500 if days % 2 else 1000)
    db_session.add(StretchLog(user_id=user.id, person_id="", done_at=clock(), routine_id="calf", source="routine",
                              created_at=clock()))
    db_session.commit()
    html = browser.get("/history").get_data(as_text=True)

    assert len(water_bars(html, "month")) == 30 and max(water_bars(html, "month")) == pytest.approx(138.0)
    assert html.count('class="stretch-bar"') == 2  # today, in the week and in the month
    rows = list(csv.DictReader(io.StringIO(browser.get("/history/habits.csv").get_data(as_text=True))))
    assert len(rows) == 366 and list(rows[0]) == ["date", "time", "what", "amount", "source"]
    assert rows[-1] == {"date": "2026-11-22", "time": "13:00", "what": "stretch", "amount": "calf", "source": "routine"}
    assert rows[0] == {"date": "2025-11-23", "time": "13:00", "what": "water", "amount": "1000 ml", "source": "voice"}
    assert json.loads(browser.get("/history/habits.json").get_data(as_text=True))[-1]["what"] == "stretch"


def test_a_household_members_own_logs_stay_off_the_account_pages(browser, db_session, user, clock):
    add_water(db_session, user, clock(), 999, person="amzn1.ask.person.KID")
    assert "Water: 0 millilitres" in page_text(browser.get("/"))
    assert browser.get("/history/habits.json").get_json() == []


def test_delivery_log_is_grouped_by_day_and_says_why_something_was_missed(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    for hours, status, error in ((1, "missed", "a later occurrence was due too"), (3, "skipped", "on track"),
                                 (26, "missed", "35 minutes late")):
        db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=clock() - timedelta(hours=hours),
                                   channel="alexa", status=status, attempts=0, last_error=error, updated_at=clock()))
    db_session.commit()
    page = page_text(browser.get("/history"))

    assert page.index("Sunday 22 November 2026") < page.index("Saturday 21 November 2026")
    assert "Missed A newer reminder was due by the time this one could go out" in page
    assert "Skipped You were on track with your water, so it held back." in page
    assert "it was 35 minutes late, so it was not sent" in page


def test_a_page_past_the_last_one_redirects_to_the_last(browser, db_session, user, clock):
    schedule_id = add_schedule(db_session, user, clock(), every="2h")
    for hours in range(1, 26):
        db_session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=clock() - timedelta(hours=hours),
                                   channel="alexa", status="sent", attempts=1, updated_at=clock()))
    db_session.commit()
    response = browser.get("/history?page=9")

    assert response.status_code == 302 and response.headers["Location"].endswith("/history?page=2")


def test_export_has_the_habit_data_and_deleting_the_account_removes_it(browser, db_session, user, clock):
    add_water(db_session, user, clock())
    browser.post("/today/stretch")
    data = json.loads(browser.get("/account/data.json").get_data(as_text=True))
    assert [row["amount_ml"] for row in data["water_logs"]] == [250] and len(data["stretch_logs"]) == 1

    browser.post("/account/delete")
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(WaterLog)) == 0
    assert db_session.scalar(select(func.count()).select_from(StretchLog)) == 0
