""""Only when I'm behind" in the dispatch pass: an occurrence is skipped (on track) exactly when the
day's intake is on pace, also on the days the clocks change."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from foundations.settings import settings_from_env
from habits.goals import set_goal
from habits.owner import Owner
from habits.water import log_water
from models import DeliveryLog, ReminderSchedule, StretchLog, WaterLog
from reminders.channels import ChannelRegistry
from reminders.channels.keys import ALEXA
from reminders.schedules import create_schedule
from reminders.spec import ScheduleSpec
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.scheduler.support import make_user

NEW_YORK = ZoneInfo("America/New_York")
EVERY_2H = ScheduleSpec(kind="hydration", time_zone="America/New_York", every="2h", between="08:00-20:00")
SPRING_FORWARD, FALL_BACK, PLAIN_DAY = date(2026, 3, 8), date(2026, 11, 1), date(2026, 11, 4)


class Recorder:
    def __init__(self):
        self.sent: list[int] = []

    def factory(self, schedule, reference):
        recorder = self

        class Bound:
            def deliver(self, message):
                recorder.sent.append(schedule.id)

        return Bound()


def local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), NEW_YORK)


def pass_at_two_pm(session_factory, day: date, drunk_ml: int, only_when_behind: bool = True,
                   person: str | None = None) -> tuple[list[int], DeliveryLog]:
    """A 2 PM occurrence (half of the 8-to-8 day) with ``drunk_ml`` logged that morning and a 2 litre goal."""
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.PACE", local(day, 7))
        schedule = create_schedule(session, user, EVERY_2H, local(day, 13))
        schedule.only_when_behind = only_when_behind
        owner = Owner.of(user.id, None, "America/New_York")
        set_goal(session, owner, 2000, local(day, 7))
        if drunk_ml:
            log_water(session, Owner.of(user.id, person, "America/New_York"), drunk_ml, local(day, 9),
                      local(day, 9), "web")
        session.commit()
        schedule_id = schedule.id
    recorder = Recorder()
    Dispatcher(session_factory, DispatchPolicy(), ChannelRegistry({ALEXA: recorder.factory})).run_pass(
        local(day, 14) + timedelta(minutes=1))
    with session_factory() as session:
        [row] = session.scalars(select(DeliveryLog).where(DeliveryLog.schedule_id == schedule_id))
        assert session.get(ReminderSchedule, schedule_id).next_due_at == local(day, 16)
        return recorder.sent, row


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK, PLAIN_DAY], ids=["spring forward", "fall back", "plain"])
def test_on_pace_at_two_pm_is_skipped_as_on_track(session_factory, day):
    sent, row = pass_at_two_pm(session_factory, day, 1000)

    assert sent == []
    assert (row.status, row.last_error, row.occurs_at) == ("skipped", "on track", local(day, 14))


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK, PLAIN_DAY], ids=["spring forward", "fall back", "plain"])
def test_behind_pace_at_two_pm_is_sent(session_factory, day):
    sent, row = pass_at_two_pm(session_factory, day, 999)

    assert len(sent) == 1 and row.status == "sent"


def test_a_schedule_not_set_to_only_when_behind_is_sent_however_much_was_drunk(session_factory):
    sent, row = pass_at_two_pm(session_factory, PLAIN_DAY, 2000, only_when_behind=False)

    assert len(sent) == 1 and row.status == "sent"


def test_a_household_members_own_water_does_not_hold_back_the_accounts_reminder(session_factory):
    sent, row = pass_at_two_pm(session_factory, PLAIN_DAY, 2000, person="amzn1.ask.person.KID")

    assert len(sent) == 1 and row.status == "sent"


def test_the_worker_deletes_habit_logs_older_than_the_retention_period(session_factory):
    now = local(PLAIN_DAY, 12)
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.OLD", now)
        for days in (731, 729):
            session.add(WaterLog(user_id=user.id, drunk_at=now - timedelta(days=days), amount_ml=250, source="web",
                                 created_at=now - timedelta(days=days)))
            session.add(StretchLog(user_id=user.id, done_at=now - timedelta(days=days), source="voice",
                                   created_at=now - timedelta(days=days)))
        session.commit()

    Dispatcher(session_factory, DispatchPolicy(), ChannelRegistry({})).run_pass(now)

    with session_factory() as session:
        assert [log.drunk_at for log in session.scalars(select(WaterLog))] == [now - timedelta(days=729)]
        assert [log.done_at for log in session.scalars(select(StretchLog))] == [now - timedelta(days=729)]


def test_habit_retention_is_a_setting_of_two_years_by_default():
    assert settings_from_env({}).habit_retention_days == 730
    assert settings_from_env({"CRAMP_COACH_HABIT_RETENTION_DAYS": "90"}).habit_retention_days == 90
