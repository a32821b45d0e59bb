"""Benchmark: the regulators' overview of every system at national scale.

Builds 42 systems (``--systems``), each with ``--per-system`` milestones (a quarter of them key),
escalation cases (half at a regulator's step), a committee whose month's meetings are
recorded with attendance, control totals and a year of monthly positions, risks and published
reports, in its own database; then times, as a regulator who sees them all:

- the page ``/overview/?as_at=2019-10-20`` (signed in with a session), and
- the API ``/api/v1/overview/?as_at=2019-10-20&page_size=100`` (with a token),

each through the WSGI handler a web server calls (median of ``--runs``, interleaved), with the
number of queries each makes. Target: the same number of queries at 2 systems as at 42 (the
tests hold it), and the page in well under a second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_overview_bench \\
      .venv/bin/python bench/overview.py [--systems 42] [--per-system 500] [--runs 15]

Without DATABASE_URL it uses a temporary SQLite file. The data are bulk-inserted: they are
benchmark fixtures, not anyone's changes, so they carry no history.
"""

import argparse
import os
import statistics
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_milestones import bulk_milestones, create_database, timed

AS_AT = "2019-10-20"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--per-system", type=int, default=500, help="milestones per system")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    os.environ["API_RATE_LIMIT"] = "1000000/minute"
    os.environ["DB_CONN_MAX_AGE"] = "600"
    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0, interactive=False)
    user, token = build(args.systems, args.per_system)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from config.runtime import tune_garbage_collection

    # As the web process collects (config.runtime), not the interpreter's default.
    tune_garbage_collection()
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    session = client.cookies["sessionid"].value
    factory = RequestFactory(SERVER_NAME="127.0.0.1")
    page_environ = factory.get(
        "/overview/", {"as_at": AS_AT}, HTTP_COOKIE=f"sessionid={session}"
    ).environ
    api_environ = factory.get(
        "/api/v1/overview/",
        {"as_at": AS_AT, "page_size": 100},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).environ
    handler = WSGIHandler()

    def call(environ) -> tuple[str, bytes]:
        status = []
        body = b"".join(handler(dict(environ), lambda code, _: status.append(code)))
        return status[0], body

    def page():
        return call(page_environ)

    def api():
        return call(api_environ)

    for name, fetch in (("page", page), ("API", api)):
        with CaptureQueriesContext(connection) as queries:
            status, body = fetch()
        assert status == "200 OK", body[:500]
        assert body.count(b"Bench system") >= args.systems, name
        spent = sum(float(q["time"]) for q in queries.captured_queries)
        print(f"{name}: {len(queries)} queries, {spent * 1000:.0f} ms in the database")
        if os.environ.get("BENCH_QUERIES"):
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
                print(f"  {float(q['time']) * 1000:.0f} ms: {q['sql'][:160]}")
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(page if os.environ["BENCH_PROFILE"] == "page" else api)
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("BENCH_LINES", "40")))
    page_times, api_times = timed([page, api], args.runs)
    print(
        f"database: {connection.vendor}; systems: {args.systems}; "
        f"milestones each: {args.per_system}"
    )
    print(f"overview page (median of {args.runs}): {statistics.median(page_times) * 1000:.0f} ms")
    print(f"overview API  (median of {args.runs}): {statistics.median(api_times) * 1000:.0f} ms")


