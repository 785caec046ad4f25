"""Keeping each schedule's Alexa reminder in line with the schedule.

A reminder can only be created in a skill session (``create_reminder``, with the session's
Reminders API client). Changing or deleting it works out of session too, but only with a token
Alexa hands over when it calls the skill: so every edit, pause, snooze or deletion queues an
``AlexaSyncJob`` (``schedule_changed``/``schedule_deleted``, called by ``reminders.schedules``);
in a session the handler applies the queue at once (``apply_jobs``); otherwise the worker's
``send_sync_messages`` asks Alexa by Skill Messaging to call back, and the
``Messaging.MessageReceived`` handler applies it then. Failures are retried with backoff.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol

from ask_sdk_model.services.reminder_management import ReminderRequest, ReminderResponse
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from foundations.alexa_api import AlexaApiError, SkillMessenger, call_alexa
from models import AlexaSyncJob, ReminderSchedule, User
from models.alexa_sync_job import BLOCKED, FAILED, MESSAGED, PENDING
from reminders.alexa_reminder import reminder_request
from reminders.backoff import backoff
from reminders.messages import ReminderTexts

log = logging.getLogger(__name__)

SYNC_MESSAGE = {"event": "alexa_reminder_sync"}
"""The Skill Messaging payload: nothing personal, it only asks the skill to look at its queue."""
MESSAGE_TTL_SECONDS = 3600
CALLBACK_TIMEOUT = timedelta(minutes=15)
"""A message Alexa accepted but never delivered is sent again after this."""
MAX_ATTEMPTS = 12
"""About a day of backoff (1, 2, 4 … minutes, at most six hours apart) before giving up."""
RETRY_BASE = timedelta(minutes=1)
MAX_RETRY_WAIT = timedelta(hours=6)
BATCH_SIZE = 100
OPEN = (PENDING, MESSAGED, BLOCKED)


class RemindersApi(Protocol):
    """The part of the SDK's ``ReminderManagementServiceClient`` used here."""

    def create_reminder(self, reminder_request: ReminderRequest) -> ReminderResponse: ...

    def update_reminder(self, alert_token: str, reminder_request: ReminderRequest) -> ReminderResponse: ...

    def delete_reminder(self, alert_token: str) -> None: ...


@dataclass(frozen=True)
class SyncResult:
    applied: int = 0
    retrying: int = 0
    needs_permission: bool = False


def schedule_changed(schedule: ReminderSchedule) -> None:
    """Queue an update of the schedule's Alexa reminder (a deletion if it is paused or off Alexa)."""
    session = object_session(schedule)
    if schedule.alexa_alert_token and session is not None:
        _queue(session, schedule.user_id, schedule.id, schedule.alexa_alert_token)


def schedule_deleted(session: Session, schedule: ReminderSchedule) -> None:
    """Queue the deletion of the schedule's Alexa reminder; call it before deleting the schedule."""
    if schedule.alexa_alert_token:
        _queue(session, schedule.user_id, None, schedule.alexa_alert_token)


def user_deleted(session: Session, user: User) -> None:
    """Queue the deletion of every Alexa reminder of ``user``; call it before deleting the user.

    The jobs outlive the user (their ``user_id`` becomes ``None``): Skill Messaging asks Alexa to
    call back for the same Alexa userId, and the callback deletes the reminders from the speaker.
    """
    for schedule in session.scalars(select(ReminderSchedule).where(ReminderSchedule.user_id == user.id,
                                                                   ReminderSchedule.alexa_alert_token.is_not(None))):
        _queue(session, user.id, None, schedule.alexa_alert_token)
    session.flush()


def create_reminder(schedule: ReminderSchedule, api: RemindersApi, locale: str, now: datetime) -> bool:
    """Put the schedule on the user's Alexa devices (in session only); ``False`` if quiet hours
    leave nothing to ring. Raises ``AlexaApiError``; nothing is stored then."""
    request = reminder_request(schedule, reminder_text(schedule, now), locale, now)
    if request is None:
        return False
    response = call_alexa("create_reminder", api.create_reminder, request)
    schedule.alexa_alert_token = response.alert_token
    return True


def apply_jobs(session: Session, user: User, api: RemindersApi, locale: str, now: datetime) -> SyncResult:
    """Bring the user's queued Alexa reminders in line with their schedules, with a user token."""
    mine = or_(AlexaSyncJob.user_id == user.id,
               and_(AlexaSyncJob.user_id.is_(None), AlexaSyncJob.alexa_user_id == user.alexa_user_id))
    jobs = list(session.scalars(select(AlexaSyncJob).where(mine, AlexaSyncJob.status.in_(OPEN))
                                .order_by(AlexaSyncJob.id)))
    applied = retrying = 0
    for index, job in enumerate(jobs):
        try:
            _apply(session, job, api, locale, now)
        except AlexaApiError as error:
            if error.needs_permission:
                user.alexa_reminders_allowed = False
                for waiting in jobs[index:]:
                    waiting.status, waiting.next_attempt_at, waiting.last_error = BLOCKED, None, str(error)
                return SyncResult(applied, retrying, needs_permission=True)
            if error.retryable:
                retrying += _retry_later(job, now, str(error))
            else:
                job.status, job.next_attempt_at, job.last_error = FAILED, None, str(error)
        else:
            applied += 1
            session.delete(job)
    return SyncResult(applied, retrying)


