"""Pages are drawn from components: the house rules for templates and SVG as tests that walk the
code, so a hand-written summary-list row, breadcrumb or f-string chart cannot creep back."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
# The one template each component is drawn from (core.components, core_components tags).
COMPONENTS = {
    "nhsuk-summary-list__row": {"components/summary_list.html"},
    "nhsuk-breadcrumb": {"components/breadcrumbs.html"},
    "nhsuk-pagination": {"includes/pagination.html"},
    "nhsuk-header__navigation-item": {"components/header_nav_item.html"},
}
SKIP_DIRS = {".venv", "node_modules", ".git", "static", "__pycache__"}


def _templates():
    return [p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix in (".html", ".svg")]


def _python_files():
    return [p for p in ROOT.rglob("*.py") if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)]


def test_components_are_written_once():
    offenders = []
    for path in _templates():
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text(encoding="utf-8")
        for marker, homes in COMPONENTS.items():
            if marker in text and name not in homes:
                offenders.append(f"{name} writes {marker} by hand")
    assert offenders == []


def test_the_walk_sees_the_components():
    # Guards the test above: it would pass on an empty or wrong directory.
    names = {p.relative_to(TEMPLATES).as_posix() for p in _templates()}
    assert set().union(*COMPONENTS.values()) <= names


def test_no_mark_safe_on_an_f_string():
    pattern = re.compile(r"""mark_safe\(\s*f["']""")
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files()
        if p.resolve() != Path(__file__).resolve() and pattern.search(p.read_text("utf-8"))
    ]
    assert offenders == []
    assert any(p.name == "charts.py" for p in _python_files())


# The only markup marked safe by hand: the PDF's inlined stylesheet and watermark, both read or
# built from constants in the repository, no data in them.
MARK_SAFE_ALLOWED = {"reports/pdf.py": 2}


def test_mark_safe_only_where_allowed():
    found = {}
    for path in _python_files():
        if path.resolve() == Path(__file__).resolve():
            continue
        count = path.read_text("utf-8").count("mark_safe(")
        if count:
            found[path.relative_to(ROOT).as_posix()] = count
    assert found == MARK_SAFE_ALLOWED


def test_charts_are_drawn_by_templates_not_strings():
    # Every chart module renders its SVG through an autoescaped template; the timeline's rows,
    # repeated for each milestone, through Django's format_html_join, which escapes each value.
    for module in ("reports/charts.py", "milestones/timeline.py"):
        source = (ROOT / module).read_text("utf-8")
        assert "render_to_string(" in source, module
        assert "mark_safe" not in source and "<svg" not in source, module


def test_every_table_scrolls_within_a_container_a_keyboard_reaches():
    """A table wider than a phone scrolls inside its own container instead of widening the
    page, and the container takes the focus (tabindex="0") so a keyboard can scroll it."""
    container = '<div class="nhsuk-table-container" tabindex="0">'
    offenders = []
    for path in _templates():
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            table = re.match(r'\s*<table class="nhsuk-table[ "]', line)
            if table and (number == 0 or lines[number - 1].strip() != container):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number + 1}")
    assert offenders == []


def test_dates_are_typed_into_the_nhs_date_input_not_the_browsers_picker():
    # The browser's picker differs from browser to browser and is hard to use with a screen
    # reader: forms use core.forms.DateField, rows' small forms the {% date_input %} tag.
    pickers = [
        str(path.relative_to(ROOT))
        for path in _templates()
        if re.search(r"""type=["']date["']""", path.read_text())
    ]
    assert pickers == []


def test_every_filter_form_keeps_the_chosen_reporting_date():
    # A register filtered as at a chosen date stays at that date (core.reporting_date); the
    # header's system switcher goes to another system's page, at its own date, and search
    # finds records as they stand (no reporting date applies to it).
    forgetting = [
        str(path.relative_to(ROOT))
        for path in _templates()
        if 'method="get"' in path.read_text()
        and "includes/as_at_field.html" not in path.read_text()
        and path.relative_to(TEMPLATES).as_posix() not in ("base.html", "core/search.html")
    ]
    assert forgetting == []
