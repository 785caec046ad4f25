"""A schedule as an Alexa reminder: RFC 5545 recurrence rules in the user's time zone, a short text.

Alexa rings the reminder itself, so the rules list the local clock times the schedule fires at.
Times sharing the same minutes share one rule (every two hours from 8 to 20 is one rule with
``BYHOUR=8,10,…,20;BYMINUTE=0``). Quiet hours are left out. Interval schedules follow the wall
clock on the speaker: on a daylight-saving day the times stay put rather than shift by the gap.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from zoneinfo import ZoneInfo

from ask_sdk_model.services.reminder_management import (AlertInfo, PushNotification, PushNotificationStatus,
                                                        Recurrence, ReminderRequest, SpokenInfo, SpokenText,
                                                        Trigger, TriggerType)

from models import ReminderSchedule
from reminders.recurrence import INTERVAL, WEEKLY

RFC5545_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MINUTES_PER_DAY = 24 * 60


def wall_times(schedule: ReminderSchedule) -> list[time]:
    """The local clock times the schedule fires at on a day it fires, without quiet hours."""
    if schedule.recurrence == INTERVAL:
        start = _minutes(schedule.window_start)
        end = _minutes(schedule.window_end)
        if end <= start:
            end += MINUTES_PER_DAY
        minutes = range(start, end + 1, schedule.interval_minutes)
        times = sorted({time(*divmod(minute % MINUTES_PER_DAY, 60)) for minute in minutes})
    else:
        times = sorted(time.fromisoformat(value) for value in schedule.times_of_day)
    if schedule.quiet_start is None:
        return times
    quiet = (schedule.quiet_start, schedule.quiet_end)
    return [wall for wall in times if not _in_window(wall, quiet)]


def recurrence_rules(schedule: ReminderSchedule) -> list[str]:
    """RFC 5545 rules (``FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0``) for the schedule's times."""
    hours_by_minutes: dict[tuple[int, ...], list[int]] = defaultdict(list)
    minutes_by_hour: dict[int, list[int]] = defaultdict(list)
    for wall in wall_times(schedule):
        minutes_by_hour[wall.hour].append(wall.minute)
    for hour, minutes in sorted(minutes_by_hour.items()):
        hours_by_minutes[tuple(minutes)].append(hour)
    frequency = "FREQ=DAILY"
    if schedule.recurrence == WEEKLY:
        frequency = "FREQ=WEEKLY;BYDAY=" + ",".join(RFC5545_DAYS[day] for day in sorted(schedule.weekdays))
    return [f"{frequency};BYHOUR={_joined(hours)};BYMINUTE={_joined(minutes)};BYSECOND=0"
            for minutes, hours in sorted(hours_by_minutes.items(), key=lambda item: item[1][0])]


def reminder_request(schedule: ReminderSchedule, text: str, locale: str, now: datetime) -> ReminderRequest | None:
    """The Reminders API body for the schedule, starting now or when its snooze ends;
    ``None`` when quiet hours leave nothing to ring."""
    rules = recurrence_rules(schedule)
    if not rules:
        return None
    zone = ZoneInfo(schedule.time_zone)
    starts = max(now, schedule.snoozed_until or now)
    return ReminderRequest(
        request_time=_local(now, zone),
        trigger=Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE, time_zone_id=schedule.time_zone,
                        recurrence=Recurrence(start_date_time=_local(starts, zone), recurrence_rules=rules)),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    """Local wall time without an offset: the Reminders API reads it in ``timeZoneId``."""
    return instant.astimezone(zone).replace(tzinfo=None, microsecond=0)


def _minutes(wall: time) -> int:
    return wall.hour * 60 + wall.minute


def _in_window(wall: time, window: tuple[time, time]) -> bool:
    """Whether ``wall`` lies in [start, end), as the worker counts quiet hours; may wrap midnight."""
    start, end = window
    return start <= wall < end if start < end else (wall >= start or wall < end)


def _joined(numbers: list[int] | tuple[int, ...]) -> str:
    return ",".join(str(number) for number in numbers)
