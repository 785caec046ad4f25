"""A schedule as an Alexa reminder: RFC 5545 recurrence rules in the user's time zone, a short text.

Alexa rings the reminder itself, so the rules list the local clock times the schedule fires at.
Times sharing the same minutes share one rule (every two hours from 8 to 20 is one rule with
``BYHOUR=8,10,…,20;BYMINUTE=0``). Quiet hours are left out. Interval schedules follow the wall
clock on the speaker: on a daylight-saving day the times stay put rather than shift by the gap.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from ask_sdk_model.services.reminder_management import (AlertInfo, PushNotification, PushNotificationStatus,
                                                        Recurrence, ReminderRequest, SpokenInfo, SpokenText,
                                                        Trigger, TriggerType)

from models import ReminderSchedule
from reminders.schedule_rules import quiet_hours, rule_of

RFC5545_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def recurrence_rules(schedule: ReminderSchedule) -> list[str]:
    """RFC 5545 rules (``FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0``) for the schedule's times."""
    rule, quiet = rule_of(schedule), quiet_hours(schedule)
    hours_by_minutes: dict[tuple[int, ...], list[int]] = defaultdict(list)
    minutes_by_hour: dict[int, list[int]] = defaultdict(list)
    for wall in rule.wall_times():
        if quiet is None or not quiet.contains(wall):
            minutes_by_hour[wall.hour].append(wall.minute)
    for hour, minutes in sorted(minutes_by_hour.items()):
        hours_by_minutes[tuple(minutes)].append(hour)
    frequency = "FREQ=DAILY"
    if rule.weekdays is not None:
        frequency = "FREQ=WEEKLY;BYDAY=" + ",".join(RFC5545_DAYS[day] for day in rule.weekdays)
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


def _joined(numbers: list[int] | tuple[int, ...]) -> str:
    return ",".join(str(number) for number in numbers)
