"""The milestone deadlines that fall to someone (registered with ``core.due``)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from core.due import Due, Holders, horizon, register
from core.reporting_date import opening_date
from core.roles import Role
from milestones.forms import update_months
from milestones.models import Milestone, ProgressUpdate
from milestones.querysets import current


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_asked(as_at: date) -> list[date]:
    """The months whose update is asked for as at a date: the month just ended (overdue if
    still missing) and the current month (due on its last day, so soon within its last 14)."""
    this_month = as_at.replace(day=1)
    return [(this_month - timedelta(days=1)).replace(day=1), this_month]


def _monthly_update(row: dict, month: date, count: int, holders: Holders, offered) -> Due:
    system_id = row["workstream__plan__system_id"]
    organisation_id = row["responsible_organisation_id"]
    name = row["responsible_organisation__name"] or "no responsible organisation"
    url = reverse("milestones:monthly-update", args=[row["workstream__plan__system__slug"]])
    params = [f"month={month:%Y-%m}"] if month in offered else []
    if organisation_id is not None:
        params.append(f"organisation={organisation_id}")
    query = f"?{'&'.join(params)}" if params else ""
    thing = (
        f"partners.organisation:{organisation_id}"
        if organisation_id is not None
        else f"partners.system:{system_id}"
    )
    return Due(
        kind="monthly_update",
        system_id=system_id,
        key=thing,
        title=f"{month:%B %Y} update on {count} milestone{'' if count == 1 else 's'} ({name})",
        due_on=month_end(month),
        url=url + query,
        user_ids=holders.leads_else_office(system_id, organisation_id),
    )


@register(
    "monthly_update",
    "Monthly updates not yet given",
    roles=(Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD),
)
def monthly_updates_missing(as_at: date, system_ids: frozenset[int] | None) -> list[Due]:
    """A month's progress update on every current milestone not completed before that month, due
    on the month's last day: the chair's draft report for the month is built early on the 1st
    after it (``reports.tasks.queue_month_end_drafts``), so an update later than that misses it.

    One item per system, month and responsible organisation, counting its milestones without an
    update and linking to the monthly update page for that month. It is for that organisation's
    partner leads, who "update their own milestones each month" (DESIGN: users); the programme
    office keeps the rest up to date, so it gets the milestones with no responsible
    organisation, or whose organisation has no partner lead with access."""
    holders = Holders(system_ids, Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD)
    milestones = current(Milestone.objects.all())
    if system_ids is not None:
        milestones = milestones.filter(workstream__plan__system_id__in=system_ids)
    # The update page offers the months around the system's present (core.reporting_date.
    # system_date): a link names the month only if offered.
    months = [month for month in months_asked(as_at) if month_end(month) <= horizon(as_at)]
    # One query for the months asked: each month's missing updates counted by system and
    # organisation. The update is looked up for the (scoped) milestone it is tied to alone: the
    # scoping manager would join it back through the milestone, workstream and plan each time.
    missing = {
        f"missing_{n}": Count(
            "pk",
            filter=(Q(completed_on__isnull=True) | Q(completed_on__gte=month))
            & ~Q(
                Exists(ProgressUpdate._base_manager.filter(milestone=OuterRef("pk"), month=month))
            ),
        )
        for n, month in enumerate(months)
    }
    rows = (
        milestones.order_by()
        .values(
            "workstream__plan__system_id",
            "workstream__plan__system__slug",
            "workstream__plan__system__opens_as_at",
            "responsible_organisation_id",
            "responsible_organisation__name",
        )
        .annotate(**missing)
    )
    found = []
    for row in rows:
        offered = update_months(opening_date(row["workstream__plan__system__opens_as_at"]))
        for n, month in enumerate(months):
            if row[f"missing_{n}"]:
                found.append(_monthly_update(row, month, row[f"missing_{n}"], holders, offered))
    return found
