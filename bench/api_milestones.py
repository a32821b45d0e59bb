"""Benchmark: one page of 100 milestones from the API against the raw SQL fetch of those rows.

Builds a national-scale dataset (42 systems, 2,000 milestones each) in its own database, then
times `GET /api/v1/milestones/?system=<id>&page_size=100` as a regulator's token would call it
(median of repeated runs, through the WSGI handler a web server calls: Django's whole request
stack, middleware, routing, the view and its rendering) against `SELECT` of the same 100
rows with a database cursor, and prints both and the ratio. Target: under 5 times. The runs are
interleaved (API, SQL, API, ...) so that load from elsewhere on the machine weighs on both alike.
For reference it also times the raw SQL of everything the page shows (those rows, then their
baselines and dependencies).

The process runs as the web server's workers do (config/wsgi.py, the production settings): a
persistent database connection, and the garbage collector as config.runtime sets it
(``--interpreter-gc`` keeps the interpreter's default collector instead). The database is
created if it does not exist.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
      .venv/bin/python bench/api_milestones.py [--systems 42] [--per-system 2000] [--runs 30]

``--every-list`` times every list endpoint at this scale instead (``bench/api_lists.py``, with
150 rows of every other kind a system, filtered and unfiltered), in a database of its own.
``--json PATH`` also writes the results as a list of ``{"name", "value", "unit", "target"}``.

Without DATABASE_URL it uses a temporary SQLite file. The data are bulk-inserted: they are
benchmark fixtures, not anyone's changes, so they carry no history.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--per-system", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--interpreter-gc",
        action="store_true",
        help="keep the interpreter's default garbage collector (not config.runtime's)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--every-list",
        action="store_true",
        help="time every list endpoint at this scale instead, filtered and unfiltered "
        "(bench/api_lists.py, 150 rows of every other kind a system; its own database)",
    )
    args = parser.parse_args()
    if args.every_list:
        from bench import api_lists

        sys.argv = [
            "api_lists.py",
            *("--systems", str(args.systems), "--per-system", str(args.per_system)),
            *("--runs", str(args.runs), "--unfiltered"),
            *(("--json", args.json) if args.json else ()),
        ]
        api_lists.main()
        return

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    os.environ["API_RATE_LIMIT"] = "1000000/minute"
    os.environ["DB_CONN_MAX_AGE"] = "600"  # persistent, as in production (for the whole run)
    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory

    call_command("migrate", verbosity=0, interactive=False)
    system_id, token = build(args.systems, args.per_system)
    with connection.cursor() as cursor:
        # Fresh bulk-loaded tables: give the planner statistics, as autovacuum would.
        cursor.execute("ANALYZE")

    if not args.interpreter_gc:
        from config.runtime import tune_garbage_collection

        collector = f"as the web process (thresholds {tune_garbage_collection()})"
    else:
        collector = "the interpreter's default"
    url = f"/api/v1/milestones/?system={system_id}&page_size=100"
    environ = (
        RequestFactory(SERVER_NAME="127.0.0.1")
        .get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        .environ
    )
    # For reference: a page that filters (key milestones). Both are built by the same path.
    filtered_environ = (
        RequestFactory(SERVER_NAME="127.0.0.1")
        .get(url + "&key=true", HTTP_AUTHORIZATION=f"Bearer {token}")
        .environ
    )
    handler = WSGIHandler()

    def api(request_environ=environ) -> tuple[str, bytes]:
        status = []
        body = b"".join(handler(dict(request_environ), lambda code, _: status.append(code)))
        return status[0], body

    def filtered() -> tuple[str, bytes]:
        return api(filtered_environ)

    status, body = api()
    assert status == "200 OK", body[:500]
    ids = [row["id"] for row in json.loads(body)["results"]]
    assert len(ids) == 100
    status, body = filtered()
    assert status == "200 OK" and len(json.loads(body)["results"]) == 100, body[:500]

    table = "milestones_milestone"
    sql = (
        f"SELECT m.* FROM {table} m JOIN milestones_workstream w ON w.id = m.workstream_id "
        "JOIN milestones_plan p ON p.id = w.plan_id WHERE p.system_id = %s ORDER BY m.id LIMIT 100"
    )
    marks = ", ".join(["%s"] * len(ids))
    related = [
        f"SELECT milestone_id, set_at, baseline_on, reason FROM milestones_baseline "
        f"WHERE milestone_id IN ({marks}) ORDER BY milestone_id, set_at",
        f"SELECT milestone_id, depends_on_id FROM milestones_dependency "
        f"WHERE milestone_id IN ({marks})",
    ]

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, [system_id])
            return cursor.fetchall()

    def raw_with_related():
        rows = raw()
        with connection.cursor() as cursor:
            for query in related:
                cursor.execute(query, ids)
                rows += cursor.fetchall()
        return rows

    # Interleaved, so a busy machine slows all three alike.
    times = timed([api, raw, raw_with_related, filtered], args.runs)
    api, sql_ms, full_ms, filtered_ms = (statistics.median(t) for t in times)
    print(f"database: {connection.vendor}; milestones: {args.systems * args.per_system:,}")
    print(f"garbage collector: {collector}")
    print(f"API page of 100 (median of {args.runs}): {api * 1000:.2f} ms")
    print(f"raw SQL of the same 100 rows:         {sql_ms * 1000:.2f} ms")
    # Each run's API call and raw fetch are back to back: the median of their ratios is
    # steadier than the ratio of the medians when the machine's speed drifts during the run.
    paired_all = statistics.median(a / r for a, r in zip(times[0], times[1], strict=True))
    print(f"ratio: {paired_all:.1f}x (median of the runs' ratios; target < 5x)")
    print(f"(ratio of the medians: {api / sql_ms:.1f}x)")
    print(
        f"(raw SQL of the rows, their baselines and dependencies: {full_ms * 1000:.2f} ms; "
        f"ratio {api / full_ms:.1f}x)"
    )
    filtered_ratio = statistics.median(a / r for a, r in zip(times[3], times[1], strict=True))
    print(f"(a filtered page, ?key=true: {filtered_ms * 1000:.2f} ms; ratio {filtered_ratio:.1f}x)")
    if args.json:
        from bench.common import write_json

        write_json(
            args.json,
            [
                {
                    "name": "milestones: API",
                    "value": round(api * 1000, 2),
                    "unit": "ms",
                    "target": None,
                },
                {
                    "name": "milestones: ratio to the raw fetch",
                    "value": round(paired_all, 2),
                    "unit": "x",
                    "target": 5,
                },
                {
                    "name": "milestones ?key=true: ratio to the raw fetch",
                    "value": round(filtered_ratio, 2),
                    "unit": "x",
                    "target": 5,
                },
            ],
        )


def timed(calls, runs: int) -> list[list[float]]:
    """Each call's time in every run. A run makes the calls in turn, forwards and backwards on
    alternate runs: the call made right after a request pays for what the request left behind
    (the processor's caches, the collector's work), so no call is always the one after it."""
    for call in calls:
        call()
    times = [[] for _ in calls]
    order = list(zip(calls, times, strict=True))
    for run in range(runs):
        for call, spent in order if run % 2 == 0 else reversed(order):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return times


def create_database(url: str) -> None:
    """Create the PostgreSQL database the URL names, if it does not exist yet."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    settings = dj_database_url.parse(url)
    server = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
    server.close()


