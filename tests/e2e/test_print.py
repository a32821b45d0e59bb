"""Printing a page (a register for a board paper): the content only, every row on paper, with
the system's name and when it was printed; navigation, filters and buttons are left off."""

import pytest
from django.urls import reverse

from core.scoping import unscoped
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _shown(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_printed_register_shows_its_rows_and_not_the_screen_furniture(
    page, office, system, width
):
    with unscoped():
        risks = [factories.RiskFactory(system=system, title=f"Printed risk {n}") for n in range(40)]
    sign_in(page, "alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("escalation:risk-list", args=[system.slug]))
    assert _shown(page, ".nhsuk-header__navigation")
    assert not _shown(page, ".app-print-only")

    page.emulate_media(media="print")
    assert not _shown(page, ".nhsuk-header__navigation")
    assert not _shown(page, ".nhsuk-breadcrumb")
    assert not _shown(page, "form[method='get']")
    printed = page.locator(".app-print-only").first
    assert printed.is_visible() and system.name in printed.inner_text()
    # No scroll box on paper: the table is as wide as its container, nothing is cut off.
    assert page.evaluate(
        "[...document.querySelectorAll('.nhsuk-table-container')]"
        ".every(box => box.scrollWidth <= box.clientWidth + 1)"
    )
    text = page.locator("main").inner_text()
    assert all(risk.title in text for risk in risks[:25])  # the page's rows, all of them
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
