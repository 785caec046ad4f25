"""Out-of-session changes reach the user's Alexa reminder: an edit, pause or delete made elsewhere
queues a sync; the worker's pass gets a Login with Amazon token and sends a Skill Messaging
message; Alexa's ``Messaging.MessageReceived`` callback lets the skill PUT or DELETE the reminder.
Every API error is retried or ends in a clear status, never a crash."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from foundations.alexa_api import REMINDERS_SCOPE, messenger_from_settings
from models import AlexaSyncJob, ReminderSchedule, User
from models.alexa_sync_job import BLOCKED, FAILED, MESSAGED, PENDING
from models.database import make_engine, make_session_factory
from reminders.alexa_sync import MAX_ATTEMPTS
from reminders.schedules import delete_schedule, pause_schedule, update_schedule
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.alexa.envelopes import builtin, kind, speech


@pytest.fixture
def on_speaker(talk, db_session) -> ReminderSchedule:
    """A water reminder made by voice, with its Alexa reminder in place."""
    talk.grant()
    talk.intent("CreateReminderIntent", kind=kind("drink water", "HYDRATION"), interval=builtin("PT2H"))
    db_session.rollback()
    return db_session.scalar(select(ReminderSchedule))


@pytest.fixture
def worker(alexa_settings, stand_in, clock, database_url):
    """Runs one worker pass at the current test time."""
    engine = make_engine(database_url)
    dispatcher = Dispatcher(make_session_factory(engine), DispatchPolicy(),
                            messenger=messenger_from_settings(alexa_settings, stand_in.api_client(), clock))
    yield lambda: dispatcher.run_pass(clock())
    engine.dispose()


@pytest.fixture
def refused_callback(on_speaker, talk, worker, stand_in, db_session, clock) -> Callable[[int], AlexaSyncJob]:
    """Edits the reminder elsewhere and answers the callback's PUT with a status; gives the job left."""
    def refuse(status: int) -> AlexaSyncJob:
        edit_on_the_web(db_session, on_speaker, clock, every=180)
        worker()
        stand_in.fail("PUT", "/v1/alerts/reminders/", status)
        talk.deliver_messages()
        [job] = jobs(db_session)
        return job

    return refuse


def jobs(db_session) -> list[AlexaSyncJob]:
    db_session.rollback()
    return list(db_session.scalars(select(AlexaSyncJob)))


def edit_on_the_web(db_session, schedule, clock, **changes) -> None:
    update_schedule(db_session, schedule, clock(), **changes)
    db_session.commit()


def test_edit_made_elsewhere_updates_the_alexa_reminder_through_skill_messaging(on_speaker, talk, worker,
                                                                                  stand_in, db_session, clock):
    token = on_speaker.alexa_alert_token
    edit_on_the_web(db_session, on_speaker, clock, every=180)

    worker()

    [lwa] = stand_in.calls_to("POST", "/auth/o2/token")
    assert lwa.body["grant_type"] == "client_credentials" and lwa.body["scope"] == "alexa:skill_messaging"
    [message] = stand_in.calls_to("POST", f"/v1/skillmessages/users/{talk.user_id}")
    assert message.body == {"data": {"event": "alexa_reminder_sync"}, "expiresAfterSeconds": 3600}
    assert [job.status for job in jobs(db_session)] == [MESSAGED]

    assert talk.deliver_messages() == 1

    rules = stand_in.reminders[token]["body"]["trigger"]["recurrence"]["recurrenceRules"]
    assert rules == ["FREQ=DAILY;BYHOUR=8,11,14,17,20;BYMINUTE=0;BYSECOND=0"]
    assert stand_in.reminders[token]["version"] == 2 and jobs(db_session) == []


def test_pause_made_elsewhere_deletes_the_alexa_reminder(on_speaker, talk, worker, stand_in, db_session, clock):
    pause_schedule(on_speaker, clock())
    db_session.commit()
    worker()
    talk.deliver_messages()

    assert stand_in.reminders == {} and jobs(db_session) == []
    db_session.rollback()
    assert db_session.get(ReminderSchedule, on_speaker.id).alexa_alert_token is None