def build(systems: int, per_system: int) -> tuple[int, str]:
    from django.contrib.auth import get_user_model

    from core.roles import Role
    from core.scoping import unscoped
    from partners.api.tokens import token_issue
    from partners.models import Access, Organisation, Partnership, System

    user, _ = get_user_model().objects.get_or_create(username="bench-regulator")
    with unscoped():
        if System.objects.filter(slug="bench-0").exists():
            first = System.objects.get(slug="bench-0")
            return first.pk, token_issue(actor=user, user=user)[1]
        organisation = Organisation.objects.create(
            name="Bench Hospital NHS Foundation Trust", short_name="BENCH", kind="foundation_trust"
        )
        start = date(2019, 4, 1)
        first_id = None
        for n in range(systems):
            system = System.objects.create(
                slug=f"bench-{n}", name=f"Bench system {n}", short_name=f"B{n}", region="london"
            )
            first_id = first_id or system.pk
            Partnership.objects.create(system=system, organisation=organisation)
            Access.objects.create(user=user, system=system, role=Role.REGULATOR)
            bulk_milestones(system, organisation, per_system, start, spread=700, baselines=True)
    return first_id, token_issue(actor=user, user=user)[1]


def bulk_milestones(
    system, organisation, count: int, start: date, *, spread: int, baselines: bool = False
) -> list:
    """A plan of eight workstreams and ``count`` milestones due over ``spread`` days from
    ``start``, a quarter of them key, each forecast 0 to 40 days after its baseline; with
    ``baselines``, each with its first baseline recorded, as ``milestone_create`` records it."""
    from django.utils import timezone

    from milestones.models import Baseline, Milestone, Plan, Workstream

    plan = Plan.objects.create(system=system, title="Plan")
    workstreams = Workstream.objects.bulk_create(
        Workstream(plan=plan, code=chr(65 + w), name=f"Workstream {w}") for w in range(8)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(
            workstream=workstreams[i % 8],
            title=f"Milestone {i}",
            baseline_on=start + timedelta(days=i % spread),
            forecast_on=start + timedelta(days=i % spread + (i % 5) * 10),
            responsible_organisation=organisation,
            is_key=i % 4 == 0,
            # Bulk-inserted baselines send no signal: their milestone's copy is written here.
            original_baseline_on=start + timedelta(days=i % spread) if baselines else None,
        )
        for i in range(count)
    )
    if baselines:
        now = timezone.now()
        Baseline.objects.bulk_create(
            Baseline(milestone=m, baseline_on=m.baseline_on, set_at=now, reason="First")
            for m in milestones
        )
    return milestones


if __name__ == "__main__":
    main()