def send_sync_messages(session: Session, messenger: SkillMessenger | None, now: datetime) -> int:
    """Ask Alexa to call the skill back for each user with due sync work; the messages sent."""
    due = list(session.scalars(
        select(AlexaSyncJob)
        .where(AlexaSyncJob.status.in_((PENDING, MESSAGED)),
               or_(AlexaSyncJob.next_attempt_at.is_(None), AlexaSyncJob.next_attempt_at <= now))
        .order_by(AlexaSyncJob.id).limit(BATCH_SIZE).with_for_update(skip_locked=True)))
    if not due:
        return 0
    if messenger is None:
        log.warning("%d Alexa reminder change(s) wait for Skill Messaging: set CRAMP_COACH_LWA_CLIENT_ID "
                    "and CRAMP_COACH_LWA_CLIENT_SECRET", len(due))
        return 0
    by_user: dict[str, list[AlexaSyncJob]] = defaultdict(list)
    for job in due:
        if job.attempts >= MAX_ATTEMPTS:
            job.status, job.next_attempt_at = FAILED, None
            job.last_error = f"gave up after {job.attempts} attempts: {job.last_error or 'Alexa never called back'}"
        else:
            by_user[job.alexa_user_id or session.get(User, job.user_id).alexa_user_id].append(job)
    sent = 0
    for alexa_user_id, jobs in by_user.items():
        try:
            messenger.send(alexa_user_id, SYNC_MESSAGE, MESSAGE_TTL_SECONDS)
        except AlexaApiError as error:
            for job in jobs:
                if error.not_found:  # Alexa no longer knows this user: the skill was disabled.
                    job.status, job.next_attempt_at, job.last_error = FAILED, None, str(error)
                else:
                    _retry_later(job, now, str(error))
            continue
        sent += 1
        for job in jobs:
            job.status, job.attempts, job.last_error = MESSAGED, job.attempts + 1, None
            job.next_attempt_at = now + CALLBACK_TIMEOUT
    return sent


def permission_changed(session: Session, user: User, granted: bool) -> None:
    """Record the user's reminders permission; granting it releases changes that were blocked."""
    user.alexa_reminders_allowed = granted
    if not granted:
        return
    for job in session.scalars(select(AlexaSyncJob).where(AlexaSyncJob.user_id == user.id,
                                                          AlexaSyncJob.status == BLOCKED)):
        job.status, job.next_attempt_at = PENDING, None


def speaker_offers(session: Session, user: User) -> list[ReminderSchedule]:
    """Running schedules meant for Alexa that are not on the user's devices yet (made on the web,
    resumed out of session, or not confirmed), oldest first."""
    return list(session.scalars(select(ReminderSchedule).where(*speaker_offer_conditions(user.id))
                                .order_by(ReminderSchedule.id)))


def speaker_offer_conditions(user_id) -> tuple:
    """What makes one of the user's schedules a speaker offer, as SQL conditions (``user_id``
    may be a value or a column)."""
    return (ReminderSchedule.user_id == user_id, ReminderSchedule.enabled.is_(True),
            ReminderSchedule.alexa_enabled.is_(True), ReminderSchedule.alexa_alert_token.is_(None))


def reminder_text(schedule: ReminderSchedule, now: datetime) -> str:
    """What the speaker says: the same short, sourced texts as the phone notifications."""
    return _texts().message_for(schedule.kind, schedule.id, now).body


def _apply(session: Session, job: AlexaSyncJob, api: RemindersApi, locale: str, now: datetime) -> None:
    schedule = session.get(ReminderSchedule, job.schedule_id) if job.schedule_id is not None else None
    wanted = (schedule is not None and schedule.enabled and schedule.alexa_enabled
              and schedule.alexa_alert_token == job.alert_token)
    request = reminder_request(schedule, reminder_text(schedule, now), locale, now) if wanted else None
    try:
        if request is None:
            call_alexa("delete_reminder", api.delete_reminder, job.alert_token)
        else:
            call_alexa("update_reminder", api.update_reminder, job.alert_token, request)
            return
    except AlexaApiError as error:
        if not error.not_found:
            raise
        # Already gone (deleted in the Alexa app): the schedule is offered for the speaker again.
    if schedule is not None and schedule.alexa_alert_token == job.alert_token:
        schedule.alexa_alert_token = None


def _retry_later(job: AlexaSyncJob, now: datetime, error: str) -> int:
    """Back off and try again, or give up after ``MAX_ATTEMPTS``; 1 if it will be retried."""
    job.attempts += 1
    job.last_error = error
    if job.attempts >= MAX_ATTEMPTS:
        job.status, job.next_attempt_at = FAILED, None
        return 0
    job.status = PENDING
    job.next_attempt_at = now + backoff(RETRY_BASE, job.attempts, cap=MAX_RETRY_WAIT)
    return 1


def _queue(session: Session, user_id: int, schedule_id: int | None, alert_token: str) -> None:
    job = session.scalar(select(AlexaSyncJob).where(AlexaSyncJob.alert_token == alert_token))
    if job is None:
        alexa_user_id = session.get(User, user_id).alexa_user_id
        try:
            with session.begin_nested():
                session.add(AlexaSyncJob(user_id=user_id, alexa_user_id=alexa_user_id, schedule_id=schedule_id,
                                         alert_token=alert_token, status=PENDING, attempts=0))
            return
        except IntegrityError:  # queued at the same moment by another request
            job = session.scalar(select(AlexaSyncJob).where(AlexaSyncJob.alert_token == alert_token))
    job.schedule_id = schedule_id
    if job.status != MESSAGED:
        job.status, job.attempts, job.next_attempt_at = PENDING, 0, None


@lru_cache(maxsize=1)
def _texts() -> ReminderTexts:
    return ReminderTexts.load()
