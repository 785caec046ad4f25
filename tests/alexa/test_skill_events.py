"""Skill events: the reminders permission granted or withdrawn in the Alexa app decides whether the
Alexa channel may be used; disabling the skill deletes the user's data and nobody else's."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from foundations.alexa_api import REMINDERS_SCOPE
from models import (
    AlexaSyncJob,
    DeliveryLog,
    NotificationChannel,
    ReminderSchedule,
    User,
)
from models.alexa_sync_job import PENDING
from models.database import make_engine, make_session_factory
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.alexa.data import PHONE, web_schedule
from tests.alexa.envelopes import OTHER_USER, Talk, builtin, kind

ACCEPTED = {"acceptedPermissions": [{"scope": REMINDERS_SCOPE}]}
OTHER_SCOPES_ONLY = {"acceptedPermissions": [{"scope": "alexa::profile:given_name:read"}]}


def allowed(db_session, user_id: str) -> bool | None:
    db_session.rollback()
    return db_session.scalar(select(User.alexa_reminders_allowed).where(User.alexa_user_id == user_id))


def test_permission_accepted_and_changed_events_record_the_reminders_permission(talk, db_session):
    body = talk.event("AlexaSkillEvent.SkillPermissionAccepted", ACCEPTED)
    assert allowed(db_session, talk.user_id) is True
    assert "outputSpeech" not in body["response"]

    talk.event("AlexaSkillEvent.SkillPermissionChanged", OTHER_SCOPES_ONLY)
    assert allowed(db_session, talk.user_id) is False

    talk.event("AlexaSkillEvent.SkillPermissionChanged", ACCEPTED)
    assert allowed(db_session, talk.user_id) is True


def test_withdrawn_permission_makes_the_alexa_channel_fail_with_a_reason(talk, db_session, clock, database_url):
    talk.grant()
    talk.intent("CreateReminderIntent", kind=kind("stretch", "STRETCH"), time=builtin("08:00"))
    talk.event("AlexaSkillEvent.SkillPermissionChanged", {"acceptedPermissions": []})
    clock.advance(hours=1)
    engine = make_engine(database_url)
    try:
        Dispatcher(make_session_factory(engine), DispatchPolicy()).run_pass(clock())
    finally:
        engine.dispose()

    db_session.rollback()
    [log] = db_session.scalars(select(DeliveryLog))
    assert (log.channel, log.status) == ("alexa", "failed")
    assert "Alexa reminders were turned off for Cramp Coach" in log.last_error


def test_skill_disabled_deletes_the_users_schedules_logs_channels_and_tokens_only(talk, db_session, clock,
                                                                                  alexa_app, stand_in):
    other = Talk(alexa_app.test_client(), stand_in, clock, user_id=OTHER_USER, permitted=True)
    for person in (talk, other):
        web_schedule(db_session, clock, person.user_id)
        person.grant()
        person.intent("CreateReminderIntent", kind=kind("drink water", "HYDRATION"), interval=builtin("PT2H"))
    db_session.rollback()
    for schedule in db_session.scalars(select(ReminderSchedule)):
        db_session.add(DeliveryLog(schedule_id=schedule.id, occurs_at=clock() - timedelta(hours=1), channel="alexa",
                                   status="sent", attempts=1, updated_at=clock()))
        if schedule.alexa_alert_token:
            db_session.add(AlexaSyncJob(user_id=schedule.user_id, schedule_id=schedule.id, status=PENDING,
                                        alert_token=schedule.alexa_alert_token, attempts=0))
    db_session.commit()

    deleted_tokens = set(db_session.scalars(select(ReminderSchedule.alexa_alert_token).join(User).where(
        User.alexa_user_id == talk.user_id, ReminderSchedule.alexa_alert_token.is_not(None))))
    body = talk.event("AlexaSkillEvent.SkillDisabled", {"userInformationPersistenceStatus": "PERSISTED"})

    assert "outputSpeech" not in body["response"]
    db_session.rollback()
    assert db_session.scalars(select(User.alexa_user_id)).all() == [OTHER_USER]
    counts = {model.__name__: db_session.scalar(select(func.count()).select_from(model))
              for model in (ReminderSchedule, NotificationChannel, DeliveryLog, AlexaSyncJob)}
    assert counts == {"ReminderSchedule": 2, "NotificationChannel": 2, "DeliveryLog": 2, "AlexaSyncJob": 2}
    assert {url for url in db_session.scalars(select(NotificationChannel.apprise_url))} == {PHONE}
    # What is left of the disabled user: the deletion of their speaker's reminder, still owed.
    assert {(job.user_id is None, job.schedule_id is None) for job in db_session.scalars(
        select(AlexaSyncJob).where(AlexaSyncJob.alert_token.in_(deleted_tokens)))} == {(True, True)}
    assert {s.user.alexa_user_id for s in db_session.scalars(select(ReminderSchedule))} == {OTHER_USER}


def test_skill_disabled_by_someone_never_seen_leaves_no_trace(talk, db_session):
    talk.event("AlexaSkillEvent.SkillDisabled", {"userInformationPersistenceStatus": "NOT_PERSISTED"})

    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_a_message_that_is_not_ours_is_acknowledged_and_ignored(talk, stand_in):
    body = talk.post({"type": "Messaging.MessageReceived", "message": {"hello": "world"}}, in_session=False)

    assert "outputSpeech" not in body["response"]
    assert stand_in.calls_to("PUT", "/v1/alerts") == [] and stand_in.calls_to("DELETE", "/v1/alerts") == []