def test_deleting_the_schedule_elsewhere_deletes_its_alexa_reminder(on_speaker, talk, worker, stand_in, db_session):
    delete_schedule(db_session, on_speaker)
    db_session.commit()

    worker()
    talk.deliver_messages()

    assert stand_in.reminders == {} and jobs(db_session) == []
    assert [call.method for call in stand_in.calls_to("DELETE", "/v1/alerts/reminders/")] == ["DELETE"]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_busy_skill_messaging_is_retried_after_a_backoff(on_speaker, talk, worker, stand_in, db_session, clock, status):
    edit_on_the_web(db_session, on_speaker, clock, every=180)
    stand_in.fail("POST", "/v1/skillmessages/", status)

    worker()
    [job] = jobs(db_session)
    assert (job.status, job.attempts, job.next_attempt_at) == (PENDING, 1, clock() + timedelta(minutes=1))
    assert str(status) in job.last_error

    worker()
    assert stand_in.messages == []
    clock.advance(minutes=1)
    worker()
    talk.deliver_messages()
    assert jobs(db_session) == []


def test_lwa_refusing_the_credentials_leaves_the_change_queued(on_speaker, worker, stand_in, db_session, clock):
    edit_on_the_web(db_session, on_speaker, clock, every=180)
    stand_in.fail("POST", "/auth/o2/token", 401, code="INVALID_CLIENT")

    worker()

    [job] = jobs(db_session)
    assert job.status == PENDING and "lwa_token failed with HTTP 401" in job.last_error
    assert stand_in.messages == []


def test_user_unknown_to_skill_messaging_ends_the_job_as_failed(on_speaker, worker, stand_in, db_session, clock):
    edit_on_the_web(db_session, on_speaker, clock, every=180)
    stand_in.tokens.clear()  # Alexa no longer knows the user: the skill was disabled there

    worker()

    [job] = jobs(db_session)
    assert job.status == FAILED and "404" in job.last_error


@pytest.mark.parametrize("status", [429, 503])
def test_busy_reminders_api_during_the_callback_is_retried_by_the_worker(refused_callback, on_speaker, talk, worker,
                                                                          stand_in, db_session, clock, status):
    job = refused_callback(status)
    assert (job.status, job.attempts) == (PENDING, 2)

    clock.advance(minutes=2)
    worker()
    talk.deliver_messages()
    assert jobs(db_session) == []
    assert stand_in.reminders[on_speaker.alexa_alert_token]["version"] == 2


def test_reminder_deleted_in_the_alexa_app_is_forgotten_and_offered_again(on_speaker, talk, worker, stand_in,
                                                                           db_session, clock):
    edit_on_the_web(db_session, on_speaker, clock, every=180)
    stand_in.reminders.clear()

    worker()
    talk.deliver_messages()

    assert jobs(db_session) == []
    db_session.rollback()
    assert db_session.get(ReminderSchedule, on_speaker.id).alexa_alert_token is None
    assert "isn't on your speaker yet" in speech(talk.launch())


@pytest.mark.parametrize("status", [401, 403])
def test_permission_refused_blocks_the_change_until_the_user_grants_it_again(refused_callback, talk, worker,
                                                                              stand_in, db_session, status):
    job = refused_callback(status)
    assert job.status == BLOCKED
    assert db_session.scalar(select(User.alexa_reminders_allowed)) is False

    worker()
    assert stand_in.messages == []
    talk.event("AlexaSkillEvent.SkillPermissionAccepted", {"acceptedPermissions": [{"scope": REMINDERS_SCOPE}]})
    worker()
    talk.deliver_messages()
    assert jobs(db_session) == []


def test_callback_that_never_comes_is_asked_for_again_and_given_up_after_the_last_attempt(on_speaker, worker,
                                                                                           stand_in, db_session, clock):
    edit_on_the_web(db_session, on_speaker, clock, every=180)

    for _ in range(MAX_ATTEMPTS):
        worker()
        clock.advance(minutes=16)
    worker()

    assert len(stand_in.messages) == MAX_ATTEMPTS
    [job] = jobs(db_session)
    assert job.status == FAILED and "Alexa never called back" in job.last_error


def test_without_lwa_credentials_changes_wait_and_nothing_is_sent(on_speaker, settings, stand_in, db_session,
                                                                  clock, database_url):
    edit_on_the_web(db_session, on_speaker, clock, every=180)
    engine = make_engine(database_url)
    try:
        Dispatcher(make_session_factory(engine), DispatchPolicy(),
                   messenger=messenger_from_settings(settings, stand_in.api_client(), clock)).run_pass(clock())
    finally:
        engine.dispose()

    assert [job.status for job in jobs(db_session)] == [PENDING]
    assert stand_in.calls_to("POST", "/auth/o2/token") == []
