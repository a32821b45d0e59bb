"""A report's history shows a chair's draft commentary only to those who see drafts (the
programme office and the chair): never to a partner lead or a regulator, in pages or the API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit import save_tracked
from core.roles import Role
from core.scoping import unscoped
from reports import publishing
from reports.models import ReportStatus
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "Draft words the chair later withdrew"
FINAL_WORDS = "The published commentary"


@pytest.fixture
def published(system, chair, make_report):
    """A report whose chair wrote a draft, rewrote it, and published."""
    report = make_report(system, ReportStatus.DRAFT)
    with unscoped():
        for words in (DRAFT_WORDS, FINAL_WORDS):
            publishing.report_update_chair(report=report, actor=chair, commentary=words, flags=[])
        report.refresh_from_db()
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = chair
        save_tracked(report, actor=chair, reason="Published")
    return report


SEES_DRAFTS = {
    Role.PROGRAMME_OFFICE: True,
    Role.CHAIR: True,
    Role.PARTNER_LEAD: False,
    Role.REGULATOR: False,
}


@pytest.mark.parametrize("role", SEES_DRAFTS)
def test_report_page_history_shows_draft_commentary_only_to_those_who_see_drafts(
    client, system, published, user_for, role
):
    client.force_login(user_for(role))
    page = client.get(reverse("reports:report-detail", args=[system.slug, published.pk]))
    assert page.status_code == 200
    assert (DRAFT_WORDS in page.content.decode()) is SEES_DRAFTS[role]
    # Everyone sees that it was published, and by whom.
    assert "Reason: Published" in page.content.decode()


@pytest.mark.parametrize("role", SEES_DRAFTS)
def test_api_history_shows_draft_commentary_only_to_those_who_see_drafts(
    client, office, published, user_for, role
):
    token = factories.api_token(user_for(role))
    response = client.get(
        f"/api/v1/reports/{published.pk}/history/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    rows = response.json()
    values = {value for row in rows for c in row["changes"] for value in (c["old"], c["new"])}
    assert (DRAFT_WORDS in values) is SEES_DRAFTS[role]
    reasons = [row["reason"] for row in rows]
    assert reasons[0] == "Published"
    if not SEES_DRAFTS[role]:
        # Only the published version: no row recorded while the report was a draft.
        assert reasons == ["Published"]


def test_a_corrections_draft_history_is_not_reachable_by_a_regulator(
    client, system, office, regulator, published, make_report
):
    token = factories.api_token(regulator)
    draft = make_report(system, ReportStatus.DRAFT, version=2, commentary=DRAFT_WORDS)
    response = client.get(
        f"/api/v1/reports/{draft.pk}/history/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 404


def test_changes_feed_carries_no_report_or_commentary(client, office, regulator, published):
    token = factories.api_token(regulator)
    response = client.get(
        "/api/v1/changes/?since=2000-01-01T00:00Z", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert DRAFT_WORDS not in response.content.decode()
    assert not [r for r in response.json()["results"] if r["model"].startswith("reports.")]
