"""The reminders page's cards: soonest first, each with a name no other card shares and where
its reminders really go (Alexa's permission, the last delivery and test per address)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import DeliveryLog, ReminderSchedule, User
from models.delivery_log import PENDING
from reminders.channels import undeliverable_reason
from reminders.channels.apprise_channel import account_addresses
from reminders.channels.keys import ALEXA, account_key, apprise_key
from reminders.outcome import masked_url
from reminders.wording import describe, upcoming
from web import display
from web.trial_notifications import TrialResult

NEXT_TIMES = 3
ALEXA_WAITING = "Alexa: waiting for your permission — say 'Alexa, ask cramp coach to allow reminders'"
ALEXA_REFUSED = ("Alexa: waiting for your permission — allow reminders for Cramp Coach in the Alexa app "
                 "(Skills, Cramp Coach, Settings)")
LAST_WORDS = {"sent": "sent", "failed": "failed", "retrying": "retrying", "missed": "missed",
              "skipped": "skipped", "undeliverable": "could not be delivered"}


@dataclass(frozen=True)
class Route:
    """One place a reminder goes, in words: ``where`` (``Alexa: on``), its last result, a test's."""

    where: str
    works: bool
    last: str | None = None
    test: str | None = None


@dataclass(frozen=True)
class Card:
    schedule: ReminderSchedule
    title: str
    name: str
    """The title, made unique on the page with the schedule's words (for buttons and landmarks)."""
    when: str
    status: str
    snoozed: bool
    next: list[str]
    routes: list[Route]
    nowhere: str | None


def reminder_cards(session: Session, user: User, schedules: list[ReminderSchedule], now: datetime,
                   tests: list[TrialResult]) -> list[Card]:
    """The cards in the order of their next time; paused reminders (no next time) last."""
    last = last_deliveries(session, [schedule.id for schedule in schedules])
    tests_by_channel = {test.channel_id: test.message for test in tests}
    drafts = []
    for schedule in schedules:
        zone = display.display_zone(user, schedule)
        times = upcoming(schedule, now, NEXT_TIMES)
        drafts.append((times[0] if times else None, schedule, zone, times))
    drafts.sort(key=lambda draft: (draft[0] is None, draft[0] or now, draft[1].id))
    names = unique_names([(display.title(schedule), describe(schedule)) for _, schedule, _, _ in drafts])
    return [Card(schedule=schedule, title=display.title(schedule), name=name, when=describe(schedule),
                 status=display.status(schedule, now, zone),
                 snoozed=schedule.enabled and schedule.snoozed_until is not None and schedule.snoozed_until > now,
                 next=[display.local_time(instant, zone) for instant in times],
                 routes=routes(schedule, last, tests_by_channel, zone), nowhere=undeliverable_reason(schedule))
            for (_, schedule, zone, times), name in zip(drafts, names)]


def reminder_names(schedules: list[ReminderSchedule]) -> dict[int, str]:
    """Each schedule's name, unique among ``schedules`` (for a page's landmarks and buttons)."""
    names = unique_names([(display.title(schedule), describe(schedule)) for schedule in schedules])
    return {schedule.id: name for schedule, name in zip(schedules, names)}


def unique_names(titles_and_words: list[tuple[str, str]]) -> list[str]:
    """``Hydration``; ``Hydration, every 2 hours`` when two share a title; numbered when even that repeats."""
    title_counts = Counter(title for title, _ in titles_and_words)
    names = [title if title_counts[title] == 1 else f"{title}, {words}" for title, words in titles_and_words]
    name_counts, seen = Counter(names), Counter()
    numbered = []
    for name in names:
        seen[name] += 1
        numbered.append(name if name_counts[name] == 1 else f"{name} ({seen[name]})")
    return numbered


def routes(schedule: ReminderSchedule, last: dict[tuple[int, str], DeliveryLog], tests: dict[int, str],
           zone: ZoneInfo) -> list[Route]:
    """Where the schedule's reminders go and whether that works."""
    found = []
    if schedule.alexa_enabled:
        if schedule.alexa_alert_token and schedule.user.alexa_reminders_allowed is not False:
            found.append(Route("Alexa: on", True, _last_words(last.get((schedule.id, ALEXA)), zone)))
        else:
            waiting = ALEXA_REFUSED if schedule.user.alexa_reminders_allowed is False else ALEXA_WAITING
            found.append(Route(waiting, False))
    else:
        found.append(Route("Alexa: off", False))
    for channel in schedule.notify_channels:
        found.append(Route(masked_url(channel.apprise_url), True,
                           _last_words(last.get((schedule.id, apprise_key(channel))), zone),
                           tests.get(channel.id)))
    for address in account_addresses(schedule):
        found.append(Route(f"{masked_url(address.apprise_url)} (for all reminders)", True,
                           _last_words(last.get((schedule.id, account_key(address))), zone)))
    return found


def last_deliveries(session: Session, schedule_ids: list[int]) -> dict[tuple[int, str], DeliveryLog]:
    """Each (schedule, channel)'s latest delivery that has an outcome."""
    if not schedule_ids:
        return {}
    latest = (select(DeliveryLog.schedule_id, DeliveryLog.channel, func.max(DeliveryLog.occurs_at).label("at"))
              .where(DeliveryLog.schedule_id.in_(schedule_ids), DeliveryLog.status != PENDING)
              .group_by(DeliveryLog.schedule_id, DeliveryLog.channel).subquery())
    rows = session.scalars(select(DeliveryLog).join(latest, (DeliveryLog.schedule_id == latest.c.schedule_id)
                                                    & (DeliveryLog.channel == latest.c.channel)
                                                    & (DeliveryLog.occurs_at == latest.c.at)))
    return {(row.schedule_id, row.channel): row for row in rows}


def _last_words(delivery: DeliveryLog | None, zone: ZoneInfo) -> str:
    if delivery is None:
        return "Nothing sent yet."
    words = f"Last reminder, {display.local_time(delivery.occurs_at, zone)}: " \
            f"{LAST_WORDS.get(delivery.status, delivery.status)}"
    if delivery.status in ("failed", "retrying", "undeliverable") and delivery.last_error:
        words += f" ({delivery.last_error})"
    return words + "."
