"""The monthly reports list as a spreadsheet: the columns its page shows, labels as it words
them (a draft only for those who see drafts, as on the page)."""

from core.audit import display_name
from core.exports import DATE, NUMBER, Column, Export


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
