"""In a real browser: the pages, their scripts and the API docs run under the
Content-Security-Policy with nothing refused (the page fixture fails on any violation), and the
idle-session warning opens before the end, keeps the session when asked, and otherwise ends on
the sign-in page. Time passes by moving the session's timestamps back and the page's clock
forward."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from core.scoping import scope
from core.sessions import ACTIVE_AT, now
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(system):
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
        return factories.MeetingFactory(committee=committee, held_on=date(2018, 2, 1))


def session_of(page) -> SessionStore:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=key)


def idle_for(page, seconds: int) -> None:
    session = session_of(page)
    session[ACTIVE_AT] = now() - seconds
    session.save()


def test_pages_and_the_api_docs_run_under_the_policy(page, office, system, meeting):
    sign_in(page, "alice")
    for url in (
        reverse("reports:dashboard", args=[system.slug]),
        reverse("governance:meeting-attendance", args=[system.slug, meeting.pk]),
        reverse("governance:committee-list", args=[system.slug]),
        reverse("partners:person-list", args=[system.slug]),
        reverse("partners-api:token-list", args=[system.slug]),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        classes = page.evaluate("document.body.className")
        # Both come from static scripts now: the NHS.UK frontend started its components.
        assert "js-enabled" in classes and "nhsuk-frontend-supported" in classes, url
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Governance tracker API" in page.locator(".swagger-ui .info .title").inner_text()


def test_the_warning_opens_before_the_idle_end_and_keeps_the_session(page, office, system):
    sign_in(page, "alice")
    asked: list[str] = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.method) if urlsplit(request.url).path == "/session/" else None
        ),
    )
    page.clock.install()
    page.goto(reverse("partners:person-list", args=[system.slug]))
    dialog = page.locator("#session-timeout")
    assert not dialog.is_visible()

    idle_for(page, 28 * 60 + 30)
    page.clock.fast_forward("28:30")
    dialog.wait_for(state="visible")
    assert "You're about to be signed out" in dialog.inner_text()
    assert "minute" in dialog.locator("[data-countdown]").first.inner_text()

    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    # One check opened the warning and "Stay signed in" asked once: an open warning does not
    # ask again in a loop, whose answers, arriving after the stay's, reopened the dialog.
    assert asked == ["GET", "POST"], asked
    assert now() - session_of(page)[ACTIVE_AT] <= 2
    page.goto(reverse("partners:person-list", args=[system.slug]))
    assert page.get_by_role("button", name="Sign out").count() == 1


def test_an_idle_session_ends_on_the_sign_in_page(page, office, system):
    sign_in(page, "alice")
    page.clock.install()
    page.goto(reverse("partners:person-list", args=[system.slug]))
    idle_for(page, 31 * 60)
    page.clock.fast_forward("28:30")
    page.wait_for_url("**/login/**")
    assert "You were signed out after 30 minutes without activity." in page.content()


def test_the_browsable_api_and_the_admin_run_under_the_policy(page, regulator, system, db):
    sign_in(page, "rita")
    for url in ("/api/v1/", "/api/v1/systems/", "/api/v1/committees/?ordering=name"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator(".page-header h1").count() == 1, url
    get_user_model().objects.create_superuser("root", password="password")
    # The admin signs in through the service's one sign-in page, and returns to the admin.
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    change = f"/admin/partners/system/{system.pk}/change/"
    for url in ("/admin/", "/admin/partners/system/", change):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").count() == 1, url
