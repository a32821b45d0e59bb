"""The "Download: XLSX | CSV" links of each list fit a phone's width (390 px) and carry the
page's filters."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LISTS = [
    "milestones:milestone-list",
    "milestones:workstream-list",
    "escalation:risk-list",
    "escalation:case-board",
    "governance:action-list",
    "governance:meeting-list",
    "governance:committee-list",
    "governance:agreement-list",
    "governance:interest-list",
    "partners:person-list",
    "partners:organisation-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_the_download_links_fit_a_phone(page, office, system, name):
    sign_in(page, "alice")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(reverse(name, args=[system.slug]) + "?as_at=2019-06-01")
    # A page may offer more than one table (the committees list, its members too): each fits.
    blocks = page.locator(".app-export-links")
    for n in range(blocks.count()):
        box = blocks.nth(n).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    links = blocks.first
    xlsx = links.get_by_role("link", name="XLSX").get_attribute("href")
    assert xlsx == "?as_at=2019-06-01&format=xlsx"
