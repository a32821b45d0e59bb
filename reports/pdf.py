"""The chair's monthly report as HTML and PDF, rendered from the snapshot alone.

The snapshot (reports/SNAPSHOT.md) holds every figure, so a published PDF can be rebuilt from it
and never reads the database. WeasyPrint lays out the print stylesheet; it may fetch nothing but
data: URLs and files inside the project, so a report cannot reach the network.

Long lists (the appendix of every milestone, and any list past ``TABLE_ROWS``) are printed as
compact rows, not as tables: one paragraph a row, its text, then its figures on a line of their
own, lined up by tab stops. WeasyPrint's table layout took 8 s for a 500-row, 9-column appendix;
a box per cell costs nearly as much as a table, and a float beside each row (the figures in a
monospaced run) as much again as the row's text: in a 500-milestone report, WeasyPrint's time
and memory go by the number of boxes it lays out (bench/README.md).
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.dates import is_plausible
from milestones import timeline
from reports import charts
from reports.fetching import LocalOnlyFetcher
from reports.templatetags.report_format import (
    change_label,
    format_day,
    month_label,
    rag_label,
    signed_days,
)

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "print.css"
# Longer lists print as compact rows (see the module docstring). A table's row holds WeasyPrint
# to four or five times a compact row's memory (a 40-row table of meetings, 9 MB at the peak of
# a 500-milestone report: bench/README.md), so a list of 31 rows prints compact already.
TABLE_ROWS = 30
# Rows per timeline drawing: an SVG cannot break across pages, so long ones are split; past
# TIMELINE_PARTS drawings the rest are in the table only (the first are red, then the earliest).
TIMELINE_ROWS = 24
TIMELINE_PARTS = 2
# The width a timeline is printed at (print.css: 100% of the figure): A4's 210 mm less the page's
# 16 mm side margins. WeasyPrint draws SVG text a letter at a time, each letter laid out as a
# paragraph of its own (a fifth of a second for two timelines' titles in a 500-milestone report),
# so the PDF prints the titles as one paragraph laid over the drawing's left column, placed and
# sized by the drawing's own geometry at this scale (reports/tests/test_pdf_timeline.py).
TIMELINE_WIDTH_MM = 178
PDF_VARIANT = "pdf/ua-1"
# Allocations between collections of the youngest objects while a report renders (see
# _collector_eased); as the web process collects (config.runtime).
COLLECT_EVERY = 20_000

# A draft's watermark: one drawing as every page's background, far cheaper to lay out than a
# fixed box repeated on each page.
WATERMARK = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='210' height='297' viewBox='0 0 210 297'>"
    "<text x='105' y='160' text-anchor='middle' transform='rotate(-50 105 150)' "
    "font-family='Arial, Helvetica, sans-serif' font-size='64' font-weight='bold' "
    "letter-spacing='4' fill='#d5281b' fill-opacity='0.12'>DRAFT</text></svg>"
)


def _watermark_css() -> str:
    return (
        '@page { background: url("data:image/svg+xml,'
        + quote(WATERMARK, safe="/:=' ")
        + '") no-repeat 0 0 / 100% 100%; }'
    )


def _plain(value) -> str:
    """A value as one line: a row's text and its figures are laid out with preserved white space
    (tab stops), so a line break or run of spaces typed into a title prints as one space, as
    the page's HTML shows it."""
    return " ".join(str(value or "").split())


def _cut(value: str, width: int) -> str:
    """A short name kept within its tab stop's column."""
    value = _plain(value)
    return value if len(value) <= width else value[: width - 1] + "\u2026"


def _facts(values: list[str]) -> str:
    return "\t".join(_plain(value) for value in values)


# Columns of a compact row's figures, one tab stop each (print.css: .app-compact tab-size).
MILESTONE_FACTS = ["Organisation", "Baseline", "Forecast", "Slippage", "RAG"]
CASE_FACTS = ["Organisation", "Raised", "Age (days)", "Response due", "Response", "Step"]
CHANGE_FACTS = ["Date", "Change"]
MEETING_FACTS = ["Held on", "Quorum"]
ORGANISATION_WIDTH = 12


