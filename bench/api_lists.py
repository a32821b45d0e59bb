"""Benchmark: a page of 100 of every list endpoint in /api/v1/ against the raw SQL fetch of the
same rows.

Builds a dataset in its own database (``--systems`` systems, each with ``--per-system``
milestones and ``--others`` rows of every other kind the API lists: plans, and financial years
with the system's finance rows spread over them, included, so that every list but the systems
has a page of 100 of its own), then, for each endpoint the
API router registers, times ``GET /api/v1/<prefix>/?system=<id>&page_size=100`` as a regulator's
token calls it, through the WSGI handler a web server calls (middleware, authentication,
routing, scoping, filters, ordering, pagination, serializers and rendering), against three raw
fetches with a database cursor:

- "page": the page's own rows, ``SELECT * FROM <table> WHERE id IN (<the page's ids>) ORDER
  BY id``;
- "page+": those, then every other row the response is made of: the request's own statements
  but the page's (its children, such as a meeting's attendance, and the rows its derived facts
  are computed from, such as a committee's terms for a quorum), replayed through a plain
  cursor. For a list that shows only its own rows it is the page's fetch; for one that nests
  children it is the raw fetch of every row the response shows;
- "all rows": every statement of the request but the token's lookup, replayed (what Django
  and DRF add to the database's own work).

They run back to back, interleaved over every endpoint and run, so load from elsewhere on the
machine weighs on both alike; each ratio printed is the median of the runs' ratios. Target:
the API within 5x of "page+" on every list endpoint.

With ``--unfiltered`` each list is also timed without ``?system=`` (every system the token
reads), as ``<list> (all)``.

``finance-summaries`` lists computed subtotals, not rows of a table: its raw fetch is the
system's control totals those subtotals add up.

The process runs as the web server's workers do (the garbage collector as config.runtime sets
it, a persistent database connection). The data are bulk-inserted benchmark fixtures, not
anyone's changes, so they carry no history.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_api_bench \\
      .venv/bin/python bench/api_lists.py [--systems 10] [--per-system 1000] [--others 150]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_milestones import create_database, timed
from bench.common import write_json

# Issue 13's target for every list (issue 21's, national scale, is 3x).
TARGET_RATIO = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=10)
    parser.add_argument("--per-system", type=int, default=1000)
    parser.add_argument("--others", type=int, default=150)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="comma-separated prefixes to time (default: every list)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--unfiltered",
        action="store_true",
        help="also time each list without ?system= (every system the token reads)",
    )
    parser.add_argument(
        "--queries", action="store_true", help="print each list's statements and their time instead"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time each list's floor: its raw page served behind the API's middleware, "
        "authentication, rate limit and renderer (bench/floor.py), and that floor's ratio",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--profile",
        help="profile 50 calls of this prefix (cProfile) instead; BENCH_SORT and BENCH_LINES "
        "choose the order (cumulative) and how many lines (60)",
    )
    args = parser.parse_args()

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

    from config.api import router
    from config.runtime import tune_garbage_collection

    call_command("migrate", verbosity=0, interactive=False)
    system_id, token = build(args.systems, args.per_system, args.others)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh bulk-loaded tables: statistics, as autovacuum would give
    tune_garbage_collection()
    if args.floor:
        from django.conf import settings

        from bench import floor

        settings.ROOT_URLCONF = "bench.floor"  # the product's URLs and the floor's, here only
    handler = WSGIHandler()
    only = set(args.only.split(",")) if args.only else None

    def replay_of(api, table: str):
        """Every row the response is made of, fetched raw: the request's own SELECT
        statements (the page, its children, the rows its derived facts are computed from, as
        the database received them) run again through a plain cursor, without the token's
        lookup (authentication, not the list's rows). Also those statements but the page's
        own (the first that reads a page of ``table``): its children and the rows its derived
        facts are computed from."""
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            api()
        statements = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith("SELECT") and '"partners_apitoken"' not in q["sql"]
        ]
        page = next((s for s in statements if f'FROM "{table}"' in s and " LIMIT " in s), None)
        rest = [s for s in statements if s is not page]

        def replaying(statements):
            def replay():
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
                        cursor.fetchall()

            return replay

        return replaying(statements), replaying(rest)

    endpoints = []
    lists = [
        (prefix if filtered else f"{prefix} (all)", viewset, query)
        for prefix, viewset, _ in router.registry
        if not only or prefix in only
        for filtered, query in (
            (True, "page_size=100" if prefix == "systems" else f"system={system_id}&page_size=100"),
            (False, "page_size=100"),
        )
        if filtered or (args.unfiltered and prefix != "systems")
    ]

    def requesting(path: str):
        environ = (
            RequestFactory(SERVER_NAME="127.0.0.1")
            .get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
            .environ
        )

        def request() -> bytes:
            status = []
            body = b"".join(handler(dict(environ), lambda code, _: status.append(code)))
            assert status[0] == "200 OK", (status, body[:500])
            return body

        return request

    for name, viewset, query in lists:
        prefix = name.split()[0]
        api = requesting(f"/api/v1/{prefix}/?{query}")

        rows = json.loads(api())["results"]
        table = viewset.model._meta.db_table
        ids = [row.get("id") for row in rows]
        ids = ids if all(isinstance(i, int) for i in ids) else []
        if ids:
            sql = f"SELECT * FROM {table} WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id"
            params = ids
        else:
            sql, params = f"SELECT * FROM {table} WHERE system_id = %s ORDER BY id", [system_id]

        def raw(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        replay, rest = replay_of(api, table)

        def made_of(raw=raw, rest=rest):
            raw()
            rest()

        timings = [api, raw, made_of, replay]
        if args.floor:
            key = f"{len(endpoints)}"
            floor.STATEMENTS[key] = (sql, params)
            timings.append(requesting(f"/bench-floor/{key}/"))
            assert len(json.loads(timings[-1]())["results"]) == len(raw())
        endpoints.append((name, len(rows), *timings))

    if args.profile:
        import cProfile
        import pstats

        (api,) = [api for prefix, _, api, *_ in endpoints if prefix == args.profile]
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [api() for _ in range(50)])
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("BENCH_LINES", "60")))
        return
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        for prefix, _, api, *_ in endpoints:
            api()
            with CaptureQueriesContext(connection) as captured:
                api()
            seconds = sum(float(q["time"]) for q in captured.captured_queries)
            print(f"{prefix:<20} {len(captured):>3} statements {seconds * 1000:>7.1f} ms")
            for q in captured.captured_queries:
                print(f"    {q['time']:>6} {q['sql']}")
        return
    calls = [call for _, _, *timings in endpoints for call in timings]
    times = timed(calls, args.runs)
    print(
        f"database: {connection.vendor}; {args.systems} systems, {args.per_system} milestones "
        f"and {args.others} rows of every other kind each; median of {args.runs} runs"
    )
    # Each raw fetch the API is held against: the page's own rows; those and every other row
    # the response is made of (its children, the rows its derived facts come from); and all of
    # them as the request's own statements read them.
    baselines = (
        ("page", "the page's own rows"),
        ("page+", "the page's rows and the rows it is made of"),
        ("all rows", "every row the response is made of, as the request read them"),
    )
    columns = ("endpoint", "rows", "API ms")
    columns += tuple(c for name, _ in baselines for c in (f"{name} ms", "ratio"))
    if args.floor:
        # The floor's time, and its ratio to the page's raw fetch: the lowest ratio the list
        # could reach on this stack (bench/floor.py).
        columns += ("floor ms", "ratio")
    if args.markdown:
        print("| " + " | ".join(columns) + " |")
        print("|---|" + "---:|" * (len(columns) - 1))
    else:
        print(("{:<24} {:>5} {:>8}" + " {:>11} {:>7}" * (len(columns[3:]) // 2)).format(*columns))
    results = []
    width = 1 + len(baselines) + bool(args.floor)
    for n, (prefix, count, *_) in enumerate(endpoints):
        api_times, *raw_times = times[width * n : width * (n + 1)]
        floor_times = raw_times.pop() if args.floor else None
        api_ms = statistics.median(api_times) * 1000
        cells = [prefix, count, api_ms]
        results.append({"name": f"{prefix}: API", "value": round(api_ms, 2), "unit": "ms",
                        "target": None})  # fmt: skip
        for (name, meaning), raw in zip(baselines, raw_times, strict=True):
            ratio = statistics.median(a / r for a, r in zip(api_times, raw, strict=True))
            cells += [statistics.median(raw) * 1000, ratio]
            results.append(
                {
                    "name": f"{prefix}: ratio to the raw fetch of {meaning}",
                    "value": round(ratio, 2),
                    "unit": "x",
                    "target": TARGET_RATIO if name == "page+" else None,
                }
            )
        if floor_times:
            ratio = statistics.median(f / r for f, r in zip(floor_times, raw_times[0], strict=True))
            cells += [statistics.median(floor_times) * 1000, ratio]
            results.append(
                {
                    "name": f"{prefix}: the floor's ratio to the raw fetch of the page's own rows",
                    "value": round(ratio, 2),
                    "unit": "x",
                    "target": None,
                }
            )
        pairs = len(cells[3:]) // 2
        if args.markdown:
            print(("| {} | {} | {:.2f}" + " | {:.2f} | {:.1f}x" * pairs + " |").format(*cells))
        else:
            print(("{:<24} {:>5} {:>8.2f}" + " {:>11.2f} {:>6.1f}x" * pairs).format(*cells))
    if args.json:
        write_json(args.json, results)


def build(systems: int, per_system: int, others: int) -> tuple[int, str]:
    """The dataset (once per database), and a regulator's token reading every system."""
    from django.contrib.auth import get_user_model

    from partners.api.tokens import token_issue
    from partners.models import Access, System

    user, _ = get_user_model().objects.get_or_create(username="bench-regulator")
    first = System._base_manager.filter(slug="bench-0").first()
    if first is None:
        for n in range(systems):
            system = System._base_manager.create(
                slug=f"bench-{n}", name=f"Bench system {n}", short_name=f"B{n}", region="london"
            )
            first = first or system
            Access._base_manager.create(user=user, system=system, role="regulator")
            build_system(system, n, user, per_system, others)
    return first.pk, token_issue(actor=user, user=user)[1]


def financial_years(count: int) -> list:
    """``count`` financial years, the latest 2019/20 (reference data: made once)."""
    from finance.models import FinancialYear

    wanted = [
        FinancialYear(
            label=f"{y}/{(y + 1) % 100:02d}", starts_on=date(y, 4, 1), ends_on=date(y + 1, 3, 31)
        )
        for y in range(2019, 2019 - count, -1)
    ]
    FinancialYear._base_manager.bulk_create(wanted, ignore_conflicts=True)
    by_label = FinancialYear._base_manager.in_bulk([y.label for y in wanted], field_name="label")
    return [by_label[y.label] for y in wanted]


def bulk(model, objects) -> list:
    return model._base_manager.bulk_create(list(objects))


def build_system(system, n: int, user, per_system: int, others: int) -> None:
    from django.apps import apps
    from django.utils import timezone

    model = apps.get_model
    now, start = timezone.now(), date(2019, 4, 1)
    k = range(others)
    organisations = bulk(
        model("partners", "Organisation"),
        (
            model("partners", "Organisation")(
                name=f"Bench {n}-{i} NHS Trust", short_name=f"B{n}-{i}", kind="nhs_trust"
            )
            for i in k
        ),
    )
    org = organisations[0]
    bulk(
        model("partners", "Partnership"),
        (model("partners", "Partnership")(system=system, organisation=o) for o in organisations),
    )
    people = bulk(
        model("partners", "Person"),
        (
            model("partners", "Person")(system=system, name=f"Person {i}", organisation=org)
            for i in k
        ),
    )
    Committee = model("governance", "Committee")
    committees = bulk(
        Committee, (Committee(system=system, name=f"Committee {i}", kind="committee") for i in k)
    )
    committee = committees[0]
    Terms = model("governance", "TermsOfReference")
    bulk(Terms, (Terms(committee=c, version="1.0", effective_from=start) for c in committees))
    Membership = model("governance", "Membership")
    # Ten committees of (others / 10) members each; each meets (others / 10) times, with three
    # of its members present.
    bulk(
        Membership,
        (
            Membership(committee=committees[i % 10], person=p, role="member")
            for i, p in enumerate(people)
        ),
    )
    Meeting = model("governance", "Meeting")
    meetings = bulk(
        Meeting,
        (
            Meeting(committee=committees[i % 10], held_on=start + timedelta(days=i), status="held")
            for i in k
        ),
    )
    Attendance = model("governance", "Attendance")
    bulk(
        Attendance,
        (
            Attendance(meeting=m, person=people[i % 10 + 10 * j], status="present")
            for i, m in enumerate(meetings)
            for j in range(3)
        ),
    )
    Decision = model("governance", "Decision")
    decisions = bulk(
        Decision,
        (Decision(meeting=meetings[i], title=f"Decision {i}", reference=f"D{i}") for i in k),
    )
    Action = model("governance", "Action")
    bulk(
        Action, (Action(meeting=meetings[i], description=f"Action {i}", owner=people[i]) for i in k)
    )
    # The meeting cycle: an agenda item per meeting (one in ten confidential), a paper, a
    # declaration and a registered interest per item, approved minutes with an entry per item.
    Item, Paper = model("governance", "AgendaItem"), model("governance", "Paper")
    items = bulk(
        Item,
        (
            Item(meeting=m, number=1, title=f"Item {i}", purpose="decision",
                 presenter=people[i], confidential=i % 10 == 0)
            for i, m in enumerate(meetings)
        ),
    )  # fmt: skip
    bulk(
        Paper,
        (
            Paper(item=item, title=f"Paper {i}", file=f"papers/bench/{system.pk}-{i}.pdf",
                  filename=f"paper-{i}.pdf", content_type="application/pdf", size=1000,
                  sha256="0" * 64, uploaded_at=now, uploaded_by=user)
            for i, item in enumerate(items)
        ),
    )  # fmt: skip
    Interest, Declaration = model("governance", "Interest"), model("governance", "Declaration")
    interests = bulk(
        Interest,
        (
            Interest(person=p, kind="financial", organisation_name=f"Bench supplier {i}",
                     description="Shareholding", declared_on=start)
            for i, p in enumerate(people)
        ),
    )  # fmt: skip
    bulk(
        Declaration,
        (
            Declaration(item=item, person=people[i], interest=interests[i],
                        description="Shareholding", takes_part=i % 2 == 0)
            for i, item in enumerate(items)
        ),
    )  # fmt: skip
    Minutes, Entry = model("governance", "Minutes"), model("governance", "MinuteEntry")
    minutes = bulk(
        Minutes,
        (
            # Approved at the committee's next meeting (whose decision records it) but the last.
            Minutes(
                meeting=m,
                status="approved",
                circulated_on=start,
                approved_at=meetings[i + 10],
                approval=decisions[i + 10],
            )
            if i + 10 < len(meetings)
            else Minutes(meeting=m, status="circulated", circulated_on=start)
            for i, m in enumerate(meetings)
        ),
    )
    bulk(Entry, (Entry(minutes=mm, item=items[i], discussion="Noted") for i, mm in
                 enumerate(minutes)))  # fmt: skip
    Agreement = model("governance", "Agreement")
    agreements = bulk(
        Agreement,
        (Agreement(system=system, title=f"MoU {i}", kind="mou", status="in_effect") for i in k),
    )
    Party = model("governance", "Party")
    bulk(Party, (Party(agreement=a, organisation=org) for a in agreements))
    Delegation = model("governance", "Delegation")
    bulk(
        Delegation,
        (Delegation(committee=committee, from_organisation=org, functions=f"F{i}") for i in k),
    )

    Plan, Gateway = model("milestones", "Plan"), model("milestones", "Gateway")
    plan = Plan._base_manager.create(system=system, title="Plan")
    # As many plans as other rows of a kind (a system may keep several), the milestones in one.
    bulk(Plan, (Plan(system=system, title=f"Plan {i}") for i in range(1, others)))
    bulk(Gateway, (Gateway(plan=plan, number=i + 1, name=f"Gateway {i}") for i in k))
    Workstream = model("milestones", "Workstream")
    workstreams = bulk(
        Workstream,
        (Workstream(plan=plan, code=f"W{i}", name=f"Workstream {i}", sro=people[i]) for i in k),
    )
    Milestone, Baseline = model("milestones", "Milestone"), model("milestones", "Baseline")
    milestones = bulk(
        Milestone,
        (
            Milestone(
                workstream=workstreams[i % 8],
                title=f"Milestone {i}",
                baseline_on=start + timedelta(days=i % 700),
                forecast_on=start + timedelta(days=i % 700 + (i % 5) * 10),
                responsible_organisation=org,
                is_key=i % 4 == 0,
                # Its first baseline, bulk-inserted below (no signal keeps this copy).
                original_baseline_on=start + timedelta(days=i % 700),
            )
            for i in range(per_system)
        ),
    )
    bulk(
        Baseline,
        (
            Baseline(milestone=m, baseline_on=m.baseline_on, set_at=now, reason="First")
            for m in milestones
        ),
    )
    Update = model("milestones", "ProgressUpdate")
    bulk(
        Update,
        (
            Update(
                milestone=milestones[i],
                month=date(2019, 6, 1),
                narrative="On track",
                rag="green",
                reported_by=user,
                reported_at=now,
            )
            for i in k
        ),
    )

    Route, Step = model("escalation", "EscalationRoute"), model("escalation", "EscalationStep")
    route = Route._base_manager.create(system=system, name="Route")
    step = Step._base_manager.create(route=route, order=1, escalate_to_role="Director")
    bulk(Route, (Route(system=system, name=f"Route {i}") for i in range(1, others)))
    Case = model("escalation", "EscalationCase")
    bulk(
        Case,
        (
            Case(
                route=route,
                current_step=step,
                step_since=start,
                subject_kind="milestone",
                milestone=milestones[i],
                organisation=org,
                raised_by=user,
                raised_on=start,
                reason="Slipped",
            )
            for i in k
        ),
    )
    Risk = model("escalation", "Risk")
    bulk(
        Risk,
        (
            Risk(
                system=system,
                reference=f"R{i:03d}",
                title=f"Risk {i}",
                category="operational",
                likelihood=3,
                impact=4,
            )
            for i in k
        ),
    )

    # A system's finance rows spread over as many financial years as other rows of a kind (the
    # years are shared), so that the lists by year (years, summaries) have a page of their own.
    years = financial_years(others)
    year = years[0]
    money = Decimal("1234.00")
    ControlTotal = model("finance", "ControlTotal")
    bulk(
        ControlTotal,
        (
            ControlTotal(
                system=system,
                organisation=o,
                year=years[i % len(years)],
                allocation_or_income=money,
                plan_surplus_deficit=-money,
            )
            for i, o in enumerate(organisations)
        ),
    )
    Position = model("finance", "MonthlyPosition")
    bulk(
        Position,
        (
            Position(
                system=system,
                organisation=o,
                year=years[i % len(years)],
                month=years[i % len(years)].starts_on.replace(month=10),
                ytd_plan=money,
                ytd_actual=money,
                forecast_outturn=money,
            )
            for i, o in enumerate(organisations)
        ),
    )
    Efficiency = model("finance", "EfficiencyPlan")
    bulk(
        Efficiency,
        (
            Efficiency(
                system=system,
                organisation=o,
                year=years[i % len(years)],
                recurrent=money,
                non_recurrent=money,
                denominator=money * 100,
            )
            for i, o in enumerate(organisations)
        ),
    )
    Fund, Contribution = model("finance", "Fund"), model("finance", "FundContribution")
    funds = bulk(Fund, (Fund(system=system, name=f"Fund {i}", kind="contingency") for i in k))
    bulk(Contribution, (Contribution(fund=f, organisation=org, amount=money) for f in funds))
    Drawdown = model("finance", "FundDrawdown")
    bulk(
        Drawdown,
        (
            Drawdown(fund=f, organisation=org, amount=money, purpose="Beds", decision=decisions[0],
                     drawn_on=start)
            for f in funds
        ),
    )  # fmt: skip
    Share, Line = model("finance", "CostShare"), model("finance", "CostShareLine")
    shares = bulk(Share, (Share(system=system, name=f"Share {i}", year=year) for i in k))
    bulk(
        Line,
        (
            Line(cost_share=s, organisation=o, percent=Decimal(50))
            for s in shares
            for o in organisations[:2]
        ),
    )

    Report = model("reports", "MonthlyReport")
    bulk(
        Report,
        (
            Report(
                system=system,
                month=date(2010 + i // 12, i % 12 + 1, 1),
                status="published",
                requested_at=now,
                published_at=now,
                sha256="0" * 64,
                pdf=f"reports/bench-{system.pk}-{i}.pdf",  # the API lists its name only
                snapshot={"system": system.slug},
                published_by=user,
            )
            for i in k
        ),
    )


if __name__ == "__main__":
    main()
