"""The monthly update in Chromium, opened by the programme office while a partner lead records
the same milestone's update: the office's change is refused, naming the lead and their words,
beside the row and in the error summary, at desktop and phone widths; sent again, it is saved."""

import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from core.reporting_date import system_date
from core.scoping import unscoped
from milestones import services
from milestones.models import Milestone, ProgressUpdate
from partners.demo import demo_password
from partners.models import System
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "cumbria"


def test_a_row_changed_by_someone_else_since_the_page_opened(page, demo):
    with unscoped():
        # The month reported on by default: the one before the system's present (the demo's
        # Cumbria opens at its seed paper's date).
        present = system_date(System.objects.get(slug=SLUG))
    month = (present.replace(day=1) - timedelta(days=1)).replace(day=1)
    sign_in(page, f"office.{SLUG}", demo_password())
    page.goto(reverse("milestones:monthly-update", args=[SLUG]) + "?whose=all")
    first = int(page.locator('input[name="milestone"]').first.get_attribute("value"))
    with unscoped():
        milestone = Milestone.objects.get(pk=first)
        lead = get_user_model().objects.get(username="partner.lead")
        services.progress_update_record(
            actor=lead, milestone=milestone, month=month, narrative="Slipped a fortnight."
        )
    page.locator(f'textarea[name="m{first}-narrative"]').fill("On track, staff in post.")
    save = f"Save the updates for {month:%B %Y}"
    with page.expect_navigation():
        page.get_by_role("button", name=save).click()
    who = lead.get_full_name() or lead.get_username()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_contain_text("Nothing has been saved")
        expect(summary).to_contain_text(f"changed by {who}")
        expect(summary).to_contain_text("Slipped a fortnight.")
        # The same words beside the row itself.
        beside = page.locator(".nhsuk-card .nhsuk-error-message").first
        expect(beside).to_be_visible()
        expect(beside).to_contain_text(f"changed by {who}")
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/monthly-stale-{width}.png")
    # What was typed is still there; sent again, it replaces the lead's update knowingly.
    expect(page.locator(f'textarea[name="m{first}-narrative"]')).to_have_value(
        "On track, staff in post."
    )
    with page.expect_navigation():
        page.get_by_role("button", name=save).click()
    expect(page.locator("main")).to_contain_text(f"1 update for {month:%B %Y} recorded.")
    with unscoped():
        recorded = ProgressUpdate.objects.get(milestone_id=first, month=month)
    assert recorded.narrative == "On track, staff in post."