def _milestone_row(row: dict, *, workstream: bool) -> dict:
    finish = row["completed"] or row["forecast"]
    change = change_label(row["rag_change"]).split(" ")[0] if row["rag_change"] != "same" else ""
    values = [
        _cut(row["organisation"], ORGANISATION_WIDTH),
        format_day(row["baseline"]) or "not dated",
        format_day(finish) or "none",
        signed_days(row["slippage_days"]),
        f"{rag_label(row['rag'])} {change}".strip(),
    ]
    if workstream:
        values.append(row["workstream"])
    return {"text": _plain(row["title"]), "facts": _facts(values)}


def compact_milestones(title: str, rows: list[dict], *, grouped: bool = False) -> dict:
    """Milestones as compact rows; ``grouped`` puts a heading before each workstream's rows in
    place of naming the workstream on every row."""
    items, current = [], None
    for row in rows:
        if grouped and row["workstream"] != current:
            current = row["workstream"]
            items.append({"heading": current})
        items.append(_milestone_row(row, workstream=not grouped))
    return {
        "title": title,
        "first": "Milestone",
        "header": _facts(MILESTONE_FACTS + ([] if grouped else ["Workstream"])),
        "items": items,
    }


def compact_cases(title: str, cases: list[dict]) -> dict:
    items = []
    for case in cases:
        values = [
            _cut(case["organisation"], ORGANISATION_WIDTH),
            format_day(case["raised_on"]),
            str(case["age_days"]),
            format_day(case["response_due"]) or "none",
            "Overdue" if case["response_overdue"] else "",
            f"{case['step']}: {case['escalate_to']}",
        ]
        items.append(
            {"text": _plain(f"{case['reference']}: {case['subject']}"), "facts": _facts(values)}
        )
    return {"title": title, "first": "Case", "header": _facts(CASE_FACTS), "items": items}


def compact_changes(title: str, changes: list[dict]) -> dict:
    """A section of "Since last month" as compact rows: the record, then the date and change."""
    items = [
        {
            "text": _plain(change["record"]),
            "facts": _facts([format_day(change["on"]), change["text"]]),
        }
        for change in changes
    ]
    return {"title": title, "first": "Record", "header": _facts(CHANGE_FACTS), "items": items}


def _quorum(meeting: dict) -> str:
    """A meeting's quorum in words, as the table's cell gives it: the finding, then the rule
    part by part or, where not assessed, why."""
    label = {True: "Quorate", False: "Not quorate"}.get(meeting["quorate"], "Not recorded")
    reasons = meeting.get("quorum_reasons") or []
    if reasons:
        detail = "; ".join(f"{'Met' if r['met'] else 'Not met'}: {r['reason']}" for r in reasons)
    else:
        detail = meeting.get("quorum_summary") or ""
    return f"{label}: {detail}" if detail else label


def compact_meetings(title: str, committees: list[dict]) -> dict:
    """The month's meetings as compact rows: the committee and its decisions, then the day
    held and the quorum."""
    items = []
    for committee in committees:
        for meeting in committee["meetings"]:
            decisions = "; ".join(f"{d['reference']}: {d['title']}" for d in meeting["decisions"])
            items.append(
                {
                    "text": _plain(f"{committee['name']}: {decisions or 'no decisions recorded'}"),
                    "facts": _facts([format_day(meeting["held_on"]), _quorum(meeting)]),
                }
            )
    return {
        "title": title,
        "first": "Committee: decisions",
        "header": _facts(MEETING_FACTS),
        "items": items,
    }


def _timelines(rows: list[dict], today: date, *, pdf: bool) -> list[dict]:
    """The key milestones on the milestone page's own timeline, a drawing per page's worth.

    In the PDF each drawing's titles are a paragraph of their own (``labels``, one a line, as
    the drawing would print them: white space run together), placed over its left column by
    _timeline_label_style; the preview keeps them in the drawing.
    """
    parsed = [
        (
            row["title"],
            date.fromisoformat(row["baseline"]),
            date.fromisoformat(row["forecast"]) if row["forecast"] else None,
            date.fromisoformat(row["completed"]) if row["completed"] else None,
            row["rag"],
        )
        for row in rows
        if row["baseline"]  # a milestone its source left undated has no place on a time axis
    ]
    if not parsed:
        return []
    shown = parsed[: TIMELINE_ROWS * TIMELINE_PARTS]
    chunks = [shown[i : i + TIMELINE_ROWS] for i in range(0, len(shown), TIMELINE_ROWS)]
    # One axis for every part, so the parts read as one chart.
    # Dates stored before dates were checked (year 9999) stay off the axis (timeline.py).
    days = [today] + [d for row in shown for d in row[1:4] if d is not None and is_plausible(d)]
    start = min(days).replace(day=1)
    last = max(days)
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return [
        {
            "svg": timeline.timeline_svg(
                chunk,
                today,
                start,
                end,
                label=f"Key milestones timeline, part {n + 1} of {len(chunks)}"
                if len(chunks) > 1
                else "Key milestones timeline",
                id_prefix=f"key-timeline-{n + 1}",
                labels=not pdf,
            ),
            "labels": "\n".join(_plain(timeline.short_title(row[0])) for row in chunk)
            if pdf
            else "",
        }
        for n, chunk in enumerate(chunks)
    ]


