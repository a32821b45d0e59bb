"""A system page's derived facts are as at ``request.as_at`` (core.reporting_date): views, page
modules and template tags pass it on instead of reading the clock. The clock reads left in them
are for what is recorded now, or is about now whatever the page's date, each named here with
why, so a new one that shows a fact as at today under another date's banner cannot creep in."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", ".git", "static", "__pycache__", "tests", "migrations"}
CLOCK = re.compile(r"date\.today\(\)|timezone\.now\(\)|localdate\(\)")

# Module: how many clock reads it keeps, and why none of them is a fact shown as at a date.
RECORDS_NOW = {
    # Approving earlier minutes is offered at a meeting held by now, as the service allows.
    "governance/templatetags/governance_minutes.py": 1,
    # Whether a pack's build is stuck: the build runs now.
    "governance/views/papers.py": 1,
    # Circulated on (a form's default) and the meetings minutes may be approved at, by now.
    "governance/views/minutes.py": 2,
    # The "Mark done" forms' default completion date.
    "governance/views/meetings.py": 1,
    # The API's RAG and slippage are documented as today's (``status_today`` and the like).
    "milestones/api/views.py": 2,
    # Access: who may sign in now, last sign-in, an end date's default, a review this quarter.
    "partners/views_access.py": 4,
    # A subject access export's file name.
    "partners/views_privacy.py": 1,
    # A report is asked for now (a month not after this one) and retried when stuck now.
    "reports/pages.py": 3,
    # The overview across systems: one date for all of them, today unless ?as_at= names one.
    "reports/overview.py": 1,
    # The person's own sessions.
    "accounts/views.py": 1,
}


def _page_modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if SKIP_DIRS.intersection(parts) or parts[0] in {"config", "bench", "core"}:
            continue
        name = path.name
        if "view" in name or "page" in name or "templatetags" in parts or "views" in parts:
            yield path


def test_pages_read_the_reporting_date_not_the_clock():
    found = {}
    for path in _page_modules():
        reads = len(CLOCK.findall(path.read_text(encoding="utf-8")))
        if reads:
            found[path.relative_to(ROOT).as_posix()] = reads
    assert found == RECORDS_NOW


def test_the_walk_sees_the_pages():
    names = {path.relative_to(ROOT).as_posix() for path in _page_modules()}
    assert "milestones/views_monthly.py" in names
    assert "governance/templatetags/governance_minutes.py" in names
    assert "reports/overview_pages.py" in names
    assert "reminders/tasks_page.py" in names
