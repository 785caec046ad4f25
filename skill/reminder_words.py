"""Reminder schedules, clock times and moments in spoken words, built from ``reminders.*`` prompts.

The pieces and their order come from the domain (``reminders.schedule_words``); this is its
spoken word set, the locale catalogue.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from habits.pace import applies_to as holds_back_on_pace
from models import ReminderSchedule
from reminders.schedule_rules import rule_of
from reminders.schedule_words import DAY_KEYS, clock_in, joined
from skill.speech import Speech


class ReminderWords:
    """Spoken pieces in one request's speech."""

    def __init__(self, speech: Speech):
        self.speech = speech

    def say(self, key: str, **values: object) -> Markup:
        return self.speech.say(f"reminders.{key}", **values)

    def __call__(self, key: str, **values: object) -> Markup:
        """A piece of a schedule (``reminders.schedule_words.Words``), from the catalogue."""
        return self.say(key, **values)

    def kind(self, kind: str) -> Markup:
        """``water``, ``stretch``, ``warm-up``: the word before "reminder"."""
        return self.say(f"kind.{kind}")

    def clock(self, wall: time) -> Markup:
        """``9 PM``, ``6:30 AM``, ``noon``."""
        return clock_in(self, wall)

    def when(self, schedule: ReminderSchedule) -> Markup:
        """``every 2 hours, from 8 AM to 8 PM``, ``every day at 9 PM``, ``on Mondays at 6 PM``."""
        return rule_of(schedule).in_words(self)

    def described(self, schedule: ReminderSchedule, now: datetime) -> Markup:
        """The schedule as one list item, saying whether it is paused or snoozed."""
        when = self.when(schedule)
        if holds_back_on_pace(schedule):
            when = self.say("only_when_behind", when=when)
        values = {"kind": self.kind(schedule.kind), "when": when}
        if not schedule.enabled:
            return self.say("described_paused", **values)
        if schedule.snoozed_until is not None and schedule.snoozed_until > now:
            until = self.moment(schedule.snoozed_until, now, ZoneInfo(schedule.time_zone))
            return self.say("described_snoozed", until=until, **values)
        return self.say("described", **values)

    def moment(self, instant: datetime, now: datetime, zone: ZoneInfo) -> Markup:
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

    def joined(self, items: list[str]) -> Markup:
        """``a``, ``a and b``, ``a, b and c``."""
        return joined(self, items)
