"""Benchmark: a large system's monthly report, snapshot and PDF, with every milestone in the
appendix.

Builds one system with 500 milestones (a quarter of them key, with baselines and monthly
updates), 40 committees that each met in the month (with decisions), 200 escalation cases, ten
organisations' finance and twenty risks in its own database, then times
`reports.snapshot.build_snapshot` and `reports.pdf.render_pdf` and prints both, the page count
and the peak memory (the process's RSS high-water mark) against the targets: the PDF in at most
4 s, the process under 200 MB.

The database is created if it does not exist, and the system built once for each size; a run
that had to build it starts itself again, so the figures are always those of a process that
only reads the system and renders its report, as a worker does.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_pdf_bench \
      .venv/bin/python bench/report_pdf.py [--milestones 500] [--committees 40] [--cases 200] \
      [--json results.json]

Without DATABASE_URL it uses a temporary SQLite file (built anew each time).
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_milestones import create_database
from bench.common import write_json

MONTH = date(2019, 11, 1)
TARGET_SECONDS, TARGET_MB = 4, 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=500)
    parser.add_argument("--committees", type=int, default=40)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--out", help="write the PDF here to look at it")
    parser.add_argument("--snapshot-out", help="write the snapshot here as JSON")
    parser.add_argument("--json", metavar="PATH", help="write the results here as JSON")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    create_database(os.environ["DATABASE_URL"])
    # Migrated by a process of its own: the migration graph would stay in this one's memory,
    # which a worker that renders reports never loads.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity=0", "--no-input"],
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    import django

    django.setup()
    from django.db import connection

    from core.scoping import unscoped
    from partners.models import System
    from reports.pdf import render_pdf
    from reports.snapshot import build_snapshot

    slug = f"bench-{args.milestones}-{args.committees}-{args.cases}"
    with unscoped():
        system = System.objects.filter(slug=slug).first()
        if system is None:
            build(slug, args.milestones, args.committees, args.cases)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            if connection.vendor != "sqlite":  # built: measure in a process that only reads
                connection.close()
                os.execv(sys.executable, [sys.executable, *sys.argv])
            system = System.objects.get(slug=slug)

    with unscoped():
        start = time.perf_counter()
        snapshot = build_snapshot(system, MONTH)
        snapshot_seconds = time.perf_counter() - start
    start = time.perf_counter()
    pdf = render_pdf(snapshot, draft=True)
    pdf_seconds = time.perf_counter() - start
    if args.out:
        Path(args.out).write_bytes(pdf)
    if args.snapshot_out:
        Path(args.snapshot_out).write_text(json.dumps(snapshot))

    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)
    pages = page_count(pdf)
    print(f"database: {connection.vendor}")
    print(
        f"system: {len(snapshot['milestones']['all'])} milestones "
        f"({len(snapshot['milestones']['key'])} key), "
        f"{sum(len(c['meetings']) for c in snapshot['committees'])} meetings, "
        f"{len(snapshot['escalations']['open'])} open escalations"
    )
    print(f"snapshot: {snapshot_seconds:.2f} s")
    print(
        f"PDF: {pdf_seconds:.2f} s (target < {TARGET_SECONDS} s), {len(pdf) / 1024:.0f} KB, "
        f"{pages} pages"
    )
    print(f"peak memory (RSS high-water mark): {peak_mb:.0f} MB (target < {TARGET_MB} MB)")
    if args.json:
        write_json(
            args.json,
            [
                {
                    "name": "snapshot",
                    "value": round(snapshot_seconds, 2),
                    "unit": "s",
                    "target": None,
                },
                {
                    "name": "pdf",
                    "value": round(pdf_seconds, 2),
                    "unit": "s",
                    "target": TARGET_SECONDS,
                },
                {"name": "peak_memory", "value": round(peak_mb), "unit": "MB", "target": TARGET_MB},
                {
                    "name": "pages",
                    "value": int(pages) if pages.isdigit() else None,
                    "unit": "pages",
                    "target": None,
                },
            ],
        )
    if pdf_seconds > TARGET_SECONDS or peak_mb >= TARGET_MB:
        sys.exit(1)


def page_count(pdf: bytes) -> str:
    """Pages, read with pypdf (a dev dependency: `make install` brings it)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(io.BytesIO(pdf)).pages))


