"""A notification's signed links: "Done" logs once, "Snooze 30 min" snoozes once; expired after 24 h,
tampered refused with a 400, and a link only ever acts for its own account."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from habits.links import DONE, SNOOZE, ActionLinks
from models import StretchLog, WaterLog
from reminders.messages import ReminderTexts
from reminders.schedules import create_schedule
from reminders.spec import ScheduleSpec
from tests.web.support import Browser, csrf_token, make_user

OCCURS = datetime(2026, 11, 22, 11, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def speaks_british_english(db_session, user):
    """A glass is 250 ml outside en-US."""
    user.locale = "en-GB"
    db_session.commit()


@pytest.fixture
def links(app) -> ActionLinks:
    return ActionLinks(app.secret_key, "https://coach.example")


def water_schedule(db_session, user, now, kind="hydration"):
    spec = ScheduleSpec(kind=kind, time_zone="Europe/Berlin", every=120) if kind == "hydration" else \
        ScheduleSpec(kind=kind, time_zone="Europe/Berlin", at=("09:00",))
    schedule = create_schedule(db_session, user, spec, now)
    db_session.commit()
    return schedule


def follow(app, url: str) -> tuple[int, str, int]:
    """Open the link, press its button: the page's status and text, and the button's status."""
    browser = Browser(app)
    path = url.removeprefix("https://coach.example")
    page = browser.get(path)
    if page.status_code != 200:
        return page.status_code, page.get_data(as_text=True), page.status_code
    done = browser.client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    return page.status_code, done.get_data(as_text=True), done.status_code


def water(db_session, user) -> list[int]:
    db_session.expire_all()
    return [log.amount_ml for log in db_session.scalars(select(WaterLog).where(WaterLog.user_id == user.id))]


def test_notification_body_carries_both_links_and_repeats_them_on_a_retry(links):
    texts = ReminderTexts.load(links=links)
    body = texts.message_for("hydration", 7, OCCURS).body

    assert "\nDone: https://coach.example/act/" in body and "\nSnooze 30 min: https://coach.example/act/" in body
    assert texts.message_for("hydration", 7, OCCURS).body == body


def test_done_logs_a_glass_once_and_says_so(app, db_session, user, clock, links):
    schedule = water_schedule(db_session, user, clock())
    url = links.url(schedule.id, OCCURS, DONE)

    opened, text, status = follow(app, url)
    assert (opened, status) == (200, 200)
    assert "Logged a glass of water" in text
    assert water(db_session, user) == [250]

    again, text, _ = follow(app, url)
    assert again == 410 and "already been used" in text
    assert water(db_session, user) == [250]


def test_opening_a_link_without_pressing_the_button_changes_nothing(app, db_session, user, clock, links):
    schedule = water_schedule(db_session, user, clock())
    page = Browser(app).get(links.url(schedule.id, OCCURS, DONE).removeprefix("https://coach.example"))

    assert page.status_code == 200 and "Log a glass of water." in page.get_data(as_text=True)
    assert water(db_session, user) == []


def test_done_on_a_stretch_reminder_logs_the_stretch(app, db_session, user, clock, links):
    schedule = water_schedule(db_session, user, clock(), kind="stretch")
    _, text, _ = follow(app, links.url(schedule.id, OCCURS, DONE))

    assert "Logged your stretch" in text
    assert db_session.scalar(select(StretchLog.source)) == "link"


def test_snooze_snoozes_the_reminder_for_30_minutes(app, db_session, user, clock, links):
    schedule = water_schedule(db_session, user, clock())
    _, text, status = follow(app, links.url(schedule.id, OCCURS, SNOOZE))

    db_session.expire_all()
    assert status == 200 and "Snoozed hydration until" in text
    assert db_session.get(type(schedule), schedule.id).snoozed_until == clock() + timedelta(minutes=30)


def test_a_link_expires_24_hours_after_its_reminder(app, db_session, user, clock, links):
    schedule = water_schedule(db_session, user, clock())
    clock.now = OCCURS + timedelta(hours=24, minutes=1)
    status, text, _ = follow(app, links.url(schedule.id, OCCURS, DONE))

    assert status == 410 and "expired" in text
    assert water(db_session, user) == []


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: ActionLinks("someone-elses-key", "https://x").url(1, OCCURS, DONE).rsplit("/", 1)[1],
    lambda token: "not-a-token",
])
def test_a_tampered_link_is_refused_with_400_on_open_and_on_use(app, db_session, user, clock, links, tamper):
    schedule = water_schedule(db_session, user, clock())
    token = tamper(links.url(schedule.id, OCCURS, DONE).rsplit("/", 1)[1])
    browser = Browser(app)

    assert browser.get(f"/act/{token}").status_code == 400
    assert browser.client.post(f"/act/{token}", data={"csrf_token": "x"}).status_code in (400,)
    assert water(db_session, user) == []


def test_another_users_link_only_ever_touches_their_own_data(app, db_session, user, clock, links):
    mine = water_schedule(db_session, user, clock())
    other = make_user(db_session, "amzn1.ask.account.OTHER", clock(), time_zone="Europe/Berlin")
    other.locale = "en-GB"
    theirs = water_schedule(db_session, other, clock())

    follow(app, links.url(theirs.id, OCCURS, DONE))

    assert water(db_session, user) == [] and water(db_session, other) == [250]
    assert links.url(theirs.id, OCCURS, DONE) != links.url(mine.id, OCCURS, DONE)
