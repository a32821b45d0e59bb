"""How long 10,000 milestone rows take to preview and to apply, and how many queries.

Targets, on PostgreSQL on a developer's machine (2 cores): the preview of 10,000 rows within
30 s and in the same number of queries as a preview of 100 rows (the rows' records and names
are read once per batch, not once per row); the apply of 10,000 new milestones within 180 s
(each goes through ``milestone_create``, validated and recorded in its history: the queries of
an apply grow with the rows it writes, by the same number per row); re-previewing the applied
file finds 10,000 rows unchanged within 30 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_imports_bench \\
      .venv/bin/python bench/imports.py [rows]

Each run adds a new system to the database (created on first use), so runs do not meet.
"""

import io
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

TARGET_PREVIEW_SECONDS = 30
TARGET_APPLY_SECONDS = 180


def _workbook(rows: int, workstreams: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Milestones")
    sheet.append(["ID", "Milestone", "Workstream", "Responsible", "Baseline", "Forecast", "Key"])
    start = date(2019, 4, 1)
    for n in range(rows):
        day = start + timedelta(days=n % 700)
        stream = workstreams[n % len(workstreams)]
        sheet.append(
            [None, f"Milestone {n} of the plan", stream, "BENCH", day, day, "Key" * (n % 3 == 0)]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(call):
    """The call's result, seconds and queries (counted, not logged: an apply runs many)."""
    from django.db import connection

    count = 0

    def counted(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    return result, seconds, count


def main(rows: int) -> int:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    from api_milestones import create_database

    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    from core.audit import system_actor
    from core.import_batches import confirm, preview
    from core.scoping import scope
    from milestones import services
    from milestones.imports import MILESTONE_IMPORT
    from partners.models import Organisation, Partnership, System

    call_command("migrate", verbosity=0, interactive=False)
    stamp = time.strftime("%Y%m%d%H%M%S")
    system = System.objects.create(slug=f"bench-{stamp}", name=f"Bench {stamp}", short_name="B")
    actor = system_actor()
    with scope([system]):
        organisation = Organisation.objects.filter(short_name="BENCH").first()
        if organisation is None:
            organisation = Organisation(name="Bench NHS Trust", short_name="BENCH")
            organisation.save()
        Partnership(system=system, organisation=organisation).save()
        plan = services.plan_create(actor=actor, system=system, title="Bench plan")
        names = [
            str(
                services.workstream_create(actor=actor, plan=plan, code=code, name=f"Stream {code}")
            )
            for code in "ABCDEFGH"
        ]
        big, small = _workbook(rows, names), _workbook(100, names)

        def previewed(data: bytes, name: str):
            return lambda: preview(
                MILESTONE_IMPORT,
                system=system,
                actor=actor,
                file_name=name,
                data=data,
                file_kind=".xlsx",
            )

        _, _, small_queries = _timed(previewed(small, "small.xlsx"))
        batch, preview_s, preview_q = _timed(previewed(big, "big.xlsx"))
        assert batch.counts["create"] == rows, batch.counts
        _, apply_s, apply_q = _timed(lambda: confirm(MILESTONE_IMPORT, batch=batch, actor=actor))
        again, again_s, again_q = _timed(previewed(big, "big.xlsx"))
        assert again.counts["unchanged"] == rows, again.counts
    failed = 0
    for label, seconds, target, queries in (
        (f"preview of {rows:,} new rows", preview_s, TARGET_PREVIEW_SECONDS, preview_q),
        (f"apply of {rows:,} new milestones", apply_s, TARGET_APPLY_SECONDS, apply_q),
        (
            f"preview of the applied file ({rows:,} unchanged)",
            again_s,
            TARGET_PREVIEW_SECONDS,
            again_q,
        ),
    ):
        ok = seconds <= target
        failed += not ok
        verdict = "ok" if ok else "MISSED"
        print(f"{label}: {seconds:.1f} s (target {target} s), {queries:,} queries {verdict}")
    constant = preview_q == small_queries
    failed += not constant
    print(
        f"queries per preview: {small_queries} for 100 rows, {preview_q} for {rows:,} "
        f"{'(constant) ok' if constant else 'MISSED'}; apply: {apply_q / rows:.1f} per new row"
    )
    return failed


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