def _timeline_label_style() -> str:
    """The PDF's titles paragraph over a timeline's left column: the drawing's units in mm."""
    mm = TIMELINE_WIDTH_MM / timeline.WIDTH
    size, line = timeline.TEXT_SIZE * mm, timeline.ROW_HEIGHT * mm
    # A line's baseline sits half its leading and the font's ascent below its top: for the
    # Liberation Sans that Arial resolves to, (line - 1.117 em) / 2 + 0.905 em.
    baseline = (line - 1.117 * size) / 2 + 0.905 * size
    top = (timeline.AXIS_HEIGHT + timeline.LABEL_BASELINE) * mm - baseline
    return (
        f"left: {timeline.LABEL_X * mm:.3f}mm; top: {top:.3f}mm; "
        f"font-size: {size:.3f}mm; line-height: {line:.3f}mm"
    )


def _finance_chart(finance: dict | None) -> str:
    if not finance or not finance.get("organisations"):
        return ""
    # A position older than the month reported is labelled with its month.
    organisations = [
        {**o, "organisation": f"{o['organisation']} ({month_label(o['last_reported'])})"}
        if o.get("last_reported")
        else o
        for o in finance["organisations"]
    ]
    if any(row.get("ytd_plan") is not None for row in organisations):
        rows = [(o["organisation"], o["ytd_plan"], o["ytd_actual"]) for o in organisations]
        labels = {"plan_label": "Year-to-date plan", "actual_label": "Year-to-date actual"}
        title = "Year-to-date position against plan by organisation"
    else:
        rows = [
            (o["organisation"], o["control_total"], o["forecast_outturn"]) for o in organisations
        ]
        labels = {"plan_label": "Control total", "actual_label": "Forecast outturn"}
        title = "Forecast outturn against control total by organisation"
    return charts.finance_bars_svg(rows, title=title, **labels)


