"""Benchmark: the pages under load, served by gunicorn with the production settings.

Builds the national dataset once in its own PostgreSQL database (42 systems of 2,000
milestones, with committees, meetings, cases, risks, finance and reports: bench/overview.py's
builder, with each milestone's first baseline), a programme office of the first system and a
regulator of every system (their passwords made afresh each run). Then it collects the static
files into a temporary folder, starts gunicorn on 127.0.0.1 (``--workers`` sync workers,
``config.settings.production``) and sends ``--users`` people at it with locust, headless, for
``--duration`` seconds (bench/web_load_users.py: half a programme office, half a regulator,
signing in through the sign-in form, then the dashboard, the milestones register unfiltered and
filtered, a milestone, a workstream's timeline, risks, escalations, finance and, for the
regulator, the overview of every system, with a pause of ``--think`` seconds on average between
pages), after ``--warmup`` seconds of the same load that are not counted (each worker's first
requests compile templates and fill caches). It prints, per kind of page, the requests, errors,
median and 95th percentile against the target (p95 at most 100 ms, no errors), the throughput,
the gunicorn workers' memory after the run, and the machine's load average before and after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_web_bench \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
      .venv/bin/python bench/web_load.py [--duration 60] [--users 20] [--json PATH]

gunicorn and locust run in process groups of their own and are stopped when the run ends,
fails or is interrupted (Ctrl-C), with the temporary folder. The data are bulk-inserted: they
are benchmark fixtures, not anyone's changes, so they carry no history.
"""

import argparse
import csv
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_milestones import create_database
from bench.common import write_json

ROOT = Path(__file__).resolve().parent.parent
AS_AT = "2019-10-20"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/tracker_web_bench"
TARGET_P95_MS = 100
TARGET_WORKER_MB = 150
# The kinds of page in the order the table lists them (locust's names, bench/web_load_users.py).
PAGES = (
    "sign in: the form",
    "sign in: sent",
    "dashboard",
    "milestones",
    "milestones, filtered",
    "a milestone",
    "a workstream's timeline",
    "risks",
    "escalations",
    "finance",
    "overview of every system",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--per-system", type=int, default=2000, help="milestones per system")
    parser.add_argument("--users", type=int, default=20, help="concurrent people")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds of load before the measured run"
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--json", metavar="PATH", help="write the results here as JSON")
    args = parser.parse_args()

    database_url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    if not database_url.startswith(("postgres://", "postgresql://")):
        parser.error("DATABASE_URL must name a PostgreSQL database (production refuses others)")
    # Bench-only: its own signing key each run, never stored.
    secret_key = secrets.token_urlsafe(64)
    with ExitStack() as cleanup:
        # SIGTERM (a CI's timeout, kill) unwinds like Ctrl-C does: the servers are stopped.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        work = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="web-load-")))
        plan = prepare(args, work)
        server_env = production_environment(work, secret_key)
        collect_static(server_env, work)
        port = free_port()
        gunicorn = start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:config.gunicorn",  # as deployed (Compose)
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                "--worker-class=sync",
                "--log-level=warning",
            ],
            server_env,
            work / "gunicorn.log",
        )
        cleanup.callback(stop, gunicorn)
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, gunicorn, work / "gunicorn.log")
        workers = worker_pids(gunicorn.pid)
        booted_mb = [rss_mb(pid) for pid in workers]

        plan_file = work / "plan.json"
        plan_file.write_text(json.dumps({**plan, "think": args.think, "as_at": AS_AT}))
        if args.warmup:
            # Each worker's first requests load templates and fill caches: not counted.
            run_locust(args, args.warmup, url, plan_file, work / "warmup", cleanup)
        load_before = os.getloadavg()
        run_locust(args, args.duration, url, plan_file, work / "locust", cleanup)
        load_after = os.getloadavg()
        after_mb = [rss_mb(pid) for pid in workers if Path(f"/proc/{pid}").exists()]
        stats = read_stats(work / "locust_stats.csv")
        if not stats:
            sys.exit(f"locust wrote no statistics:\n{tail(work / 'locust.log')}")
        results = report(args, stats, booted_mb, after_mb, load_before, load_after)
        failures = read_failures(work / "locust_failures.csv")
        if failures:
            print("\nerrors (locust's failures):")
            for row in failures[:10]:
                print(f"  {row['Occurrences']} x {row['Name']}: {row['Error'][:160]}")
            print(tail(work / "gunicorn.log", 20))
        if args.json:
            write_json(args.json, results)


def run_locust(args, seconds: int, url: str, plan: Path, prefix: Path, cleanup) -> None:
    """Locust, headless, for ``seconds``; its statistics in ``<prefix>_stats.csv``."""
    log = prefix.with_suffix(".log")
    locust = start(
        [
            sys.executable,
            "-m",
            "locust",
            "--locustfile",
            str(ROOT / "bench" / "web_load_users.py"),
            "--headless",
            f"--users={args.users}",
            # Everyone arrives over five seconds, not in one burst of sign-ins.
            f"--spawn-rate={max(1, args.users / 5)}",
            f"--run-time={seconds}s",
            f"--host={url}",
            f"--csv={prefix}",
            "--only-summary",
            "--stop-timeout=10",
            "--loglevel=WARNING",
        ],
        {**os.environ, "BENCH_WEB_PLAN": str(plan)},
        log,
    )
    cleanup.callback(stop, locust)
    try:
        locust.wait(timeout=seconds + 90)
    except subprocess.TimeoutExpired:
        sys.exit(f"locust did not finish:\n{tail(log)}")


