"""The habit coach at scale: progress and the month chart with two years of logs, and the worker
pass with "only when I'm behind", each against the plain version measured in the same run.

    .venv/bin/python -m benchmarks.progress                  # 100,000 schedules, two years of logs
    .venv/bin/python benchmarks/progress.py --schedules 5000 --rounds 200

Everything goes into fresh SQLite files in a temporary folder:

* **progress**: ``today_progress`` plus the 30-day ``habit_chart`` (what "how am I doing" and the
  history page compute) for a user with two years of logs (8 drinks and a stretch a day,
  among 50 such users), against the plain version, the same for a user with today's logs only;
* **worker pass**: one dispatch pass at 10 AM in Berlin over ``--schedules`` due hydration
  schedules set to "only when I'm behind" (half the accounts on pace, so skipped as on
  track), against the plain version, the same schedules with the rule off (all sent).

The last line is ``ratios progress <x> pass <y>`` (two years / today only; behind / plain).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, time as wall_time, timedelta, timezone
from pathlib import Path

from sqlalchemy import delete, insert, update

from habits.history import last_days
from habits.owner import Owner
from habits.progress import today_progress
from models import DeliveryLog, ReminderSchedule, StretchLog, User, WaterLog
from models.database import make_engine, make_session_factory, migrate

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)   # 10:00 in Berlin: a hydration occurrence
ZONE = "Europe/Berlin"
HISTORY_USERS = 50
DRINKS_PER_DAY = 8
DAYS = 730
CHUNK = 10_000


def seed_history(database_url: str) -> tuple[int, int]:
    """Users 1..HISTORY_USERS with two years of logs, and one more with today's only; (long, short) ids."""
    migrate(database_url)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(insert(User), [{"id": uid, "alexa_user_id": f"amzn1.ask.account.H{uid:05d}",
                                           "time_zone": ZONE, "created_at": NOW, "last_seen_at": NOW}
                                          for uid in range(1, HISTORY_USERS + 2)])
        for uid in range(1, HISTORY_USERS + 1):
            water, stretches = [], []
            for day in range(DAYS):
                morning = NOW - timedelta(days=day, hours=1)
                water += [{"user_id": uid, "person_id": "", "drunk_at": morning - timedelta(minutes=40 * n),
                           "amount_ml": 250, "source": "voice", "created_at": morning} for n in range(DRINKS_PER_DAY)]
                stretches.append({"user_id": uid, "person_id": "", "done_at": morning, "source": "voice",
                                  "created_at": morning})
            connection.execute(insert(WaterLog), water)
            connection.execute(insert(StretchLog), stretches)
        short = HISTORY_USERS + 1
        connection.execute(insert(WaterLog), [{"user_id": short, "person_id": "", "drunk_at": NOW - timedelta(minutes=n),
                                               "amount_ml": 250, "source": "voice", "created_at": NOW}
                                              for n in range(DRINKS_PER_DAY)])
    engine.dispose()
    return 1, short


def time_progress(database_url: str, user_id: int, rounds: int) -> float:
    """Seconds per "how am I doing" plus month chart for one user."""
    from web.charts import habit_chart

    engine = make_engine(database_url)
    owner = Owner.of(user_id, None, ZONE)
    with make_session_factory(engine)() as session:
        today_progress(session, owner, NOW)  # warm the statement cache
        started = time.perf_counter()
        for _ in range(rounds):
            today = today_progress(session, owner, NOW)
            month = last_days(session, owner, NOW, 30)
            habit_chart("month", month.water, month.stretches, month.goal_ml, False)
        elapsed = (time.perf_counter() - started) / rounds
    engine.dispose()
    assert today.drunk_ml > 0
    return elapsed


