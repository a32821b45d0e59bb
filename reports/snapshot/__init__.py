"""The monthly report's snapshot: every figure the report shows, as the database stood at the end
of the month's last day, in the JSON form reports/SNAPSHOT.md sets out.

One pure function: it only reads, inside whatever scope the caller opened, and gives the same dict
for the same data and arguments (``generated_at`` is its only clock input).
"""

from datetime import date, datetime

from django.contrib.auth import get_user_model

from core import authz
from core.audit import display_name
from core.roles import Role
from partners.models import System
from reports.snapshot import changes, escalations, finance, governance, milestones, risks
from reports.snapshot.common import Period, iso

SCHEMA = 1

__all__ = ["SCHEMA", "build_snapshot"]


def _chair(system: System) -> str:
    chairs = get_user_model().objects.filter(pk__in=authz.role_holder_ids(system, Role.CHAIR))
    return " and ".join(display_name(user) for user in chairs.order_by("username", "pk"))


def _previous_ids(previous: dict | None) -> set[int] | None:
    if previous is None:
        return None
    earlier = (previous.get("snapshot") or {}).get("milestones") or {}
    return {row["id"] for row in earlier.get("all", [])}


def since_last_month(system: System, period: Period) -> list[dict]:
    """What changed in the month, section by section: reports.changes.changes_between from the
    month's first day to its last, as the changes page lists it for those dates."""
    # Imported here: reports.changes reads this package's milestone states.
    from reports.changes import changes_between

    found = changes_between(system, period.month, period.cutoff)
    return [
        {
            "key": section.key,
            "heading": section.heading,
            "changes": [
                {"on": iso(change.on), "record": change.record, "text": change.text}
                for change in section.changes
            ],
        }
        for section in found.sections
    ]


def build_snapshot(
    system: System,
    month: date,
    *,
    previous: dict | None = None,
    generated_at: datetime | None = None,
) -> dict:
    """The snapshot of ``system`` for ``month`` (its first day).

    ``previous`` is last month's published report, {"month", "version", "published_at",
    "snapshot"}, or None: the snapshot names it and lists what changed since.
    """
    period = Period.of(month)
    all_risks = risks.fetch(system)
    escalation_section, case_statuses = escalations.section(system, period)
    snapshot = {
        "schema": SCHEMA,
        "system": {"slug": system.slug, "name": system.name, "short_name": system.short_name},
        "month": f"{month:%Y-%m}",
        "month_label": f"{month:%B %Y}",
        "cutoff": iso(period.cutoff),
        "generated_at": generated_at.isoformat() if generated_at is not None else None,
        "chair": _chair(system),
        "previous": (
            {key: previous.get(key) for key in ("month", "version", "published_at")}
            if previous is not None
            else None
        ),
        "milestones": milestones.section(system, period, _previous_ids(previous)),
        "escalations": escalation_section,
        "committees": governance.committees(system, period),
        "agreements": governance.agreements(system, period),
        "finance": finance.section(system, period),
        "risks": risks.section(system, all_risks),
        "changes": [],
        "since_last_month": since_last_month(system, period),
    }
    if previous is not None:
        closed = {r.reference for r in all_risks if r.status != r.Status.OPEN}
        snapshot["changes"] = changes.since(
            snapshot, previous.get("snapshot") or {}, closed, case_statuses
        )
    return snapshot
