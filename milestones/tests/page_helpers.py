"""Constants and helpers shared by the milestone page tests."""

from datetime import date

from django.urls import reverse

from core.scoping import scope
from milestones.models import Milestone

TODAY = date.today()


def url(system, name: str, **kwargs) -> str:
    return reverse(f"milestones:{name}", kwargs={"slug": system.slug, **kwargs})


def reload(milestone: Milestone) -> Milestone:
    with scope([milestone.workstream.plan.system_id]):
        return Milestone.objects.select_related("workstream__plan").get(pk=milestone.pk)


def monthly_post(*milestones, **rows) -> dict:
    """The monthly update form's POST: ``rows`` maps "m<pk>" to that row's fields."""
    data = {"milestone": [m.pk for m in milestones]}
    for prefix, fields in rows.items():
        for name, value in fields.items():
            data[f"{prefix}-{name}"] = value
    return data