def build(slug: str, milestones: int, committees: int, cases: int):
    from django.contrib.auth import get_user_model

    from governance.models import Decision
    from partners.models import Organisation
    from reports.tests import snapshot_data as data
    from tests import factories

    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    system = factories.SystemFactory(
        slug=slug, name="Bench Sustainability and Transformation Partnership"
    )
    # Shared by the systems of every size built in the same database.
    organisations = [
        Organisation.objects.filter(name=f"Bench {n} NHS Trust").first()
        or factories.OrganisationFactory(short_name=f"ORG{n}", name=f"Bench {n} NHS Trust")
        for n in range(10)
    ]
    for organisation in organisations:
        factories.PartnershipFactory(system=system, organisation=organisation)

    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    workstreams = [
        factories.WorkstreamFactory(plan=plan, code=chr(65 + n), name=f"Workstream {n + 1}")
        for n in range(8)
    ]
    start = date(2019, 4, 30)
    rows = []
    for n in range(milestones):
        baseline = start + timedelta(days=(n * 7) % 600)
        rows.append(
            factories.MilestoneFactory(
                workstream=workstreams[n % 8],
                title=f"Deliverable {n + 1}: local plan agreed, mobilised and reported to the "
                "delivery group" + (" with every partner's sign-off" if n % 3 == 0 else ""),
                baseline_on=baseline,
                responsible_organisation=organisations[n % 10],
                is_key=n % 4 == 0,
            )
        )
    for n, milestone in enumerate(rows):
        data.baseline(milestone, milestone.baseline_on, data.moment(date(2019, 4, 1)), user)
        if n % 5 == 0:
            data.update(milestone, date(2019, 10, 1), milestone.baseline_on, user)
            data.update(milestone, MONTH, milestone.baseline_on + timedelta(days=(n % 60)), user)
        elif n % 5 == 1 and milestone.baseline_on <= date(2019, 11, 30):
            data.update(milestone, MONTH, milestone.baseline_on, user, milestone.baseline_on)

    for n in range(committees):
        committee = factories.CommitteeFactory(system=system, name=f"Bench committee {n + 1}")
        factories.TermsOfReferenceFactory(committee=committee)
        meeting = factories.MeetingFactory(
            committee=committee, held_on=MONTH + timedelta(days=n % 28), status="held"
        )
        for d in range(n % 3):
            Decision(
                meeting=meeting, reference=f"D{n}/{d}", title=f"Decision {d} of meeting {n}"
            ).save()

    route = data.route(system, user, steps=3, name="Bench route")
    for n in range(cases):
        case = data.raise_case(
            route,
            user,
            MONTH - timedelta(days=(n * 3) % 200),
            subject_text=f"Escalated issue {n + 1}: a delivery date at risk",
            organisation=organisations[n % 10],
        )
        if n % 20 == 0:
            data.flag(case, user, MONTH + timedelta(days=5))

    year = data.financial_year()
    for n, organisation in enumerate(organisations):
        data.control_total(system, organisation, year, plan=(n - 5) * 1000)
        data.position(
            system,
            organisation,
            year,
            date(2019, 11, 1),
            (n - 5) * 600,
            (n - 6) * 650,
            (n - 6) * 1000,
        )
        data.efficiency(system, organisation, year, 5000 + n * 100, 1000, 200000)
    for n in range(20):
        factories.RiskFactory(system=system, likelihood=1 + n % 5, impact=1 + (n * 2) % 5)
    return system


if __name__ == "__main__":
    main()
