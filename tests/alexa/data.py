"""Reading and seeding stored reminder data in the Alexa tests."""
from __future__ import annotations

from sqlalchemy import select

from models import ReminderSchedule, User
from reminders.schedules import create_schedule
from reminders.spec import ScheduleSpec

PHONE = "ntfy://cramp-coach-test-topic"


def stored(db_session) -> list[ReminderSchedule]:
    """The schedules as committed now (ending the test session's read snapshot first)."""
    db_session.rollback()
    return list(db_session.scalars(select(ReminderSchedule).order_by(ReminderSchedule.id)))


def web_schedule(db_session, clock, user_id: str, notify: tuple[str, ...] = (PHONE,)) -> int:
    """A schedule made on the web page for a user who has used the skill before."""
    user = db_session.scalar(select(User).where(User.alexa_user_id == user_id))
    if user is None:
        user = User(alexa_user_id=user_id, created_at=clock(), last_seen_at=clock())
        db_session.add(user)
    schedule = create_schedule(db_session, user, ScheduleSpec(kind="stretch", time_zone="America/New_York",
                                                              at="21:00", notify=notify), clock())
    db_session.commit()
    return schedule.id
