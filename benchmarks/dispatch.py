"""The 8 a.m. burst: reminder dispatch with 1 and 2 worker processes, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/dispatch.py                                   # SQLite, 200,000 reminders
    .venv/bin/python -m benchmarks.dispatch --reminders 20000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres  # and the PostgreSQL leg

Seeds a burst of reminders all due at 08:00 (one schedule per user, each with one notification
address) and drains it with 1, then 2 worker processes started together, each running one
dispatch pass on a clock that starts at 08:00 and runs in real time. The channel is a local
sink that only records which schedule it was handed, so the figures are the dispatcher's
(claims, expansion, leases, grouped result writes, parallel sends). For every run it checks
that each reminder was delivered exactly once and logged ``sent`` (none missed), and reports
reminders/s, the two-worker scaling ratio, each worker's peak RSS and, on PostgreSQL, the share
of CPU time its backends used (the input to ``docs/capacity.md``).

The PostgreSQL leg runs when ``--database-url`` or ``CRAMP_COACH_TEST_POSTGRES_URL`` names a
server; it creates its own ``dispatch_bench_…`` database and drops it afterwards. The output
ends with ``dispatch_per_s N`` (SQLite, one worker), then ``pg_dispatch_per_s N`` (PostgreSQL,
one worker) and ``pg_two_worker_ratio R`` when the PostgreSQL leg ran.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import datetime, time as wall_time, timedelta, timezone
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:   # run as a script: python benchmarks/dispatch.py
    sys.path.insert(0, str(PROJECT_ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from models import DeliveryLog, NotificationChannel, ReminderSchedule, User  # noqa: E402
from models.database import make_engine, make_session_factory, migrate  # noqa: E402

EIGHT = datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)
SINK_URL = "sink://"
CHUNK = 10_000
POSTGRES_VARIABLE = "CRAMP_COACH_TEST_POSTGRES_URL"


def seed(database_url: str, reminders: int) -> float:
    """``reminders`` users with one hydration schedule each, all due at 08:00; seconds taken."""
    migrate(database_url)
    engine = make_engine(database_url)
    started = time.perf_counter()
    with engine.begin() as connection:
        for first in range(1, reminders + 1, CHUNK):
            ids = range(first, min(first + CHUNK, reminders + 1))
            connection.execute(insert(User), [{"id": uid, "alexa_user_id": f"amzn1.ask.account.BENCH{uid:07d}",
                                               "created_at": EIGHT, "last_seen_at": EIGHT} for uid in ids])
            connection.execute(insert(ReminderSchedule), [_schedule_row(uid) for uid in ids])
            connection.execute(insert(NotificationChannel),
                               [{"id": uid, "schedule_id": uid, "apprise_url": SINK_URL} for uid in ids])
    if engine.dialect.name == "postgresql":   # the statistics autovacuum keeps for a live database
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - started


def _schedule_row(uid: int) -> dict:
    return {"id": uid, "user_id": uid, "kind": "hydration", "recurrence": "interval", "interval_minutes": 120,
            "window_start": wall_time(8), "window_end": wall_time(20), "times_of_day": [], "weekdays": [],
            "time_zone": "UTC", "enabled": True, "alexa_enabled": False, "next_due_at": EIGHT,
            "created_at": EIGHT, "updated_at": EIGHT}


class RecordingSink:
    """The local sink channel: remembers which schedule each message was for."""

    def __init__(self):
        self.delivered: list[int] = []

    def factory(self, schedule, reference) -> "SinkChannel":
        return SinkChannel(self.delivered, schedule.id)


class SinkChannel:
    def __init__(self, delivered: list[int], schedule_id: int):
        self.delivered, self.schedule_id = delivered, schedule_id

    def deliver(self, message) -> None:
        self.delivered.append(self.schedule_id)   # list.append is atomic under the GIL


def child(database_url: str, batch_size: int, out_file: str) -> None:
    """One worker process: wait for ``go <epoch>`` on stdin, run one pass, write what it did."""
    from reminders.channels import ChannelRegistry
    from reminders.channels.keys import APPRISE
    from scheduler.dispatch import Dispatcher
    from scheduler.policy import DispatchPolicy
    from foundations.heap import settle_heap

    sink = RecordingSink()
    engine = make_engine(database_url)
    dispatcher = Dispatcher(make_session_factory(engine), DispatchPolicy(batch_size=batch_size),
                            ChannelRegistry({APPRISE: sink.factory}))
    settle_heap()   # as ``cramp-coach worker`` does before its first pass
    print("ready", flush=True)
    go = float(sys.stdin.readline().split()[1])
    started = time.time()
    totals = dispatcher.run_pass(lambda: EIGHT + timedelta(seconds=time.time() - go))
    ended = time.time()
    dispatcher.close()
    engine.dispose()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    Path(out_file).write_text(json.dumps({
        "started": started, "ended": ended, "totals": totals, "delivered": sink.delivered,
        "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": _peak_mb()}))


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class BackendCpu:
    """CPU seconds used by the PostgreSQL backends serving one database, sampled from /proc."""

    def __init__(self, admin_url: str, database: str):
        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.database = database
        self.ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "BackendCpu":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.engine.dispose()

    def _sample(self) -> None:
        with self.engine.connect() as connection:
            while not self._stop.is_set():
                pids = connection.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                                          {"name": self.database}).all()
                for pid in pids:
                    try:
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    except (OSError, IndexError):
                        continue
                    self.ticks[pid] = int(fields[11]) + int(fields[12])   # utime + stime
                self._stop.wait(0.2)

    def seconds(self) -> float | None:
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK") if self.ticks else None


def run_workers(database_url: str, workers: int, reminders: int, batch_size: int, folder: str) -> dict:
    """Drain the seeded burst with ``workers`` processes started together."""
    outs = [f"{folder}/worker-{workers}-{number}.json" for number in range(workers)]
    processes = [subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", "--database-url",
                                   database_url, "--batch-size", str(batch_size), "--out", out],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
                 for out in outs]
    for process in processes:
        if process.stdout.readline().strip() != "ready":
            raise SystemExit("a benchmark worker failed to start")
    go = time.time()
    for process in processes:
        process.stdin.write(f"go {go}\n")
        process.stdin.flush()
    for process in processes:
        if process.wait() != 0:
            raise SystemExit("a benchmark worker failed")
    results = [json.loads(Path(out).read_text()) for out in outs]
    seconds = max(result["ended"] for result in results) - go
    delivered = Counter(schedule_id for result in results for schedule_id in result["delivered"])
    engine = make_engine(database_url)
    with engine.connect() as connection:
        statuses = dict(connection.execute(select(DeliveryLog.status, func.count()).group_by(DeliveryLog.status)).all())
    engine.dispose()
    exactly_once = (len(delivered) == reminders and set(delivered.values()) == {1}
                    and statuses == {"sent": reminders})
    return {"workers": workers, "seconds": seconds, "rate": reminders / seconds, "exactly_once": exactly_once,
            "statuses": statuses, "repeated": sum(count - 1 for count in delivered.values()),
            "lost": reminders - len(delivered), "per_worker": [len(result["delivered"]) for result in results],
            "peak_rss_mb": [result["peak_rss_mb"] for result in results],
            "cpu_seconds": sum(result["cpu_seconds"] for result in results)}


def describe(engine_name: str, run: dict, backend_cpu: float | None = None) -> str:
    check = "exactly once: yes" if run["exactly_once"] else (
        f"exactly once: NO (statuses {run['statuses']}, {run['repeated']} repeated, {run['lost']} lost)")
    line = (f"{engine_name}, {run['workers']} worker{'s' if run['workers'] > 1 else ''}: "
            f"{run['rate']:,.0f} reminders/s ({run['seconds']:.1f} s; per worker {run['per_worker']}); {check}; "
            f"peak RSS per worker {', '.join(f'{mb:.0f}' for mb in run['peak_rss_mb'])} MB; "
            f"worker CPU {run['cpu_seconds']:.1f} s")
    if backend_cpu is not None:
        share = backend_cpu / (backend_cpu + run["cpu_seconds"])
        line += f"; PostgreSQL backends CPU {backend_cpu:.1f} s ({share:.0%} of the CPU time)"
    return line


def sqlite_leg(reminders: int, batch_size: int, folder: str) -> list[dict]:
    template = f"{folder}/burst.sqlite"
    seconds = seed(f"sqlite:///{template}", reminders)
    print(f"sqlite: seeded {reminders:,} reminders due at 08:00 in {seconds:.1f} s", flush=True)
    runs = []
    for workers in (1, 2):
        copy = f"{folder}/run-{workers}.sqlite"
        shutil.copyfile(template, copy)
        runs.append(run_workers(f"sqlite:///{copy}", workers, reminders, batch_size, folder))
        print(describe("sqlite", runs[-1]), flush=True)
        Path(copy).unlink()
    return runs


def postgres_leg(server_url: str, reminders: int, batch_size: int, folder: str) -> list[dict]:
    admin_url = make_url(server_url).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    template = f"dispatch_bench_{uuid.uuid4().hex[:8]}"
    names = [template]
    runs = []
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{template}"'))
        seconds = seed(admin_url.set(database=template).render_as_string(hide_password=False), reminders)
        print(f"postgresql: seeded {reminders:,} reminders due at 08:00 in {seconds:.1f} s", flush=True)
        for workers in (1, 2):
            name = f"{template}_{workers}"
            names.append(name)
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            url = admin_url.set(database=name).render_as_string(hide_password=False)
            with BackendCpu(admin_url.render_as_string(hide_password=False), name) as cpu:
                runs.append(run_workers(url, workers, reminders, batch_size, folder))
            runs[-1]["backend_cpu_seconds"] = cpu.seconds()
            print(describe("postgresql", runs[-1], cpu.seconds()), flush=True)
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=200_000, help="reminders in the burst (default 200,000)")
    parser.add_argument("--batch-size", type=int, default=200, help="deliveries per claim (default 200)")
    parser.add_argument("--database-url", metavar="URL",
                        help=f"a PostgreSQL server for the PostgreSQL leg (postgresql+psycopg://…; "
                             f"default ${POSTGRES_VARIABLE}); its own database is created and dropped")
    parser.add_argument("--skip-sqlite", action="store_true", help="run only the PostgreSQL leg")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.database_url, args.batch_size, args.out)
        return 0
    if args.reminders < 1:
        parser.error("--reminders must be at least 1")
    server = args.database_url or os.environ.get(POSTGRES_VARIABLE)
    if server and not server.startswith("postgresql"):
        parser.error("--database-url must name a PostgreSQL server (postgresql+psycopg://…)")
    with tempfile.TemporaryDirectory(prefix="cramp-dispatch-bench-") as folder:
        sqlite_runs = [] if args.skip_sqlite else sqlite_leg(args.reminders, args.batch_size, folder)
        pg_runs = postgres_leg(server, args.reminders, args.batch_size, folder) if server else []
    if not server:
        print(f"PostgreSQL leg not run: pass --database-url or set {POSTGRES_VARIABLE}")
    if sqlite_runs:
        print(f"sqlite_two_worker_ratio {sqlite_runs[1]['rate'] / sqlite_runs[0]['rate']:.2f}")
        print(f"dispatch_per_s {sqlite_runs[0]['rate']:.0f}")
    if pg_runs:
        print(f"pg_dispatch_per_s {pg_runs[0]['rate']:.0f}")
        print(f"pg_two_worker_ratio {pg_runs[1]['rate'] / pg_runs[0]['rate']:.2f}")
    runs = sqlite_runs + pg_runs
    return 0 if all(run["exactly_once"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
