"""The header's search box in the browser, at a desktop's and a phone's width: typed into and
sent with Enter, it lands on the system's results, which link to the record; the header and the
results pass axe and never grow wider than the screen."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from core.scoping import unscoped
from tests import factories
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import AXE, _violations

pytestmark = pytest.mark.django_db(transaction=True)
# Set SCREENSHOTS to a directory to keep each width's results page, to look at by eye.
SHOTS = os.environ.get("SCREENSHOTS")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_header_search_finds_a_milestone(page, office, system, width):
    with unscoped():
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        milestone = factories.MilestoneFactory(
            workstream=workstream, title="Go live with the shared care record across the county"
        )
        factories.RiskFactory(system=system, title="Shared care record supplier fails")
    sign_in(page, "alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("reports:dashboard", args=[system.slug]))
    box = page.get_by_role("searchbox", name=f"Search {system.short_name}")
    assert box.is_visible()
    box.fill("shared care record")
    box.press("Enter")
    page.wait_for_load_state()
    assert page.url.endswith(reverse("search:system", args=[system.slug]) + "?q=shared+care+record")
    results = page.locator(".app-search-results__item")
    assert results.count() == 2
    assert "Milestone" in results.first.inner_text() + results.nth(1).inner_text()
    page.evaluate(AXE.read_text())
    assert _violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"search-{width}.png"), full_page=True)
    page.get_by_role("link", name=milestone.title).click()
    page.wait_for_load_state()
    assert page.url.endswith(
        reverse("milestones:milestone-detail", args=[system.slug, milestone.pk])
    )