def prepare(args, work: Path) -> dict:
    """Build (once) the dataset and the two accounts in this process, with the base settings;
    returns what the people visit (bench/web_load_users.py's plan)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from bench.overview import build

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    build(args.systems, args.per_system, baselines=True)
    plan = accounts()
    with connection.cursor() as cursor:
        # Fresh bulk-loaded tables: give the planner statistics, as autovacuum would.
        cursor.execute("ANALYZE")
    connections.close_all()
    print(f"dataset ready in {time.perf_counter() - started:.0f} s")
    return plan


def accounts() -> dict:
    """A programme office of the first system and a regulator of every bench system, each with
    a password made for this run; the systems open as at AS_AT (the data's month), as a demo
    system opens at its seed's date."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from core.roles import Role
    from core.scoping import unscoped
    from milestones.models import Milestone, Workstream
    from partners.models import Access, System

    rng = random.Random(20)
    plan = {}
    with unscoped():
        systems = list(System.objects.filter(slug__startswith="overview-").order_by("pk"))
        System.objects.filter(pk__in=[s.pk for s in systems]).update(
            opens_as_at=date.fromisoformat(AS_AT)
        )
        for key, role, granted in (
            ("office", Role.PROGRAMME_OFFICE, systems[:1]),
            ("regulator", Role.REGULATOR, systems),
        ):
            password = secrets.token_urlsafe(24)
            user, _ = get_user_model().objects.get_or_create(username=f"bench-web-{key}")
            user.set_password(password)
            user.save()
            for system in granted:
                Access.objects.get_or_create(user=user, system=system, defaults={"role": role})
            visits = []
            for system in granted:
                milestones = list(
                    Milestone.objects.filter(workstream__plan__system=system).values_list(
                        "pk", flat=True
                    )
                )
                workstreams = Workstream.objects.filter(plan__system=system)
                visits.append(
                    {
                        "slug": system.slug,
                        "milestones": rng.sample(milestones, min(50, len(milestones))),
                        "workstreams": list(workstreams.values_list("pk", flat=True)),
                    }
                )
            plan[key] = {"username": user.username, "password": password, "systems": visits}
    return plan


def production_environment(work: Path, secret_key: str) -> dict:
    """What config.settings.production requires, for a server on 127.0.0.1 alone."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        # The people's requests come through one proxy (bench/web_load_users.py).
        "TRUSTED_PROXY_COUNT": "1",
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def collect_static(env: dict, work: Path) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"static files collected in {time.perf_counter() - started:.0f} s")


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A process in a process group of its own (so that stopping it stops its children too)."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    """Stop the process and its group: politely, then for good after ten seconds."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    request = urllib.request.Request(f"{url}/login/", headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{tail(log)}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    sys.exit(f"gunicorn did not serve the sign-in page within 60 s:\n{tail(log)}")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def read_stats(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with path.open(newline="") as rows:
        return {row["Name"]: row for row in csv.DictReader(rows)}


def read_failures(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="") as rows:
        return list(csv.DictReader(rows))


def report(args, stats, booted_mb, after_mb, load_before, load_after) -> list[dict]:
    results = []
    width = max(len(name) for name in PAGES)
    print(
        f"\n{args.users} people for {args.duration} s, think {args.think} s, "
        f"gunicorn {args.workers} sync workers (production settings), "
        f"{args.systems} systems x {args.per_system} milestones"
    )
    print(
        f"{'page':<{width}}  {'requests':>8}  {'errors':>6}  {'median ms':>9}  "
        f"{'p95 ms':>6}  target: p95 <= {TARGET_P95_MS} ms, 0 errors"
    )
    for name in (*PAGES, "Aggregated"):
        row = stats.get(name)
        if row is None:
            continue
        requests, errors = int(row["Request Count"]), int(row["Failure Count"])
        median, p95 = float(row["50%"]), float(row["95%"])
        met = p95 <= TARGET_P95_MS and errors == 0
        label = "all pages" if name == "Aggregated" else name
        print(
            f"{label:<{width}}  {requests:>8}  {errors:>6}  {median:>9.0f}  {p95:>6.0f}  "
            f"{'met' if met else 'missed'}"
        )
        results += [
            {"name": f"{label}: p95", "value": p95, "unit": "ms", "target": f"<= {TARGET_P95_MS}"},
            {"name": f"{label}: median", "value": median, "unit": "ms", "target": None},
            {"name": f"{label}: errors", "value": errors, "unit": "requests", "target": "0"},
            {"name": f"{label}: requests", "value": requests, "unit": "requests", "target": None},
        ]
    throughput = float(stats["Aggregated"]["Requests/s"]) if "Aggregated" in stats else 0.0
    print(f"throughput: {throughput:.1f} requests/s")
    results.append({"name": "throughput", "value": throughput, "unit": "req/s", "target": None})
    booted = ", ".join(f"{mb:.0f}" for mb in booted_mb)
    after = ", ".join(f"{mb:.0f}" for mb in after_mb)
    print(
        f"gunicorn workers' memory (RSS): {booted} MB at boot, {after} MB after the load "
        f"(target <= {TARGET_WORKER_MB} MB)"
    )
    for n, mb in enumerate(after_mb, 1):
        results.append(
            {
                "name": f"gunicorn worker {n} memory after load",
                "value": round(mb, 1),
                "unit": "MB",
                "target": f"<= {TARGET_WORKER_MB}",
            }
        )
    print(
        "load average (1, 5, 15 min): before "
        + ", ".join(f"{x:.1f}" for x in load_before)
        + "; after "
        + ", ".join(f"{x:.1f}" for x in load_after)
    )
    return results


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # Ctrl-C: the servers are stopped already (the ExitStack)
        sys.exit(130)
