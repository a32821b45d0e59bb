"""The chair confirms before publishing: the page says what will be frozen (month, version,
counts from the draft's snapshot), that it cannot be changed afterwards, and publishes only the
draft as it was checked."""

import pytest
from django.urls import reverse

from core.scoping import unscoped
from core.stale import version_of
from reports import publishing
from reports.models import MonthlyReport, ReportStatus

pytestmark = pytest.mark.django_db


def url(name, system, *args):
    return reverse(f"reports:{name}", args=[system.slug, *args])


def _refreshed(report):
    with unscoped():
        report.refresh_from_db()
    return report


def test_the_confirmation_says_what_will_be_frozen_and_publishes_nothing(
    client, system, chair, make_report
):
    draft = make_report(system, ReportStatus.DRAFT, commentary="Acute services behind plan.")
    snapshot = draft.snapshot
    snapshot["risks"]["open"] = 7
    with unscoped():
        MonthlyReport.objects.filter(pk=draft.pk).update(snapshot=snapshot)
    client.force_login(chair)
    response = client.get(url("report-publish", system, draft.pk))
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Check before you publish the November 2019 report" in page
    milestones = len(snapshot["milestones"]["all"])
    cases = len(snapshot["escalations"]["open"])
    risks = snapshot["risks"]["open"]
    assert milestones and cases and risks
    for text in (
        f"{milestones} milestone",
        f"{cases} open case",
        f"{risks} open risk",
        "Acute services behind plan.",
        "cannot be changed afterwards",
        "A correction is published as a new version (2)",
        "Publish version 1",
    ):
        assert text in page, text
    assert _refreshed(draft).publish_requested_at is None


def test_confirming_the_checked_draft_publishes_it(
    client, system, chair, make_report, django_capture_on_commit_callbacks
):
    draft = make_report(system, ReportStatus.DRAFT)
    client.force_login(chair)
    with unscoped():
        checked = version_of(draft)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            url("report-publish", system, draft.pk), {"checked_version": checked}
        )
    assert response.url == url("report-detail", system, draft.pk)
    assert len(queued) == 1
    draft = _refreshed(draft)
    assert draft.publish_requested_at is not None and draft.published_by == chair


def test_a_draft_changed_since_it_was_checked_is_shown_again_not_published(
    client, system, chair, make_report
):
    draft = make_report(system, ReportStatus.DRAFT)
    with unscoped():
        checked = version_of(draft)
        publishing.report_update_chair(
            report=draft, actor=chair, commentary="Changed in another tab.", flags=[]
        )
    client.force_login(chair)
    response = client.post(url("report-publish", system, draft.pk), {"checked_version": checked})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The draft has changed since you checked it." in page
    assert "Changed in another tab." in page  # the summary as it now stands
    assert _refreshed(draft).publish_requested_at is None


def test_a_correction_says_which_version_it_corrects(client, system, chair, make_report):
    first = make_report(system, ReportStatus.PUBLISHED)
    second = make_report(system, ReportStatus.DRAFT, version=2, supersedes=first)
    client.force_login(chair)
    page = " ".join(client.get(url("report-publish", system, second.pk)).content.decode().split())
    assert "2 (corrects version 1, published" in page
    top = len(second.snapshot["risks"]["top"])
    assert f"{top} top risk" in page  # a snapshot without the open risks' count
    assert "Publish version 2" in page


def test_a_report_not_waiting_to_be_published_goes_back_to_its_page(
    client, system, chair, make_report
):
    published = make_report(system, ReportStatus.PUBLISHED)
    client.force_login(chair)
    response = client.get(url("report-publish", system, published.pk))
    assert response.url == url("report-detail", system, published.pk)
    response = client.post(url("report-publish", system, published.pk))
    assert response.url == url("report-detail", system, published.pk)
    assert _refreshed(published).status == ReportStatus.PUBLISHED
