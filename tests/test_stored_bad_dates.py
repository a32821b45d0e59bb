"""Defence in depth: rows stored before dates were checked (year 9999, year 1) still render.

Every date of every record in the demo data is set with ``QuerySet.update`` (which skips
validation, as an old import or a database edit would), then every page, feed, API list and
the report snapshot must still answer."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Value, When
from django.urls import reverse

from config.api import router
from core.scoping import unscoped
from partners.models import System
from tests import factories

APPS = ("partners", "governance", "milestones", "escalation", "finance", "reports")
SLUG = "cumbria"
# Dates whose past value is a decision, not a slip: an access that ends on any past day has
# ended (core.authz.has_ended), so the user would see no page at all.
DECIDING = {("partners", "access", "ends_on")}


def _set_dates(rows, names, value, *, fill_empty: bool) -> bool:
    """Set the named dates to ``value`` (only those not empty unless ``fill_empty``); False
    when a database constraint (review after effective, say) refuses it: that date is
    guarded there already."""
    changes = {
        name: Value(value)
        if fill_empty
        else Case(When(**{f"{name}__isnull": False}, then=Value(value)), default=None)
        for name in names
    }
    try:
        with transaction.atomic():
            rows.update(**changes)
    except IntegrityError:
        return False
    return True


def _store_everywhere(value: date, pick=slice(None)) -> None:
    """Set the dates of every model (those ``pick`` selects from each model's list) to
    ``value``, empty ones included where the database allows: all of them, or only the first
    or last, so that implausible dates also meet normal ones."""
    with unscoped():
        for config in APPS:
            for model in apps.get_app_config(config).get_models():
                names = [
                    f.name
                    for f in model._meta.concrete_fields
                    if isinstance(f, models.DateField)
                    and not isinstance(f, models.DateTimeField)
                    and (model._meta.app_label, model._meta.model_name, f.name) not in DECIDING
                ][pick]
                rows = model._base_manager.all()
                for name in names:
                    if not rows.exists():
                        break
                    if not (
                        _set_dates(rows, [name], value, fill_empty=True)
                        or _set_dates(rows, [name], value, fill_empty=False)
                    ):
                        # One per month, say: the first row only.
                        first = rows.filter(pk=rows.order_by("pk")[0].pk)
                        _set_dates(first, [name], value, fill_empty=True)


def _pages(client) -> list[str]:
    with unscoped():
        system = System.objects.get(slug=SLUG)
        from escalation.models import EscalationCase, Risk
        from governance.models import Agreement, Committee, Meeting
        from milestones.models import Milestone, Workstream

        def first(model, **lookup):
            return model._base_manager.filter(**lookup).order_by("pk").first()

        objects = {
            "governance:committee-detail": first(Committee, system=system),
            "governance:committee-ical": first(Committee, system=system),
            "governance:meeting-detail": first(Meeting, committee__system=system),
            "governance:agreement-detail": first(Agreement, system=system),
            "milestones:milestone-detail": first(Milestone, workstream__plan__system=system),
            "milestones:workstream-detail": first(Workstream, plan__system=system),
            "escalation:case-detail": first(EscalationCase, route__system=system),
            "escalation:risk-detail": first(Risk, system=system),
        }
    urls = [
        reverse(name, args=[SLUG])
        for name in (
            "reports:dashboard",
            "reports:report-list",
            "partners:organisation-list",
            "partners:person-list",
            "governance:committee-list",
            "governance:meeting-list",
            "governance:agreement-list",
            "milestones:milestone-list",
            "milestones:workstream-list",
            "milestones:monthly-update",
            "escalation:case-board",
            "escalation:route-list",
            "escalation:risk-list",
            "finance:overview",
        )
    ]
    urls += [reverse(name, args=[SLUG, obj.pk]) for name, obj in objects.items() if obj]
    urls += [f"{reverse('escalation:case-board', args=[SLUG])}?closed=on"]
    urls += [reverse(f"api:{prefix}-list") for prefix, _, _ in router.registry]
    return urls


@pytest.fixture
def signed_in(client, seeds):
    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(username="programme.office"))
    return client


SCENARIOS = {
    "every date 9999": (date(9999, 12, 31), slice(None)),
    "first date 9999": (date(9999, 12, 31), slice(0, 1)),
    "last date 9999": (date(9999, 12, 31), slice(-1, None)),
    "every date 0001": (date(1, 1, 1), slice(None)),
    "last date 0001": (date(1, 1, 1), slice(-1, None)),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pages_and_api_render_with_implausible_stored_dates(signed_in, scenario):
    _store_everywhere(*SCENARIOS[scenario])
    # The API is read with a token, as programs read it.
    token = factories.api_token(get_user_model().objects.get(username="programme.office"))
    failures = []
    for url in _pages(signed_in):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if url.startswith("/api/") else {}
        response = signed_in.get(url, **headers)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_report_builds_with_implausible_stored_dates(seeds, scenario):
    from reports.pdf import render_html
    from reports.snapshot import build_snapshot

    _store_everywhere(*SCENARIOS[scenario])
    snapshot = build_snapshot(System.objects.get(slug=SLUG), date(2019, 3, 1))
    assert "Cumbria" in render_html(snapshot, draft=True)
