"""The month's work in a real browser: the programme office records attendance and sees quorum
change, a partner lead records a monthly update and sees RAG and the dashboard change, and works
through it a page at a time, and a regulator is offered no edit anywhere."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.scoping import scope
from governance import services
from milestones import services as milestone_services
from milestones.models import ProgressUpdate
from milestones.views_monthly import UPDATE_PAGE_SIZE
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(system, office, organisation, partner):
    """A PAG-like committee: one member of each of two partners must be present (001)."""
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
        services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2017, 1, 1),
            requirements={organisation: 1, partner: 1},
        )
        for name, org in (("Ann Acute", organisation), ("Col Council", partner)):
            person = factories.PersonFactory(system=system, organisation=org, name=name)
            services.membership_add(actor=office, committee=committee, person=person)
        return services.meeting_create(
            actor=office, committee=committee, held_on=date(2018, 2, 1), status="held"
        )


def test_programme_office_records_attendance_and_sees_quorum_change(page, office, system, meeting):
    sign_in(page, "alice")
    page.goto(reverse("governance:meeting-attendance", args=[system.slug, meeting.pk]))
    quorum = page.locator("#quorum")
    assert "Not quorate" in quorum.inner_text()

    page.get_by_label("Attendance of Ann Acute").select_option("present")
    # Playwright's own polling: the page's Content-Security-Policy refuses evaluated strings.
    expect(quorum).to_contain_text("1 counted")
    assert "Not quorate" in page.locator("#quorum").inner_text()

    page.get_by_label("Attendance of Col Council").select_option("present")
    expect(quorum).not_to_contain_text("Not quorate")
    assert "Quorate" in page.locator("#quorum").inner_text()

    # Saved as it was chosen: the meeting page, loaded afresh, agrees.
    page.goto(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    assert "Quorate" in page.locator("#quorum").inner_text()
    assert "Not quorate" not in page.locator("#quorum").inner_text()


def test_regulator_is_offered_no_edit(page, regulator, system, meeting):
    sign_in(page, "rita")
    for url in (
        reverse("reports:dashboard", args=[system.slug]),
        reverse("governance:meeting-detail", args=[system.slug, meeting.pk]),
        reverse("governance:meeting-attendance", args=[system.slug, meeting.pk]),
        reverse("governance:meeting-list", args=[system.slug]),
        reverse("milestones:milestone-list", args=[system.slug]),
        reverse("escalation:case-board", args=[system.slug]),
        reverse("escalation:risk-list", args=[system.slug]),
        reverse("finance:overview", args=[system.slug]),
        reverse("partners:person-list", args=[system.slug]),
    ):
        page.goto(url)
        assert page.locator("main select[hx-post]").count() == 0, url
        forms = page.locator("main form[method=post]")
        assert forms.count() == 0, f"{url} offers a form that writes"
        for label in ("Add a", "Record", "Save", "Edit", "Raise"):
            assert page.locator("main").get_by_role("button", name=label).count() == 0, url
            assert page.locator("main").get_by_role("link", name=label).count() == 0, url


def test_partner_lead_records_monthly_update_and_sees_rag_and_dashboard_change(
    page, lead, system, organisation
):
    today = date.today()
    with scope([system]):
        workstream = factories.WorkstreamFactory(
            plan=factories.PlanFactory(system=system, amber_tolerance_days=30),
            name="Urgent and emergency care",
        )
        milestone = milestone_services.milestone_create(
            actor=lead,
            workstream=workstream,
            title="Same Day Emergency Care 12 hours a day, 7 days a week",
            baseline_on=today + timedelta(days=60),
            responsible_organisation=organisation,
            is_key=True,
        )
    sign_in(page, "bob")
    dashboard = reverse("reports:dashboard", args=[system.slug])
    page.goto(dashboard)
    assert "0 red" in page.locator("#rag-counts").inner_text()

    page.get_by_role("link", name="Record the monthly milestone update").click()
    page.locator(f"#id_m{milestone.pk}-narrative").fill("Rota gaps at weekends; recruiting.")
    forecast = today + timedelta(days=120)
    for part, value in (("day", forecast.day), ("month", forecast.month), ("year", forecast.year)):
        page.locator(f"#id_m{milestone.pk}-forecast_on_{part}").fill(str(value))
    page.get_by_role("button", name="Save the updates for").click()
    page.wait_for_load_state()

    page.goto(reverse("milestones:milestone-detail", args=[system.slug, milestone.pk]))
    assert page.locator("main .app-rag--red").count() >= 1
    page.goto(dashboard)
    assert "1 red" in page.locator("#rag-counts").inner_text()


def test_partner_lead_works_through_the_monthly_update_a_page_at_a_time(
    page, lead, system, organisation
):
    """More milestones than a page holds: the lead's own first, then everyone's in their
    organisation, saved a page at a time and moving on to the next."""
    today = date.today()
    with scope([system]):
        workstream = factories.WorkstreamFactory(
            plan=factories.PlanFactory(system=system), code="A", name="Planned care"
        )
        bob = factories.PersonFactory(system=system, organisation=organisation, user=lead)
        milestones = [
            factories.MilestoneFactory(
                workstream=workstream,
                title=f"Outpatient milestone {n:02}",
                baseline_on=today + timedelta(days=30 + n),
                responsible_organisation=organisation,
                responsible_person=bob if n == 3 else None,
            )
            for n in range(UPDATE_PAGE_SIZE + 2)
        ]
    sign_in(page, "bob")
    page.goto(reverse("milestones:monthly-update", args=[system.slug]))
    # The lead's own milestone first, alone.
    expect(page.locator("textarea")).to_have_count(1)
    page.get_by_role("link", name="Show every milestone of your organisation").click()
    # Waits for the new page's forms (the address changes before the page has loaded).
    expect(page.locator("textarea")).to_have_count(UPDATE_PAGE_SIZE)
    first = milestones[0]
    page.locator(f"#id_m{first.pk}-narrative").fill("Clinic rooms agreed.")
    page.get_by_role("button", name="Save and show the next page").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("1 update for")
    expect(page.locator("textarea")).to_have_count(2)  # page 2: the last two
    last = milestones[-1]
    page.locator(f"#id_m{last.pk}-narrative").fill("Referral criteria published.")
    page.get_by_role("button", name="Save the updates for").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Page 1 of 2")  # still on page 2
    with scope([system]):
        saved = set(ProgressUpdate.objects.values_list("milestone_id", flat=True))
    assert saved == {first.pk, last.pk}
