"""The monthly report's deadlines (registered with ``core.due``): the chair's draft, and a
published report for the regulators of its system."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from core.due import SOON, Due, Holders, horizon, register, thing_key
from core.roles import Role
from reports.models import MonthlyReport, ReportStatus


def report_due_on(month: date) -> date:
    """A month's report is due by the end of the month after it (``drafts_for_the_chair``)."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following.replace(day=calendar.monthrange(following.year, following.month)[1])


def _reports(system_ids: frozenset[int] | None):
    # What an item is made of (its title is the report's __str__), not the snapshot or the PDF.
    reports = (
        MonthlyReport.objects.select_related("system")
        .only("month", "version", "published_at", "system__slug", "system__short_name")
        .order_by("pk")
    )
    return reports if system_ids is None else reports.filter(system_id__in=system_ids)


def _url(report: MonthlyReport) -> str:
    return reverse("reports:report-detail", args=[report.system.slug, report.pk])


@register("report_draft", "Report drafts ready for the chair", roles=(Role.CHAIR,))
def drafts_for_the_chair(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """A built draft (status draft) waits for the chair's commentary and publication, from the
    day it was built. The chair reports monthly (West Norfolk's arrangement: "monthly update
    report to Monitor and NHSE"), so a month's report is due by the end of the month after it,
    when the next month's draft arrives. For the system's chairs."""
    holders = Holders(system_ids, Role.CHAIR)
    reports = _reports(system_ids).filter(status=ReportStatus.DRAFT, generated_at__date__lte=as_at)
    found = []
    for report in reports:
        due_on = report_due_on(report.month)
        if due_on > horizon(as_at):
            continue
        found.append(
            Due(
                kind="report_draft",
                system_id=report.system_id,
                key=thing_key(report),
                title=f"Review and publish the draft report for {report}",
                due_on=due_on,
                url=_url(report),
                user_ids=holders.of(report.system_id, Role.CHAIR),
            )
        )
    return found


@register("report_published", "Reports published", roles=(Role.REGULATOR,))
def reports_published(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """A report the chair published, for the regulators of its system to read, dated the day
    it was published and listed for the 14 days after it (a notice, not a deadline: it asks
    nothing later than that)."""
    holders = Holders(system_ids, Role.REGULATOR)
    reports = _reports(system_ids).filter(
        status=ReportStatus.PUBLISHED,
        published_at__date__lte=as_at,
        published_at__date__gte=as_at - SOON,
    )
    return [
        Due(
            kind="report_published",
            system_id=report.system_id,
            key=thing_key(report),
            title=f"Report published: {report}",
            due_on=timezone.localtime(report.published_at).date(),
            url=_url(report),
            user_ids=holders.of(report.system_id, Role.REGULATOR),
        )
        for report in reports
    ]
