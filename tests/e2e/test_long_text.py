"""Long text someone typed, without a space to break at, wraps within a phone's width: the page
never grows wider than the screen."""

import pytest
from django.urls import reverse

from core.scoping import unscoped
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

UNBROKEN = "https://example.nhs.uk/" + "papers/" * 38  # 289 characters: a title holds 300


def test_a_long_unbroken_title_wraps_on_a_phone(page, office, system):
    with unscoped():
        risk = factories.RiskFactory(system=system, title=UNBROKEN, mitigations=UNBROKEN)
    sign_in(page, "alice")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(reverse("escalation:risk-detail", args=[system.slug, risk.pk]))
    assert UNBROKEN in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
