"""A monthly report's history as its reader may see it.

The chair's commentary is a draft until it is published: only those who see drafts (the
programme office and the chair, ``authz.sees_report_drafts``) see the versions recorded while it
was one. Everyone else sees the published versions only, each compared with the one before it
that they may see, so no draft's words show through a diff."""

from core import authz
from core.history import HistoryRow, history_rows
from reports.models import FROZEN, MonthlyReport


def report_history(user, report: MonthlyReport, limit: int | None = 50) -> list[HistoryRow]:
    records = report.history.all()
    if not authz.sees_report_drafts(user, report.system_id):
        records = records.filter(status__in=FROZEN)
    return history_rows(report, limit=limit, records=records)
