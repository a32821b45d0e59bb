"""Benchmark: the month-end fleet, every system's monthly report built by real Celery workers.

Builds the national dataset of bench/overview.py (42 systems, ``--per-system`` milestones each,
with cases, meetings, finance, risks and earlier reports) in its own database, once; then starts
a Celery worker (prefork, ``--concurrency 2``, the project's settings: tasks per child and
memory per child) on a Redis database of its own on 127.0.0.1, asks for every system's draft of
October 2019 as the month-end schedule does (``reports.services.report_ensure``: the row, then
the build queued once it is committed), and waits until every report is a draft or has failed.

It prints the wall time from the first request to the last report, each report's build time
(the report's own started and generated times: minimum, median, maximum), the failed and the
duplicated (a system with more than one report for the month, or a build started more than
once), and the worker's memory: the largest resident set of any pool child (sampled from /proc
every 0.2 s, each child's high-water mark) and of the main process. Targets: 42 reports in
under 120 s, none failed or duplicated, every pool child under 200 MB. The worker is stopped
and its Redis database emptied afterwards, whatever happens.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_fleet_bench \\
      .venv/bin/python bench/report_fleet.py [--systems 42] [--per-system 500] \\
      [--concurrency 2] [--redis redis://127.0.0.1:6379/15] [--json results.json]

Each run deletes the month's reports it built before, so runs can follow one another.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_milestones import create_database
from bench.common import write_json

ROOT = Path(__file__).resolve().parent.parent
MONTH = date(2019, 10, 1)
TARGET_SECONDS, TARGET_CHILD_MB = 120, 200
TIMEOUT = 900


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--per-system", type=int, default=500, help="milestones per system")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="the broker")
    parser.add_argument("--json", metavar="PATH", help="write the results here as JSON")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database: the worker is another process")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    os.environ["REDIS_URL"] = args.redis
    create_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.overview import build

    call_command("migrate", verbosity=0, interactive=False)
    build(args.systems, args.per_system)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    flush(args.redis)
    forget_month()
    worker = start_worker(args.concurrency)
    try:
        wait_for_worker(worker)
        sampler = MemorySampler(worker.pid)
        started, reports = queue_reports()
        finished = wait_for_reports(reports, sampler, worker)
        wall = finished - started
    finally:
        stop_worker(worker)
        flush(args.redis)
    results = measure(reports, wall, sampler, args.systems)
    print_table(results, args)
    if args.json:
        write_json(args.json, results)
    if not all(r["target"] is None or r["value"] <= r["target"] for r in results):
        sys.exit(1)


def flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def forget_month() -> None:
    """The month's reports of an earlier run, so every system's is built again."""
    from core.scoping import unscoped
    from reports.models import MonthlyReport

    with unscoped():
        MonthlyReport.objects.filter(month=MONTH, system__slug__startswith="overview-").delete()


def start_worker(concurrency: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "--loglevel=WARNING",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        f"--hostname=report-fleet-{os.getpid()}@127.0.0.1",
    ]
    # Its own process group, so that stopping it stops its pool children too.
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)


def wait_for_worker(worker: subprocess.Popen) -> None:
    from config.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"The worker stopped at start-up (exit {worker.returncode})")
        if app.control.ping(timeout=1.0):
            return
    raise SystemExit("The worker did not answer within a minute")


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def queue_reports() -> tuple[float, list[int]]:
    """Every system's draft for the month, as queue_month_end_drafts asks for them."""
    from django.db import transaction

    from core.audit import system_actor
    from core.scoping import unscoped
    from partners.models import System
    from reports import services

    with unscoped():
        actor = system_actor()
        systems = list(System.objects.filter(slug__startswith="overview-").order_by("pk"))
        started = time.perf_counter()
        ids = []
        for system in systems:
            with transaction.atomic():
                report, _ = services.report_ensure(system=system, month=MONTH, actor=actor)
            ids.append(report.pk)
    return started, ids


