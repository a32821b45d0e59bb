"""Benchmark: a system's busiest pages at national scale, one request at a time.

Builds 42 systems (``--systems``) of 2,000 milestones each (``--per-system``, bench/api_milestones'
builder: a quarter key, forecasts 0 to 40 days late), in its own database; in the first system a
programme office and a partner lead, each named responsible for an eighth of the milestones, and
the month just ended's update given on half of them. Then times, signed in, through the WSGI
handler a web server calls (median of ``--runs``, the pages interleaved):

- the monthly update as the programme office and as the partner lead first open it;
- the milestones register: first page, a RAG filtered and sorted by slippage, and its last page;
- the workstreams with their milestones' RAG counts;
- the dashboard.

For each page it prints the queries, the time they took in the database, the size of the
HTML, the number of milestone forms on it, the wall time (median and fastest) and the CPU time
the web process spent (median; the database's own time is in the wall time only). Targets
(issue 21): the monthly update in at most 100 ms and under 200 KB; every page's work in
proportion to what it shows. ``BENCH_QUERIES=1`` prints each page's slowest statements;
``BENCH_PROFILE="<page name>"`` profiles one request of it (cProfile; ``BENCH_SORT``,
``BENCH_LINES``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_pages_bench \\
      .venv/bin/python bench/pages.py [--systems 42] [--per-system 2000] [--runs 15] [--json PATH]

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

from bench.api_milestones import bulk_milestones, create_database

PAGE_TARGET_MS = 100
UPDATE_TARGET_KB = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--per-system", type=int, default=2000, help="milestones per system")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--json", metavar="PATH", help="write the results as JSON")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    os.environ["DB_CONN_MAX_AGE"] = "600"  # persistent, as in production
    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0, interactive=False)
    slug, users = build(args.systems, args.per_system)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from config.runtime import tune_garbage_collection

    tune_garbage_collection()  # as the web process collects
    factory = RequestFactory(SERVER_NAME="127.0.0.1")
    cookies = {}
    for role, user in users.items():
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        cookies[role] = f"sessionid={client.cookies['sessionid'].value}"
    last = (args.per_system + 24) // 25
    pages = {
        "monthly update (office)": ("office", f"/s/{slug}/monthly-update/", {}),
        "monthly update (lead)": ("lead", f"/s/{slug}/monthly-update/", {}),
        "milestones": ("office", f"/s/{slug}/milestones/", {}),
        "milestones, amber by slippage": (
            "office",
            f"/s/{slug}/milestones/",
            {"rag": "amber", "order": "-slippage"},
        ),
        "milestones, last page": ("office", f"/s/{slug}/milestones/", {"page": last}),
        "workstreams": ("office", f"/s/{slug}/workstreams/", {}),
        "dashboard": ("office", f"/s/{slug}/", {}),
    }
    if args.only:
        pages = {name: pages[name] for name in args.only.split(",")}
    handler = WSGIHandler()

    def caller(role, path, params):
        environ = factory.get(path, params, HTTP_COOKIE=cookies[role]).environ

        def call():
            status = []
            body = b"".join(handler(dict(environ), lambda code, _: status.append(code)))
            return status[0], body

        return call

    calls = {name: caller(*spec) for name, spec in pages.items()}
    facts = {}
    for name, call in calls.items():
        with CaptureQueriesContext(connection) as queries:
            status, body = call()
        assert status == "200 OK", (name, status, body[:300])
        spent = sum(float(q["time"]) for q in queries.captured_queries)
        if os.environ.get("BENCH_QUERIES"):
            print(name)
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
                print(f"  {float(q['time']) * 1000:.0f} ms: {q['sql'][:300]}")
        facts[name] = {
            "queries": len(queries),
            "db_ms": spent * 1000,
            "kb": len(body) / 1024,
            "forms": body.count(b'name="milestone"'),
        }
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(calls[os.environ["BENCH_PROFILE"]])
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("BENCH_LINES", "40")))
    times, cpu = timed(list(calls.values()), args.runs)
    print(
        f"database: {connection.vendor}; systems: {args.systems}; "
        f"milestones each: {args.per_system:,}; runs: {args.runs}"
    )
    print(
        "| page | queries | in the database ms | HTML KB | milestone forms | median ms | min ms "
        "| CPU ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    results = []
    for (name, fact), spent, used in zip(facts.items(), times, cpu, strict=True):
        median, fastest = statistics.median(spent) * 1000, min(spent) * 1000
        print(
            f"| {name} | {fact['queries']} | {fact['db_ms']:.1f} | {fact['kb']:,.0f} | "
            f"{fact['forms']:,} | {median:.0f} | {fastest:.0f} | "
            f"{statistics.median(used) * 1000:.0f} |"
        )
        results.append(
            {"name": f"{name}: median", "value": round(median, 1), "unit": "ms", "target": 100}
        )
        if name.startswith("monthly update"):
            results.append(
                {
                    "name": f"{name}: HTML",
                    "value": round(fact["kb"], 1),
                    "unit": "KB",
                    "target": UPDATE_TARGET_KB,
                }
            )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def timed(calls, runs: int) -> tuple[list[list[float]], list[list[float]]]:
    """Each call's wall times and this process's CPU times (``time.process_time``: on a shared
    machine, the part of a request that waits for a core is in the first and not the second),
    the calls interleaved so that load from elsewhere weighs on all alike."""
    for call in calls:
        call()
    wall, cpu = [[] for _ in calls], [[] for _ in calls]
    for _ in range(runs):
        for call, spent, used in zip(calls, wall, cpu, strict=True):
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            spent.append(time.perf_counter() - start)
            used.append(time.process_time() - start_cpu)
    return wall, cpu


def build(systems: int, per_system: int):
    """The systems (once: a second run reuses them); the first system's slug and its users."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.roles import Role
    from core.scoping import unscoped
    from milestones.models import Milestone, ProgressUpdate
    from partners.models import Access, Organisation, Partnership, Person, System

    users = {
        "office": get_user_model().objects.get_or_create(username="bench-pages-office")[0],
        "lead": get_user_model().objects.get_or_create(username="bench-pages-lead")[0],
    }
    with unscoped():
        if System.objects.filter(slug="pages-0").exists():
            return "pages-0", users
        organisation = Organisation.objects.create(
            name="Pages Bench Hospital NHS Foundation Trust",
            short_name="PBH",
            kind="foundation_trust",
        )
        today = date.today()
        month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        for n in range(systems):
            system = System.objects.create(
                slug=f"pages-{n}",
                name=f"Pages bench system {n}",
                short_name=f"P{n}",
                region="london",
            )
            Partnership.objects.create(system=system, organisation=organisation)
            # Due around today, so the dashboard has late and due-soon milestones to list.
            milestones = bulk_milestones(
                system, organisation, per_system, today - timedelta(days=350), spread=700
            )
            if n:
                continue
            Access.objects.create(user=users["office"], system=system, role=Role.PROGRAMME_OFFICE)
            Access.objects.create(
                user=users["lead"],
                system=system,
                role=Role.PARTNER_LEAD,
                organisation=organisation,
            )
            people = [
                Person.objects.create(
                    system=system, name=f"Bench {role}", organisation=organisation, user=user
                )
                for role, user in users.items()
            ]
            for i, person in enumerate(people):
                Milestone.objects.filter(pk__in=[m.pk for m in milestones[i::8]]).update(
                    responsible_person=person
                )
            now = timezone.now()
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(
                    milestone=m,
                    month=month,
                    narrative=f"Progress on {m.title} in {month:%B %Y}.",
                    forecast_on=m.forecast_on,
                    rag="green",
                    reported_by=users["office"],
                    reported_at=now,
                )
                for m in milestones[::2]
            )
    return "pages-0", users


if __name__ == "__main__":
    main()
