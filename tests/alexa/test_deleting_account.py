"""Deleting really deletes: removing the account on the web, or disabling the skill, deletes the
reminders on the user's Alexa devices too (queued, sent through Skill Messaging, retried)."""
from __future__ import annotations

from sqlalchemy import func, select

from models import AlexaSyncJob, ReminderSchedule, User
from models.alexa_sync_job import PENDING
from reminders.alexa_sync import schedule_changed
from tests.alexa.test_alexa_sync import jobs, on_speaker, worker  # noqa: F401 - fixtures
from tests.web.support import page_text, signed_in_browser


def users(db_session) -> int:
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(User))


def test_deleting_the_account_on_the_web_deletes_the_alexa_reminder_and_says_so(
        alexa_app, on_speaker, talk, worker, stand_in, db_session, clock):
    assert stand_in.user_reminders(talk.user_id)
    browser = signed_in_browser(alexa_app, db_session, db_session.get(User, on_speaker.user_id), clock())
    assert "on your Alexa devices too" in page_text(browser.get("/account/delete"))

    browser.post("/account/delete")

    assert "Reminders on your Alexa devices are being deleted too" in page_text(browser.get("/"))
    assert users(db_session) == 0 and db_session.scalar(select(func.count()).select_from(ReminderSchedule)) == 0
    [job] = jobs(db_session)
    assert (job.user_id, job.alexa_user_id, job.status) == (None, talk.user_id, PENDING)
    stand_in.fail("POST", "/v1/skillmessages/", 503)
    worker()
    assert stand_in.messages == [] and jobs(db_session)[0].attempts == 1
    clock.advance(minutes=2)
    worker()
    assert talk.deliver_messages() == 1
    assert stand_in.user_reminders(talk.user_id) == [] and jobs(db_session) == []
    assert users(db_session) == 0, "the callback leaves no trace of the deleted account"


def test_skill_disabled_deletes_the_alexa_reminders_too(on_speaker, talk, worker, stand_in, db_session):
    talk.event("AlexaSkillEvent.SkillDisabled")

    assert users(db_session) == 0
    assert [job.alexa_user_id for job in jobs(db_session)] == [talk.user_id]
    worker()
    talk.deliver_messages()
    assert stand_in.user_reminders(talk.user_id) == [] and jobs(db_session) == []
    assert [call.method for call in stand_in.calls_to("DELETE", "/v1/alerts/reminders/")] == ["DELETE"]


def test_a_deleted_accounts_pending_edit_becomes_a_deletion(on_speaker, talk, worker, stand_in, db_session, clock):
    on_speaker.interval_minutes = 180
    schedule_changed(on_speaker)
    db_session.commit()
    talk.event("AlexaSkillEvent.SkillDisabled")

    worker()
    talk.deliver_messages()

    assert stand_in.user_reminders(talk.user_id) == []
    assert db_session.scalar(select(func.count()).select_from(AlexaSyncJob)) == 0
    assert stand_in.calls_to("PUT", "/v1/alerts/reminders/") == []