class MemorySampler:
    """The worker's processes' resident sets, read from /proc (Linux)."""

    def __init__(self, main_pid: int) -> None:
        self.main_pid = main_pid
        self.children: dict[int, int] = {}  # pid -> high-water mark, kB
        self.main = 0

    def sample(self) -> None:
        self.main = max(self.main, _status(self.main_pid, "VmHWM"))
        for pid in _children(self.main_pid):
            self.children[pid] = max(self.children.get(pid, 0), _status(pid, "VmHWM"))


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def _status(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_for_reports(ids: list[int], sampler: MemorySampler, worker) -> float:
    from core.scoping import unscoped
    from reports.models import MonthlyReport

    done = {"draft", "failed"}
    deadline = time.monotonic() + TIMEOUT
    polled = 0.0
    while time.monotonic() < deadline:
        sampler.sample()
        if worker.poll() is not None:
            raise SystemExit(f"The worker stopped (exit {worker.returncode})")
        if time.monotonic() - polled >= 0.5:
            polled = time.monotonic()
            with unscoped():
                statuses = MonthlyReport.objects.filter(pk__in=ids).values_list("status", flat=True)
                if all(status in done for status in statuses):
                    return time.perf_counter()
        time.sleep(0.2)
    raise SystemExit(f"The reports were not all built within {TIMEOUT} s")


def measure(ids: list[int], wall: float, sampler: MemorySampler, systems: int) -> list[dict]:
    from django.db.models import Count

    from core.scoping import unscoped
    from reports.models import MonthlyReport

    with unscoped():
        reports = list(
            MonthlyReport.objects.filter(month=MONTH, system__slug__startswith="overview-").values(
                "system_id", "status", "attempts", "started_at", "generated_at"
            )
        )
        per_system = (
            MonthlyReport.objects.filter(month=MONTH, system__slug__startswith="overview-")
            .values("system_id")
            .annotate(n=Count("id"))
        )
        duplicated = sum(row["n"] - 1 for row in per_system) + sum(
            r["attempts"] - 1 for r in reports if r["attempts"] > 1
        )
    built = [r for r in reports if r["status"] == "draft"]
    seconds = sorted((r["generated_at"] - r["started_at"]).total_seconds() for r in built) or [0]
    child_mb = max(sampler.children.values(), default=0) / 1024
    return [
        {"name": "reports", "value": len(built), "unit": "reports", "target": None},
        {"name": "wall", "value": round(wall, 1), "unit": "s", "target": TARGET_SECONDS},
        {"name": "report_min", "value": round(seconds[0], 2), "unit": "s", "target": None},
        {
            "name": "report_median",
            "value": round(statistics.median(seconds), 2),
            "unit": "s",
            "target": None,
        },
        {"name": "report_max", "value": round(seconds[-1], 2), "unit": "s", "target": None},
        {
            "name": "failed",
            "value": sum(r["status"] == "failed" for r in reports) + systems - len(reports),
            "unit": "reports",
            "target": 0,
        },
        {"name": "duplicated", "value": duplicated, "unit": "reports", "target": 0},
        {
            "name": "child_peak_memory",
            "value": round(child_mb),
            "unit": "MB",
            "target": TARGET_CHILD_MB,
        },
        {
            "name": "main_peak_memory",
            "value": round(sampler.main / 1024),
            "unit": "MB",
            "target": None,
        },
        {
            "name": "pool_children",
            "value": len(sampler.children),
            "unit": "processes",
            "target": None,
        },
    ]


def print_table(results: list[dict], args) -> None:
    print(
        f"{args.systems} systems of {args.per_system} milestones; one worker, prefork, "
        f"concurrency {args.concurrency}"
    )
    print(f"{'measure':<20} {'value':>10}  {'unit':<10} target")
    for r in results:
        target = "" if r["target"] is None else f"<= {r['target']}"
        print(f"{r['name']:<20} {r['value']:>10}  {r['unit']:<10} {target}")


if __name__ == "__main__":
    main()
