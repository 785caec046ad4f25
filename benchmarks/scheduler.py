"""Reminder dispatch at scale, against APScheduler 3 with one job per reminder as the baseline.

    .venv/bin/python -m benchmarks.scheduler                 # 100,000 users x 3 schedules, 10,000 due
    .venv/bin/python -m benchmarks.scheduler --users 2000 --due 1000

Seeds users and schedules (each with one notification address) into a fresh SQLite file, then
runs each measurement in its own process, so that its peak memory (VmHWM) is its own:

* one dispatch pass over the full store to a local sink: the Apprise channel factory replaced by
  a counting channel, so the figure is the dispatcher's (claims, log rows, one commit per
  delivery) — this is ``dispatch_per_s``;
* the same pass over a store holding only the due schedules: a worker's memory should not
  depend on how many schedules are stored;
* the same pass through real Apprise, to an in-process ``sink://`` Apprise service;
* APScheduler 3 with a SQLAlchemyJobStore on SQLite and one job per due reminder, each building
  the same message and handing it to the same counting sink: time to add the jobs, time to
  run them, peak memory.

The last line is ``dispatch_per_s <number>``.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, time as wall_time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from models import NotificationChannel, ReminderSchedule, User
from models.database import make_engine, make_session_factory, migrate
from scheduler.recurrence import DAILY, INTERVAL, WEEKLY, Rule, next_after

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)   # 10:00 in Berlin: a hydration occurrence
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo")
SINK_URL = "sink://"
CHUNK = 10_000
SCHEDULE_SHAPES = (
    ("hydration", Rule(INTERVAL, ZoneInfo("UTC"), every=timedelta(hours=2), window=(wall_time(8), wall_time(20)))),
    ("stretch", Rule(DAILY, ZoneInfo("UTC"), times=(wall_time(21),))),
    ("warm_up", Rule(WEEKLY, ZoneInfo("UTC"), times=(wall_time(18),), weekdays=frozenset({0, 2, 4}))),
)


def seed(database_url: str, users: int, due: int) -> float:
    """Store ``users`` users with three schedules each, the first ``due`` of them due at NOW; seconds taken."""
    migrate(database_url)
    engine = make_engine(database_url)
    started = time.perf_counter()
    next_due = {(kind, zone): next_after(Rule(rule.recurrence, ZoneInfo(zone), rule.every, rule.window,
                                              rule.times, rule.weekdays), NOW)
                for kind, rule in SCHEDULE_SHAPES for zone in ZONES}
    with engine.begin() as connection:
        for first in range(0, users, CHUNK):
            user_ids = range(first + 1, min(first + CHUNK, users) + 1)
            connection.execute(insert(User), [
                {"id": uid, "alexa_user_id": f"amzn1.ask.account.BENCH{uid:07d}", "created_at": NOW,
                 "last_seen_at": NOW} for uid in user_ids])
            schedules, channels = [], []
            for uid in user_ids:
                for offset, (kind, rule) in enumerate(SCHEDULE_SHAPES):
                    sid = (uid - 1) * 3 + offset + 1
                    if sid <= due:   # every due schedule is an every-2-hours hydration one in Berlin
                        (kind, rule), zone, next_due_at = SCHEDULE_SHAPES[0], "Europe/Berlin", NOW
                    else:
                        zone = ZONES[uid % len(ZONES)]
                        next_due_at = next_due[kind, zone]
                    schedules.append(_schedule_row(sid, uid, kind, rule, zone, next_due_at))
                    channels.append({"id": sid, "schedule_id": sid, "apprise_url": SINK_URL})
            connection.execute(insert(ReminderSchedule), schedules)
            connection.execute(insert(NotificationChannel), channels)
    engine.dispose()
    return time.perf_counter() - started


def _schedule_row(sid: int, uid: int, kind: str, rule: Rule, zone: str, next_due_at: datetime) -> dict:
    return {"id": sid, "user_id": uid, "kind": kind, "recurrence": rule.recurrence,
            "interval_minutes": int(rule.every.total_seconds() // 60) if rule.every else None,
            "window_start": rule.window[0] if rule.window else None,
            "window_end": rule.window[1] if rule.window else None,
            "times_of_day": [t.strftime("%H:%M") for t in rule.times], "weekdays": sorted(rule.weekdays),
            "time_zone": zone, "enabled": True, "alexa_enabled": False, "next_due_at": next_due_at,
            "created_at": NOW, "updated_at": NOW}


class CountingSink:
    """A channel that only counts what it is handed."""

    def __init__(self):
        self.delivered = 0

    def deliver(self, message) -> None:
        self.delivered += 1


def register_apprise_sink() -> CountingSink:
    """An Apprise ``sink://`` service that only counts."""
    from apprise.decorators import notify

    sink = CountingSink()

    @notify(on="sink")
    def _sink(body: str, title: str, notify_type: str, *args, **kwargs) -> bool:
        sink.deliver(body)
        return True

    return sink