def report_context(
    snapshot: dict, *, pdf: bool = False, draft: bool | None = None, version: int | None = None
) -> dict:
    """The context of templates/reports/includes/report_body.html, for the PDF and the preview.

    ``pdf`` prints long lists as compact rows (see the module docstring); the preview, laid out by
    a browser, keeps them as tables. ``draft`` defaults to "not yet published"; ``version`` to the
    chair's report's (a draft's snapshot does not carry its version).
    """
    chair_report = snapshot.get("chair_report") or {}
    if draft is None:
        draft = not chair_report.get("published_at")
    milestones = snapshot["milestones"]
    today = date.fromisoformat(snapshot["cutoff"])
    risks = snapshot.get("risks") or {}
    context = {
        "snapshot": snapshot,
        "pdf": pdf,
        "draft": draft,
        "version": chair_report.get("version") or version or snapshot.get("version"),
        "charts": {
            # Drawn from the snapshot's figures through autoescaped templates (reports.charts).
            "rag": charts.rag_bar_svg(milestones["rag_counts"]),
            "timelines": _timelines(milestones["key"], today, pdf=pdf),
            "timeline_label_style": _timeline_label_style(),
            "timeline_rows": min(len(milestones["key"]), TIMELINE_ROWS * TIMELINE_PARTS),
            "finance": _finance_chart(snapshot.get("finance")),
            # No grid where no risk is scored (a register rating H / M / L has none to place).
            "heat_map": charts.risk_heat_map_svg(risks["heat_map"])
            if any(map(any, risks.get("heat_map") or []))
            else "",
        },
        "compact": {},
        # The escalations a flag may name, each once (a flagged case may be closed by the cut-off).
        "flag_cases": list(
            {
                case["id"]: case
                for case in snapshot["escalations"].get("flagged", [])
                + snapshot["escalations"]["open"]
            }.values()
        ),
    }
    if pdf:
        compact = context["compact"]
        compact["all"] = compact_milestones("Every milestone", milestones["all"], grouped=True)
        for key, title in (
            ("key", "Key milestones"),
            ("completed", "Completed in the month"),
            ("slipped", "Newly slipped"),
        ):
            if len(milestones[key]) > TABLE_ROWS:
                compact[key] = compact_milestones(title, milestones[key])
        if len(snapshot["escalations"]["open"]) > TABLE_ROWS:
            compact["open"] = compact_cases("Open escalations", snapshot["escalations"]["open"])
        committees = snapshot.get("committees") or []
        if sum(len(committee["meetings"]) for committee in committees) > TABLE_ROWS:
            compact["meetings"] = compact_meetings("Meetings held", committees)
    # Each section of "Since last month" with its rows, compact in the PDF past TABLE_ROWS; the
    # section's pages then carry the compact head (every section has the same columns).
    context["since_last_month"] = [
        {
            **section,
            "compact": compact_changes("Since last month", section["changes"])
            if pdf and len(section["changes"]) > TABLE_ROWS
            else None,
        }
        for section in snapshot.get("since_last_month") or []
    ]
    if any(section["compact"] for section in context["since_last_month"]):
        context["compact"]["since"] = True
    return context


def render_html(snapshot: dict, *, draft: bool, version: int | None = None) -> str:
    """The standalone HTML document WeasyPrint lays out: stylesheet inlined, nothing linked."""
    context = report_context(snapshot, pdf=True, draft=draft, version=version)
    context["stylesheet"] = mark_safe(STYLESHEET.read_text(encoding="utf-8"))
    context["watermark"] = mark_safe(_watermark_css())
    return render_to_string("reports/pdf/report.html", context)


def render_pdf(
    snapshot: dict,
    *,
    draft: bool,
    base_url: str | None = None,
    version: int | None = None,
    url_fetcher: LocalOnlyFetcher | None = None,
) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1), DRAFT-watermarked when ``draft``."""
    html = render_html(snapshot, draft=draft, version=version)
    with _collector_eased():
        return _write(html, base_url=base_url, url_fetcher=url_fetcher)


@contextmanager
def _collector_eased() -> Iterator[None]:
    """WeasyPrint holds every box of the document until the PDF is written: hundreds of
    thousands of objects. With the interpreter's defaults the cyclic collector walks them again
    each time allocations pass its threshold, a quarter of a long report's time; paused, it left
    the cycles the layout discards to the end, 2 to 7 MB more at the peak of a 500-milestone
    report (bench/README.md). So it runs, rarely and over the report's objects only: what the
    process held before (Django, WeasyPrint) is frozen out of its walks, and the youngest
    objects are collected every ``COLLECT_EVERY`` allocations. A process that froze its own at
    start (a web server's, config.runtime) keeps them frozen and its threshold."""
    if gc.get_freeze_count() or not gc.isenabled():
        yield
        return
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, *threshold[1:])
    try:
        yield
    finally:
        gc.collect()  # the report's own cycles, before the process's objects are walked again
        gc.set_threshold(*threshold)
        gc.unfreeze()


def warm_up() -> None:
    """Load WeasyPrint and lay out a line: its module, stylesheets and fonts read once (about a
    second), in a process that forks those that render (the Celery worker: reports.tasks)."""
    from weasyprint import HTML

    HTML(string="<p>Ready</p>").write_pdf()


def _write(html: str, *, base_url: str | None, url_fetcher: LocalOnlyFetcher | None) -> bytes:
    from weasyprint import HTML
    from weasyprint.pdf import VARIANTS

    document = HTML(
        string=html,
        base_url=base_url or Path(settings.BASE_DIR).as_uri() + "/",
        url_fetcher=(url_fetcher or LocalOnlyFetcher()).for_weasyprint(),
    )
    if PDF_VARIANT in VARIANTS:
        return document.write_pdf(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_tags=True)
