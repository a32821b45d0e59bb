"""How long a 100,000-row export takes and how much memory it holds, XLSX and CSV.

Target: Python's peak memory stays under 5 MB whatever the row count (the rows stream through;
the workbook's rows go to a temporary file), and 100,000 rows are written within 60 s (XLSX)
and 10 s (CSV) on a developer's machine. The rows come from a generator, not the database, so
this measures the writing alone; the database side is read in chunks (core.exports.CHUNK_SIZE).

    .venv/bin/python bench/exports.py [rows]
"""

import os
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from core.exports import DATE, MONEY, NUMBER, PERCENTAGE, Column, Export, export_response  # noqa: E402

SPEC = Export(
    register="bench",
    title="Bench",
    columns=(
        Column("Title", lambda i: f"Milestone {i} of the plan"),
        Column("Formula-looking", lambda i: f"=HYPERLINK({i})" if i % 10 == 0 else "text"),
        Column("Due", lambda i: date(2019, 1, 1), DATE),
        Column("Count", lambda i: i, NUMBER),
        Column("£'000", lambda i: Decimal(-i), MONEY),
        Column("Share", lambda i: 0.5, PERCENTAGE),
    ),
)
TARGET_SECONDS = {"xlsx": 60, "csv": 10}
TARGET_PEAK_MB = 5


def main(rows: int) -> int:
    request = RequestFactory().get("/")
    request.system = SimpleNamespace(slug="bench", name="Bench")
    request.user = User(username="bench")
    request.as_at = date(2019, 6, 1)
    failed = 0
    for file_format in ("csv", "xlsx"):
        tracemalloc.start()
        started = time.perf_counter()
        response = export_response(request, SPEC, range(rows), file_format=file_format)
        size = sum(len(chunk) for chunk in response.streaming_content)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        ok = seconds <= TARGET_SECONDS[file_format] and peak <= TARGET_PEAK_MB
        failed += not ok
        print(
            f"{file_format}: {rows:,} rows, {size / 1e6:.1f} MB, {seconds:.1f} s "
            f"(target {TARGET_SECONDS[file_format]} s), peak {peak:.1f} MB "
            f"(target {TARGET_PEAK_MB} MB) {'ok' if ok else 'MISSED'}"
        )
    return failed


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
