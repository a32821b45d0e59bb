"""The monthly reports list as a spreadsheet: the columns its page shows, labels as it words
them (a draft only for those who see drafts, as on the page)."""

from core.audit import display_name
from core.exports import DATE, MONEY, NUMBER, Column, Export


def _status(report) -> str:
    if report.status == "published":
        return "Published"
    if report.is_publishing:
        return "Publishing"
    return report.get_status_display()


REPORTS = Export(
    register="reports",
    title="Monthly reports",
    columns=(
        Column("Month", "month", DATE, width=12),
        Column("Version", "version", NUMBER, width=8),
        Column("Status", _status, width=14),
        Column("Published", "published_at", DATE, width=18),
        Column(
            "Published by",
            lambda r: display_name(r.published_by) if r.published_by else "",
            width=28,
        ),
    ),
)


def _finance(field: str):
    return lambda row: (row.finance or {}).get(field)


def _year(row) -> str:
    return row.finance["year"].label if row.finance else ""


def _report(row) -> str:
    report = row.last_report
    return f"{report.month:%B %Y} (version {report.version})" if report else "None published"


# Rows are reports.overview.OverviewRow: every figure as at the page's one date.
OVERVIEW = Export(
    register="overview",
    title="Systems overview",
    columns=(
        Column("System", "system.name", width=40),
        Column("Region", "system.get_region_display", width=22),
        Column("Stage", "system.get_stage_display", width=18),
        Column("As at", "as_at", DATE, width=12),
        Column("Milestones", "total", NUMBER, width=10),
        *(
            Column(label, lambda row, rag=rag: row.count(rag), NUMBER, width=10)
            for rag, label in (
                ("red", "Red"),
                ("amber", "Amber"),
                ("green", "On track"),
                ("complete", "Complete"),
                ("undated", "Not dated"),
            )
        ),
        Column("Key milestones", "key_total", NUMBER, width=10),
        *(
            Column(f"Key {label}", lambda row, rag=rag: row.key_count(rag), NUMBER, width=10)
            for rag, label in (
                ("red", "red"),
                ("amber", "amber"),
                ("green", "on track"),
                ("complete", "complete"),
            )
        ),
        Column("Key red or amber", "key_late", NUMBER, width=10),
        Column("Worst slippage (days)", "key_worst_slippage", NUMBER, width=12),
        Column("Escalations open", "cases_open", NUMBER, width=10),
        Column(
            "Open by step",
            lambda row: "; ".join(f"Step {step}: {n}" for step, n in row.cases_by_step),
            width=30,
        ),
        Column("At a regulator's step", "cases_at_regulator", NUMBER, width=10),
        Column("Responses overdue", "responses_overdue", NUMBER, width=10),
        Column("Meetings held this month", "meetings_held", NUMBER, width=10),
        Column(
            "Committees unquorate this month",
            lambda row: "; ".join(c.name for c in row.unquorate_committees),
            width=40,
        ),
        Column("Financial year", _year, width=10),
        Column("Net control total", _finance("net_control_total"), MONEY, width=14),
        Column("Positions month", _finance("month"), DATE, width=12),
        Column("Year-to-date variance", _finance("ytd_variance"), MONEY, width=14),
        Column("Forecast outturn", _finance("forecast_outturn"), MONEY, width=14),
        Column("Outturn against control total", _finance("variance"), MONEY, width=14),
        Column(
            "Top risks",
            lambda row: "; ".join(f"{r.reference} {r.rating_label}" for r in row.top_risks),
            width=40,
        ),
        Column("Last published report", _report, width=24),
        Column("Report due for", "report_due_month", DATE, width=12),
        Column("Report late", "report_late", width=8),
    ),
)


# Rows are escalation.queue.QueueRow: due and overdue as at each system's date.
QUEUE = Export(
    register="cases-at-my-step",
    title="Cases at my step",
    columns=(
        Column("Raised", "case.raised_on", DATE, width=12),
        Column("System", "system.name", width=30),
        Column("Subject", "case.subject_label", width=50),
        Column("Status", "case.get_status_display", width=18),
        Column("Route", "case.route.name", width=30),
        Column("Step", lambda row: f"Step {row.case.current_step.order}", width=8),
        Column("Addressed to", "addressed_to", width=40),
        Column("Why it is yours", "why_label", width=28),
        Column("At this step since", "case.step_since", DATE, width=12),
        Column("Response due", "due_on", DATE, width=12),
        Column("Response overdue", lambda row: "Overdue" if row.overdue else "", width=10),
        Column("As at", "judged_at", DATE, width=12),
    ),
)


# Rows are reports.views_changes.Line: a change with its section's heading and its address.
CHANGES = Export(
    register="changes",
    title="What changed",
    columns=(
        Column("Date", "change.on", DATE, width=12),
        Column("What", "heading", width=34),
        Column("Record", "change.record", width=44),
        Column("Change", "change.text", width=70),
        Column("Address", "url", width=50),
    ),
)
