"""Constants and helpers shared by the milestone form tests."""

import html
from datetime import date, timedelta

from django.urls import reverse

from core.scoping import scope
from milestones.models import Plan, Workstream

TODAY = date.today()


def url(system, name: str, **kwargs) -> str:
    return reverse(f"milestones:{name}", kwargs={"slug": system.slug, **kwargs})


def error_next_to(page: str, field: str) -> str:
    """The error message shown next to ``field`` (it fails the test if there is none)."""
    marker = f'id="id_{field}-error"'
    assert marker in page, f"no error next to {field}"
    return html.unescape(page.split(marker)[1].split("</span>", 2)[1])


def reload(model, obj):
    with scope([obj_system_id(obj)]):
        return model.objects.get(pk=obj.pk)


def obj_system_id(obj) -> int:
    if isinstance(obj, Plan):
        return obj.system_id
    if isinstance(obj, Workstream):
        return obj.plan.system_id
    return obj.workstream.plan.system_id


def workstream_data(plan, **overrides) -> dict:
    return {
        "plan": plan.pk,
        "code": "D",
        "name": "Digital",
        "sro": "",
        "sro_role": "CIO, Alpha Hospital",
        "lead_organisation": "",
        "objective_kind": "quality",
        "objective": "One shared care record.",
        "target": "All partners connected",
        "target_date": "2021-03-31",
        **overrides,
    }


def milestone_data(workstream, **overrides) -> dict:
    return {
        "workstream": workstream.pk,
        "title": "Shared care record live",
        "baseline_on": (TODAY + timedelta(days=90)).isoformat(),
        "forecast_on": "",
        "responsible_organisation": "",
        "responsible_person": "",
        "commitment": "",
        "gateway": "",
        **overrides,
    }
