"""Every page of two seed systems, as their programme office sees it, checked by axe-core in
the browser against WCAG 2.1 A and AA (contrast of at least 4.5:1 included), at a desktop's
and a phone's width; and no page wider than the phone.

The pages are those a programme office reaches by following links from the system's dashboard
(one page of each shape, tests/crawl.py), with the forms' error states: each form is sent as
offered once (at the desktop's width), so error summaries and messages are checked too."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.crawl import crawl
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SYSTEMS = {"cumbria": "office.cumbria", "norfolk-waveney": "office.norfolk-waveney"}
WIDTHS = (1280, 390)


def _violations(page) -> list[str]:
    found = page.evaluate(
        """async (rules) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: rules}});
            return result.violations.map(v => v.id + ' (' + v.impact + '): ' +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }""",
        RULES,
    )
    return [f"{page.url}: {line}" for line in found]


def test_every_page_passes_axe_at_desktop_and_phone_width(page, demo):
    """One test for both systems: the live server's database is emptied after each test."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make install does)"
    problems = []
    for system, username in SYSTEMS.items():
        problems += _problems(page, system, username)
        page.context.clear_cookies()
    assert problems == []


def _problems(page, system: str, username: str) -> list[str]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    walk = crawl(client, f"/s/{system}/", prefix=f"/s/{system}/", limit=80)
    paths = [
        path
        for path, status in walk.pages.values()
        if status == 200 and client.get(path)["Content-Type"].startswith("text/html")
    ]
    assert len(paths) > 30  # the walk reached the site
    axe = AXE.read_text()

    sign_in(page, username, settings.DEMO_PASSWORD)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            page.evaluate(axe)
            problems += _violations(page)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path}: wider than {width} px")
        if width != WIDTHS[0]:
            continue
        for form in {form.action: form for form in walk.forms}.values():
            page.goto(form.page)
            button = page.locator(f'form[action="{_relative(form.action)}"] [type=submit]')
            if button.count() == 0 or not button.first.is_visible():
                continue  # e.g. the session timeout's dialog, hidden until it is due
            button.first.click()
            page.wait_for_load_state()
            page.evaluate(axe)
            problems += _violations(page)
    return problems


def _relative(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