def build(systems: int, per_system: int, *, baselines: bool = False):
    """The national dataset (see the module's docstring) and a regulator of every system with an
    API token; ``baselines`` records each milestone's first baseline too (a milestone's page
    lists them). Built once: a database that has it already is used as it is."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.roles import Role
    from core.scoping import unscoped
    from escalation.models import EscalationCase, EscalationRoute, EscalationStep, Risk
    from finance.models import ControlTotal, FinancialYear, MonthlyPosition
    from governance.models import (
        Attendance,
        Committee,
        Meeting,
        Membership,
        TermsOfReference,
    )
    from partners.api.tokens import token_issue
    from partners.models import Access, Organisation, Partnership, Person, System
    from reports.models import MonthlyReport

    user, _ = get_user_model().objects.get_or_create(username="bench-overview-regulator")
    with unscoped():
        if System.objects.filter(slug="overview-0").exists():
            return user, token_issue(actor=user, user=user)[1]
        trust = Organisation.objects.create(
            name="Overview Bench Hospital NHS Foundation Trust",
            short_name="OBH",
            kind="foundation_trust",
        )
        regulator = Organisation.objects.create(
            name="Overview Bench Regulator", short_name="OBR", kind="regulator"
        )
        year, _ = FinancialYear.objects.get_or_create(
            label="2019/20", defaults={"starts_on": date(2019, 4, 1), "ends_on": date(2020, 3, 31)}
        )
        now, start = timezone.now(), date(2019, 4, 1)
        for n in range(systems):
            system = System.objects.create(
                slug=f"overview-{n}",
                name=f"Bench system {n}",
                short_name=f"OB{n}",
                region="london" if n % 2 else "midlands",
            )
            Partnership.objects.bulk_create(
                Partnership(system=system, organisation=o) for o in (trust, regulator)
            )
            Access.objects.create(user=user, system=system, role=Role.REGULATOR)
            milestones = bulk_milestones(
                system, trust, per_system, start, spread=400, baselines=baselines
            )
            route = EscalationRoute.objects.create(system=system, name="Non-delivery")
            steps = EscalationStep.objects.bulk_create(
                [
                    EscalationStep(route=route, order=1, escalate_to_role="Board"),
                    EscalationStep(
                        route=route,
                        order=2,
                        escalate_to_organisation=regulator,
                        response_due_days=14,
                    ),
                ]
            )
            EscalationCase.objects.bulk_create(
                EscalationCase(
                    route=route,
                    current_step=steps[c % 2],
                    step_since=date(2019, 9, 1) + timedelta(days=c),
                    subject_kind="milestone",
                    milestone=milestones[c],
                    raised_by=user,
                    raised_on=date(2019, 8, 1) + timedelta(days=c),
                    reason="Late",
                )
                for c in range(20)
            )
            committee = Committee.objects.create(system=system, name="Board", kind="board")
            TermsOfReference.objects.create(
                committee=committee, version="1", effective_from=start, quorum_minimum_total=4
            )
            people = Person.objects.bulk_create(
                Person(system=system, name=f"Member {p}", organisation=trust) for p in range(8)
            )
            Membership.objects.bulk_create(
                Membership(committee=committee, person=person) for person in people
            )
            for day in (1, 15):
                meeting = Meeting.objects.create(
                    committee=committee, held_on=date(2019, 10, day), status="held"
                )
                Attendance.objects.bulk_create(
                    Attendance(meeting=meeting, person=person, status="present")
                    for person in people[: 3 + day % 2 * 3]
                )
            ControlTotal.objects.create(
                system=system,
                organisation=trust,
                year=year,
                allocation_or_income=Decimal(500000),
                plan_surplus_deficit=Decimal(-1000),
            )
            MonthlyPosition.objects.bulk_create(
                MonthlyPosition(
                    system=system,
                    organisation=trust,
                    year=year,
                    month=date(2019, m, 1),
                    ytd_plan=Decimal(-100 * (m - 3)),
                    ytd_actual=Decimal(-110 * (m - 3)),
                    forecast_outturn=Decimal(-1200),
                )
                for m in range(4, 13)
            )
            Risk.objects.bulk_create(
                Risk(
                    system=system,
                    reference=f"R{r}",
                    title=f"Risk {r}",
                    category="operational",
                    likelihood=1 + r % 5,
                    impact=1 + (r * 3) % 5,
                )
                for r in range(30)
            )
            published = timezone.make_aware(datetime.combine(date(2019, 9, 20), time(12)))
            MonthlyReport.objects.bulk_create(
                MonthlyReport(
                    system=system,
                    month=date(2019, m, 1),
                    status="superseded" if m == 8 else "queued",
                    requested_at=now,
                    published_at=published if m == 8 else None,
                    snapshot={},
                    pdf="bench.pdf",
                    sha256="0" * 64,
                )
                for m in range(4, 10)
            )
    return user, token_issue(actor=user, user=user)[1]


if __name__ == "__main__":
    main()
