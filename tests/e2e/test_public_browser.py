"""A system's public pages, signed out, in the browser: axe-core finds nothing against WCAG 2.1
A and AA at a desktop's and a phone's width, no page is wider than the phone, and the header
offers no sign-in."""

import pytest
from django.test import Client

from core.audit import system_actor
from core.scoping import unscoped
from governance.models import Meeting
from partners.models import System
from public.services import publication_choose
from tests import meeting_factories as mf
from tests.crawl import crawl
from tests.e2e.test_accessibility import AXE, WIDTHS, _violations

pytestmark = pytest.mark.django_db
SLUG = "nw-london"


def _publish() -> None:
    with unscoped():
        system = System.objects.get(slug=SLUG)
        publication_choose(
            actor=system_actor(),
            system=system,
            sections=["committees", "meetings", "minutes", "interests", "reports"],
        )
        meeting = Meeting.objects.filter(committee__system=system, status="held").first()
        item = mf.AgendaItemFactory(meeting=meeting, number=90, title="Public item")
        mf.PaperFactory(
            item=item,
            title="Public paper",
        )


def test_the_public_pages_pass_axe_signed_out_at_desktop_and_phone_width(page, demo):
    _publish()
    walk = crawl(Client(), f"/public/{SLUG}/", prefix=f"/public/{SLUG}/", limit=40)
    paths = [
        path
        for path, status in walk.pages.values()
        if status == 200 and "/papers/" not in path and "/pdf/" not in path
    ]
    assert len(paths) >= 6  # home, five sections and a meeting
    axe = AXE.read_text()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            assert page.get_by_text("Sign out").count() == 0
            page.evaluate(axe)
            problems += _violations(page)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path}: wider than {width} px")
    assert problems == []
