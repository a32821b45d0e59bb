"""The seeds' own registers round trip: in every demo system, the download of each importable
list added since the first kinds (members, control totals, monthly positions, escalation routes)
imports back as "no changes", with no row in error."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import ControlTotal
from partners.models import System
from tests.import_helpers import exported, previewed

pytestmark = pytest.mark.django_db


def _downloads(system, years):
    """(the list's download, its import page) for each kind."""
    slug = [system.slug]
    yield (
        reverse("governance:committee-list", args=slug),
        {"table": "memberships"},
        reverse("governance:membership-import", args=slug),
    )
    yield (
        reverse("escalation:route-list", args=slug),
        {},
        reverse("escalation:route-import", args=slug),
    )
    for year in years:
        for table, kind in (
            ("control-totals", "control-total"),
            ("monthly-positions", "monthly-position"),
        ):
            yield (
                reverse("finance:overview", args=slug),
                {"year": year, "table": table},
                reverse(f"finance:{kind}-import", args=slug),
            )


def test_every_demo_systems_downloads_import_back_unchanged(client, seeds):
    client.force_login(get_user_model().objects.get(username="programme.office"))
    rows = 0
    for system in System.objects.all():
        years = ControlTotal.objects.filter(system=system).values_list("year__label", flat=True)
        for address, query, import_address in _downloads(system, set(years)):
            response = client.get(address, {**query, "format": "xlsx"})
            assert response.status_code == 200, (address, response.status_code)
            data = exported(response)
            batch = previewed(client, system, import_address, "download.xlsx", data)
            errors = [r["errors"] for r in batch.rows if r["errors"]]
            changed = [r["changes"] for r in batch.rows if r["action"] != "unchanged"]
            assert not errors and not changed, (system.slug, import_address, errors, changed)
            rows += batch.counts["unchanged"]
    assert rows > 50  # members, routes and control totals of five systems
