"""Reminder schedules, clock times and moments in spoken words, built from ``reminders.*`` prompts."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from models import ReminderSchedule
from reminders.recurrence import INTERVAL, WEEKLY
from skill.context import SkillContext

DAY_KEYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
DAY_GROUPS = {(0, 1, 2, 3, 4): "weekdays", (5, 6): "weekends"}


class ReminderWords:
    """Spoken pieces for one request's locale."""

    def __init__(self, ctx: SkillContext, locale: str):
        self.ctx = ctx
        self.locale = locale

    def say(self, key: str, **values: object) -> str:
        return self.ctx.say(f"reminders.{key}", self.locale, **values)

    def kind(self, kind: str) -> str:
        """``water``, ``stretch``, ``warm-up``: the word before "reminder"."""
        return self.say(f"kind.{kind}")

    def clock(self, wall: time) -> str:
        """``9 PM``, ``6:30 AM``, ``noon``."""
        if wall == time(12):
            return self.say("clock.noon")
        if wall == time(0):
            return self.say("clock.midnight")
        hour = wall.hour % 12 or 12
        meridiem = self.say("clock.pm" if wall.hour >= 12 else "clock.am")
        if wall.minute == 0:
            return self.say("clock.on_the_hour", hour=hour, meridiem=meridiem)
        return self.say("clock.with_minutes", hour=hour, minute=f"{wall.minute:02d}", meridiem=meridiem)

    def every(self, minutes: int) -> str:
        if minutes == 60:
            return self.say("every.hour")
        if minutes % 60 == 0:
            return self.say("every.hours", count=minutes // 60)
        return self.say("every.minutes", count=minutes)

    def when(self, schedule: ReminderSchedule) -> str:
        """``every 2 hours, from 8 AM to 8 PM``, ``every day at 9 PM``, ``on Mondays at 6 PM``."""
        if schedule.recurrence == INTERVAL:
            return self.say("when.interval", every=self.every(schedule.interval_minutes),
                            start=self.clock(schedule.window_start), end=self.clock(schedule.window_end))
        times = self.joined([self.clock(time.fromisoformat(value)) for value in schedule.times_of_day])
        days = tuple(sorted(schedule.weekdays))
        if schedule.recurrence != WEEKLY or len(days) == 7:
            return self.say("when.daily", times=times)
        return self.say("when.weekly", days=self.days(days), times=times)

    def days(self, days: tuple[int, ...]) -> str:
        if days in DAY_GROUPS:
            return self.say(f"days.{DAY_GROUPS[days]}")
        return self.joined([self.say(f"days.{DAY_KEYS[day]}") for day in days])

    def described(self, schedule: ReminderSchedule, now: datetime) -> str:
        """The schedule as one list item, saying whether it is paused or snoozed."""
        values = {"kind": self.kind(schedule.kind), "when": self.when(schedule)}
        if not schedule.enabled:
            return self.say("described_paused", **values)
        if schedule.snoozed_until is not None and schedule.snoozed_until > now:
            until = self.moment(schedule.snoozed_until, now, ZoneInfo(schedule.time_zone))
            return self.say("described_snoozed", until=until, **values)
        return self.say("described", **values)

    def moment(self, instant: datetime, now: datetime, zone: ZoneInfo) -> str:
        """``today at 2 PM``, ``tomorrow at 8 AM``, ``yesterday at 4 PM``, ``on Friday at 6 PM``."""
        local, today = instant.astimezone(zone), now.astimezone(zone).date()
        clock = self.clock(local.time().replace(second=0, microsecond=0, tzinfo=None))
        if local.date() == today:
            return self.say("moment.today", time=clock)
        if local.date() == today + timedelta(days=1):
            return self.say("moment.tomorrow", time=clock)
        if local.date() == today - timedelta(days=1):
            return self.say("moment.yesterday", time=clock)
        return self.say("moment.weekday", day=self.say(f"day.{DAY_KEYS[local.weekday()]}"), time=clock)

    def joined(self, items: list[str]) -> str:
        """``a``, ``a and b``, ``a, b and c``."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.say('and')} {items[-1]}"
