"""The report pages for each role: who may ask for a draft, who sees drafts, the chair's form."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from core.roles import Role
from core.scoping import unscoped
from reports.models import MonthlyReport, ReportStatus
from tests.permissions.roles import all_but


def url(name, system, *args):
    return reverse(f"reports:{name}", args=[system.slug, *args])


def test_the_programme_office_asks_for_a_draft(
    client, system, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = client.get(url("report-list", system))
    assert page.status_code == 200
    assert b"Build the draft" in page.content
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url("report-list", system), {"month": "2019-11"})
    with unscoped():
        report = MonthlyReport.objects.get()
    assert response.url == url("report-detail", system, report.pk)
    assert (report.month, report.status, report.requested_by) == (
        date(2019, 11, 1),
        ReportStatus.QUEUED,
        office,
    )
    assert len(queued) == 1  # the build is sent once the row is committed


def test_the_month_offered_is_the_one_before_the_systems_present(client, system, office):
    """A demo system opens at its seed paper's date (Cumbria: 5 April 2017): its draft is
    offered for March 2017, not for the month before today."""
    system.opens_as_at = date(2017, 4, 5)
    system.save()
    client.force_login(office)
    form = client.get(url("report-list", system)).context["form"]
    assert form["month"].value() == "2017-03"


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("", "Enter the month the report is for, for example 2019-11."),
        ("November", "Enter the month as a year and month, for example 2019-11."),
        ("2999-01", "The month cannot be in the future."),
        ("2010-01", "The month must be January 2015 or later."),
    ],
)
def test_a_bad_month_is_explained_next_to_the_field(client, system, office, month, message):
    client.force_login(office)
    response = client.post(url("report-list", system), {"month": month})
    assert response.status_code == 400
    assert message in response.content.decode()
    with unscoped():
        assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_may_ask_for_a_draft(system, role, client_for):
    client = client_for(role)
    assert b"Build the draft" not in client.get(url("report-list", system)).content
    assert client.post(url("report-list", system), {"month": "2019-11"}).status_code == 403
    with unscoped():
        assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [
        (Role.PROGRAMME_OFFICE, True),
        (Role.CHAIR, True),
        (Role.PARTNER_LEAD, False),
        (Role.REGULATOR, False),
    ],
)
def test_drafts_are_for_the_office_and_the_chair(system, make_report, role, sees_draft, client_for):
    draft = make_report(system, ReportStatus.DRAFT)
    published = make_report(system, ReportStatus.PUBLISHED, month=date(2019, 10, 1))
    client = client_for(role)
    listed = client.get(url("report-list", system)).content.decode()
    assert ("November 2019" in listed) is sees_draft
    assert "October 2019" in listed
    expected = 200 if sees_draft else 404
    assert client.get(url("report-detail", system, draft.pk)).status_code == expected
    assert client.get(url("report-pdf", system, draft.pk)).status_code == expected
    assert client.get(url("report-detail", system, published.pk)).status_code == 200
    download = client.get(url("report-pdf", system, published.pk))
    assert hashlib.sha256(download.getvalue()).hexdigest() == published.sha256
    assert download["Content-Disposition"] == ('attachment; filename="alpha-2019-10-v1.pdf"')


def test_another_systems_report_is_not_found(client, other_system, office, make_report):
    theirs = make_report(other_system, ReportStatus.PUBLISHED)
    client.force_login(office)
    assert client.get(url("report-detail", other_system, theirs.pk)).status_code == 404
    assert client.get(url("report-pdf", other_system, theirs.pk)).status_code == 404


def test_the_chair_writes_commentary_flags_and_publishes(
    client, system, chair, draft_with_cases, django_capture_on_commit_callbacks
):
    draft = draft_with_cases
    client.force_login(chair)
    page = client.get(url("report-detail", system, draft.pk)).content.decode()
    assert "Your commentary and flags" in page
    case = draft.snapshot["escalations"]["open"][0]
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            url("report-detail", system, draft.pk),
            {
                "commentary": "Behind plan on acute services.",
                "cases": [str(case["id"])],
                "issues": "Stroke workforce\n\n  Estates funding  ",
                "publish": "1",
            },
        )
    # Saved, then the chair confirms what will be frozen before anything is published.
    assert response.url == url("report-publish", system, draft.pk)
    assert not queued
    confirm = client.get(response.url).content.decode()
    assert "Your commentary and flags are saved. Check them, then publish." in confirm
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url("report-publish", system, draft.pk))
    assert response.status_code == 302
    assert len(queued) == 1  # the publication is rendered by the worker
    with unscoped():
        draft.refresh_from_db()
    assert draft.commentary == "Behind plan on acute services."
    assert [flag["title"] for flag in draft.flags] == [
        f"{case['reference']}: {case['subject']}",
        "Stroke workforce",
        "Estates funding",
    ]
    assert draft.flags[0]["case"] == case["id"]
    assert draft.publish_requested_at is not None and draft.published_by == chair
    # While it is being published, nothing more can be changed.
    page = client.get(url("report-detail", system, draft.pk)).content.decode()
    assert "Publishing" in page and "Your commentary and flags" not in page


@pytest.mark.parametrize("role", all_but(Role.CHAIR))
def test_only_the_chair_publishes(system, make_report, role, client_for):
    draft = make_report(system, ReportStatus.DRAFT)
    client = client_for(role)
    page = client.get(url("report-detail", system, draft.pk))
    assert b"before publishing" not in page.content
    response = client.post(url("report-detail", system, draft.pk), {"publish": "1"})
    assert response.status_code in (403, 404)
    assert client.post(url("report-publish", system, draft.pk)).status_code in (403, 404)
    with unscoped():
        draft.refresh_from_db()
    assert draft.publish_requested_at is None


def test_a_published_report_offers_a_correction_not_a_form(
    client, system, office, chair, make_report
):
    published = make_report(system, ReportStatus.PUBLISHED)
    client.force_login(chair)
    page = client.get(url("report-detail", system, published.pk)).content.decode()
    assert "Your commentary and flags" not in page
    assert published.sha256 in page
    client.force_login(office)
    page = client.get(url("report-detail", system, published.pk)).content.decode()
    assert "Prepare a correction (version 2)" in page


def test_a_failed_build_shows_its_error_and_a_retry(client, system, office, make_report):
    failed = make_report(system, ReportStatus.FAILED, error="RuntimeError: no finance year")
    client.force_login(office)
    page = client.get(url("report-detail", system, failed.pk)).content.decode()
    assert "The build failed" in page and "RuntimeError: no finance year" in page
    assert "Retry the build" in page
    response = client.post(url("report-rebuild", system, failed.pk))
    assert response.status_code == 302
    with unscoped():
        failed.refresh_from_db()
    assert (failed.status, failed.error) == (ReportStatus.QUEUED, "")


def test_progress_is_polled_until_the_state_changes(client, system, office, make_report):
    queued = make_report(system, ReportStatus.QUEUED)
    client.force_login(office)
    page = client.get(url("report-detail", system, queued.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    status_url = url("report-status", system, queued.pk)
    unchanged = client.get(status_url, {"was": "queued"})
    assert "HX-Refresh" not in unchanged
    with unscoped():
        MonthlyReport.objects.filter(pk=queued.pk).update(status=ReportStatus.GENERATING)
    changed = client.get(status_url, {"was": "queued"})
    assert changed["HX-Refresh"] == "true"


@pytest.mark.parametrize("count", [2, 12])
def test_list_queries_do_not_grow_with_reports(
    client, system, office, make_report, count, django_assert_num_queries
):
    for n in range(count):
        make_report(system, ReportStatus.PUBLISHED, month=date(2018 + n // 12, n % 12 + 1, 1))
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 the reports with who published them, 6 the
    # header's system switcher, 7-9 savepoint, session update (the system is remembered),
    # release.
    with django_assert_num_queries(9):
        response = client.get(url("report-list", system))
    assert response.status_code == 200
