"""A register wider than a phone's screen shows that it scrolls: a shadow at the edge where
columns are hidden, gone once the table is scrolled to that end (app.scss,
``app-scroll-shadows``). Read from the pixels the browser draws in the container's bottom
padding, where no table text is."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from core.scoping import unscoped
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_BACKGROUND = (0xF0, 0xF4, 0xF5)  # the design system's grey-5, behind every table


def edges(container) -> tuple[tuple, tuple]:
    """The colours at the container's left and right edges, in its bottom padding."""
    shot = Image.open(io.BytesIO(container.screenshot())).convert("RGB")
    width, height = shot.size
    return shot.getpixel((1, height - 4)), shot.getpixel((width - 2, height - 4))


def register_at(page, system, width: int):
    """The milestone register (one milestone) at ``width`` px: its table's container."""
    with unscoped():
        plan = factories.PlanFactory(system=system)
        factories.MilestoneFactory(workstream=factories.WorkstreamFactory(plan=plan))
    sign_in(page, "alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("milestones:milestone-list", args=[system.slug]))
    return page.locator(".nhsuk-table-container").first


def test_a_register_wider_than_a_phone_shows_where_it_scrolls(page, office, system):
    container = register_at(page, system, 390)
    assert container.evaluate("c => c.scrollWidth > c.clientWidth")

    left, right = edges(container)
    assert left == PAGE_BACKGROUND  # nothing hidden to the left yet
    assert right != PAGE_BACKGROUND and sum(right) < sum(PAGE_BACKGROUND)  # a shadow

    container.evaluate("c => { c.scrollLeft = c.scrollWidth; }")
    left, right = edges(container)
    assert sum(left) < sum(PAGE_BACKGROUND)  # columns hidden to the left now
    assert right == PAGE_BACKGROUND  # the last column shown: no shadow


def test_a_table_that_fits_shows_no_shadow(page, office, system):
    container = register_at(page, system, 1280)
    assert edges(container) == (PAGE_BACKGROUND, PAGE_BACKGROUND)