def child_dispatch(database_url: str, batch_size: int, through_apprise: bool) -> dict:
    """One dispatch pass at NOW (runs in its own process)."""
    from scheduler.channels import APPRISE, ChannelRegistry, default_registry
    from scheduler.dispatch import Dispatcher
    from scheduler.policy import DispatchPolicy

    if through_apprise:
        sink, registry = register_apprise_sink(), default_registry()
    else:
        sink = CountingSink()
        registry = ChannelRegistry({APPRISE: lambda schedule, reference: sink})
    engine = make_engine(database_url)
    dispatcher = Dispatcher(make_session_factory(engine), DispatchPolicy(batch_size=batch_size), registry)
    started = time.perf_counter()
    totals = dispatcher.run_pass(NOW)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"seconds": elapsed, "sent": totals.get("sent", 0), "delivered": sink.delivered, "peak_rss_mb": _peak_mb()}


def child_apscheduler(database_url: str, jobs: int) -> dict:
    """APScheduler 3, SQLAlchemyJobStore, one date job per reminder (runs in its own process)."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=database_url)}, timezone=timezone.utc)
    scheduler.start(paused=True)
    run_at = datetime.now(timezone.utc)
    started = time.perf_counter()
    for number in range(jobs):
        scheduler.add_job(send_one, "date", run_date=run_at, args=[number % 3, number],
                          id=f"reminder-{number}", misfire_grace_time=None)
    added = time.perf_counter() - started
    started = time.perf_counter()
    scheduler.resume()
    while _SINK.delivered < jobs:
        time.sleep(0.01)
    ran = time.perf_counter() - started
    scheduler.shutdown(wait=True)
    return {"add_seconds": added, "run_seconds": ran, "delivered": _SINK.delivered, "peak_rss_mb": _peak_mb()}


_SINK = CountingSink()


def send_one(kind_index: int, schedule_id: int) -> None:
    """An APScheduler job per reminder: build the message and hand it to the sink."""
    _SINK.deliver(_texts().message_for(SCHEDULE_SHAPES[kind_index][0], schedule_id, NOW))


@lru_cache(maxsize=1)
def _texts():
    from scheduler.messages import ReminderTexts

    return ReminderTexts.load()


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_child(*args: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "benchmarks.scheduler", *args], check=True,
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000, help="reminders due in the measured pass")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--child", choices=["dispatch", "apprise", "apscheduler"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "apscheduler":
        print(json.dumps(child_apscheduler(args.database_url, args.due)))
        return 0
    if args.child:
        print(json.dumps(child_dispatch(args.database_url, args.batch_size, args.child == "apprise")))
        return 0

    due = min(args.due, args.users * 3)
    stored = args.users * 3
    with tempfile.TemporaryDirectory(prefix="cramp-bench-") as folder:
        full, copy, small, baseline = (f"{folder}/{name}.sqlite" for name in ("full", "copy", "small", "aps"))
        print(f"seeding {args.users:,} users x 3 = {stored:,} schedules ({due:,} due) ...", flush=True)
        seed_seconds = seed(f"sqlite:///{full}", args.users, due)
        print(f"seed: {seed_seconds:.1f}s ({stored / seed_seconds:,.0f} schedules/s, "
              f"{Path(full).stat().st_size / 2**20:,.0f} MB file)", flush=True)
        shutil.copyfile(full, copy)
        seed(f"sqlite:///{small}", (due + 2) // 3, due)
        batch = ["--batch-size", str(args.batch_size)]
        ours = _in_child("--child", "dispatch", "--database-url", f"sqlite:///{full}", *batch)
        ours_small = _in_child("--child", "dispatch", "--database-url", f"sqlite:///{small}", *batch)
        via_apprise = _in_child("--child", "apprise", "--database-url", f"sqlite:///{copy}", *batch)
        theirs = _in_child("--child", "apscheduler", "--database-url", f"sqlite:///{baseline}", "--due", str(due))

    rate = ours["sent"] / ours["seconds"]
    their_rate = theirs["delivered"] / theirs["run_seconds"]
    their_total = theirs["add_seconds"] + theirs["run_seconds"]
    print(f"worker pass, {stored:,} stored: sent {ours['sent']:,} of {due:,} to the sink in {ours['seconds']:.2f}s "
          f"({rate:,.0f}/s), peak RSS {ours['peak_rss_mb']:.0f} MB")
    print(f"worker pass, {due:,} stored: {ours_small['sent'] / ours_small['seconds']:,.0f}/s, "
          f"peak RSS {ours_small['peak_rss_mb']:.0f} MB (peak RSS ratio {stored:,} vs {due:,} stored: "
          f"{ours['peak_rss_mb'] / ours_small['peak_rss_mb']:.2f})")
    print(f"worker pass through Apprise (sink://), {stored:,} stored: "
          f"{via_apprise['sent'] / via_apprise['seconds']:,.0f}/s, peak RSS {via_apprise['peak_rss_mb']:.0f} MB")
    print(f"apscheduler 3, {due:,} jobs in a SQLAlchemyJobStore: add {theirs['add_seconds']:.2f}s "
          f"({due / theirs['add_seconds']:,.0f} jobs/s), run {theirs['run_seconds']:.2f}s ({their_rate:,.0f}/s), "
          f"peak RSS {theirs['peak_rss_mb']:.0f} MB")
    print(f"ratios (ours / apscheduler): run rate {rate / their_rate:.2f}, "
          f"add+run rate {rate / (due / their_total):.2f}, peak RSS {ours['peak_rss_mb'] / theirs['peak_rss_mb']:.2f}")
    print(f"dispatch_per_s {rate:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