def seed_schedules(database_url: str, schedules: int) -> None:
    """``schedules`` accounts, each with one due every-2-hours hydration schedule in Berlin; every
    other account drank 1.5 litres this morning (on pace at 10 AM), the rest nothing."""
    migrate(database_url)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        for first in range(1, schedules + 1, CHUNK):
            ids = range(first, min(first + CHUNK, schedules + 1))
            connection.execute(insert(User), [{"id": uid, "alexa_user_id": f"amzn1.ask.account.S{uid:07d}",
                                               "time_zone": ZONE, "created_at": NOW, "last_seen_at": NOW} for uid in ids])
            connection.execute(insert(ReminderSchedule), [
                {"id": uid, "user_id": uid, "kind": "hydration", "recurrence": "interval", "interval_minutes": 120,
                 "window_start": wall_time(8), "window_end": wall_time(20), "times_of_day": [], "weekdays": [],
                 "time_zone": ZONE, "enabled": True, "alexa_enabled": True, "alexa_alert_token": None,
                 "only_when_behind": False, "next_due_at": NOW, "created_at": NOW, "updated_at": NOW} for uid in ids])
            connection.execute(insert(WaterLog), [
                {"user_id": uid, "person_id": "", "drunk_at": NOW - timedelta(hours=1), "amount_ml": 1500,
                 "source": "web", "created_at": NOW} for uid in ids if uid % 2])
    engine.dispose()


def time_pass(database_url: str, only_when_behind: bool) -> tuple[float, dict[str, int]]:
    """One dispatch pass to a counting channel; seconds and the statuses logged."""
    from reminders.channels import ChannelRegistry
    from reminders.channels.keys import ALEXA
    from scheduler.dispatch import Dispatcher
    from scheduler.policy import DispatchPolicy

    class Sink:
        def deliver(self, message) -> None:
            """Counted by the pass's totals."""

    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(update(ReminderSchedule).values(only_when_behind=only_when_behind))
    sink = Sink()
    dispatcher = Dispatcher(make_session_factory(engine), DispatchPolicy(),
                            ChannelRegistry({ALEXA: lambda schedule, reference: sink}))
    started = time.perf_counter()
    totals = dispatcher.run_pass(NOW)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, dict(totals)


def reset_pass(database_url: str) -> None:
    """Undo a pass: no log rows, every schedule due again."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(delete(DeliveryLog))
        connection.execute(update(ReminderSchedule).values(next_due_at=NOW))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schedules", type=int, default=100_000, help="due hydration schedules (default 100,000)")
    parser.add_argument("--rounds", type=int, default=500, help="progress + month chart computations per user")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cramp-coach-progress-") as folder:
        history = f"sqlite:///{Path(folder) / 'history.sqlite'}"
        started = time.perf_counter()
        long_id, short_id = seed_history(history)
        print(f"seeded {HISTORY_USERS} users x {DAYS} days x {DRINKS_PER_DAY} drinks in "
              f"{time.perf_counter() - started:.1f}s", flush=True)
        plain_progress = time_progress(history, short_id, args.rounds)
        long_progress = time_progress(history, long_id, args.rounds)
        print(f"progress + month chart, today's logs only (plain): {plain_progress * 1000:.2f} ms")
        print(f"progress + month chart, two years of logs:         {long_progress * 1000:.2f} ms")

        store = f"sqlite:///{Path(folder) / 'schedules.sqlite'}"
        started = time.perf_counter()
        seed_schedules(store, args.schedules)
        print(f"seeded {args.schedules:,} due hydration schedules in {time.perf_counter() - started:.1f}s", flush=True)
        plain_seconds, plain_totals = time_pass(store, only_when_behind=False)
        print(f"worker pass, plain: {plain_seconds:.2f}s ({args.schedules / plain_seconds:,.0f} schedules/s) "
              f"{plain_totals}", flush=True)
        reset_pass(store)
        behind_seconds, behind_totals = time_pass(store, only_when_behind=True)
        print(f"worker pass, only when I'm behind: {behind_seconds:.2f}s "
              f"({args.schedules / behind_seconds:,.0f} schedules/s) {behind_totals}")

    print(f"ratios progress {long_progress / plain_progress:.2f} pass {behind_seconds / plain_seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
