"""Signed action links in reminder notifications: "Done" and "Snooze 30 min", no sign-in needed.

A link names the schedule, the occurrence and the action, signed with the app's secret key (a
salt of its own keeps it from passing for any other signed value). It is good for 24 hours from
the occurrence and works once: its first use is recorded (a unique row), any later one refused.
The schedule decides whose data it touches, so a link can only ever act for its own account.
The same occurrence always gets the same link, so a retried notification repeats it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from habits.owner import Owner
from habits.stretches import log_stretch
from habits.units import Units
from habits.water import log_water
from models import ActionLinkUse, ReminderSchedule

DONE = "done"
SNOOZE = "snooze"
ACTIONS = (DONE, SNOOZE)
LIFETIME = timedelta(hours=24)
SNOOZE_FOR = timedelta(minutes=30)
SALT = "cramp-coach.action-link"
PATH = "/act/"


class LinkRefused(ValueError):
    """A link that cannot act: ``reason`` is ``expired``, ``used`` or ``gone`` (schedule deleted)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ActionLink:
    schedule_id: int
    occurs_at: datetime
    action: str

    def expired(self, now: datetime) -> bool:
        return now > self.occurs_at + LIFETIME


class ActionLinks:
    """Makes and reads the links; ``public_url`` is where the web pages are reached."""

    def __init__(self, secret_key: str, public_url: str):
        self._serializer = URLSafeSerializer(secret_key, salt=SALT)
        self.public_url = public_url.rstrip("/")

    def url(self, schedule_id: int, occurs_at: datetime, action: str) -> str:
        token = self._serializer.dumps([schedule_id, int(occurs_at.timestamp()), action])
        return f"{self.public_url}{PATH}{token}"

    def read(self, token: str) -> ActionLink | None:
        """The link a token stands for; None when it was not signed by us or is malformed."""
        try:
            schedule_id, stamp, action = self._serializer.loads(token)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(schedule_id, int) or not isinstance(stamp, int) or action not in ACTIONS:
            return None
        return ActionLink(schedule_id, datetime.fromtimestamp(stamp, timezone.utc), action)


def link_schedule(session: Session, link: ActionLink, now: datetime) -> ReminderSchedule:
    """The schedule a usable link acts on; LinkRefused if expired, used or deleted."""
    if link.expired(now):
        raise LinkRefused("expired")
    schedule = session.get(ReminderSchedule, link.schedule_id)
    if schedule is None:
        raise LinkRefused("gone")
    if session.scalar(select(ActionLinkUse.id).where(
            ActionLinkUse.schedule_id == link.schedule_id, ActionLinkUse.occurs_at == link.occurs_at,
            ActionLinkUse.action == link.action)) is not None:
        raise LinkRefused("used")
    return schedule


def use_link(session: Session, link: ActionLink, now: datetime) -> ReminderSchedule:
    """Record the link's one use and, for Done, log the glass or the stretch for its account.

    Snoozing is the scheduler's rule; the caller applies it to the schedule returned. Raises
    LinkRefused when the link cannot act (a concurrent second use loses on the unique row).
    """
    schedule = link_schedule(session, link, now)
    try:
        with session.begin_nested():
            session.add(ActionLinkUse(user_id=schedule.user_id, schedule_id=schedule.id, occurs_at=link.occurs_at,
                                      action=link.action, used_at=now))
    except IntegrityError:
        raise LinkRefused("used") from None
    if link.action == DONE:
        owner = Owner.of(schedule.user_id, None, schedule.time_zone)
        if schedule.kind == "hydration":
            log_water(session, owner, Units(schedule.user.locale or "en-US").glass_ml, now, now, "link")
        else:
            log_stretch(session, owner, now, "link")
    return schedule
