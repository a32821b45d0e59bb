"""The public pages show what the system chose to publish, to anyone, without signing in."""

import pytest
from django.urls import reverse

from public.tests.conftest import NEVER

pytestmark = pytest.mark.django_db


def url(name, system, *args):
    return reverse(f"public:{name}", args=[system.slug, *args])


def test_the_home_page_links_to_each_published_section(client, published):
    response = client.get(url("home", published.system))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("committee-list", "meeting-list", "minutes-list", "interest-list", "report-list"):
        assert url(name, published.system) in body
    assert "<title>How Alpha is governed - Alpha STP</title>" in body
    assert '<meta name="description" content="What Alpha STP publishes' in body
    assert "Sign out" not in body and "login" not in body


def test_committees_show_current_members_planned_posts_and_stood_down_ones(client, published):
    body = client.get(url("committee-list", published.system)).content.decode()
    assert "Partnership Board" in body and "Dana Chair" in body
    assert "Alpha Hospital NHS Trust" in body
    assert "Planned post" in body and "Clinical lead" in body
    assert "Lee Left" not in body  # left before today
    assert "Old Steering Group" in body and "Stood down" in body


def test_meetings_list_held_and_scheduled_but_not_cancelled_ones(client, published):
    body = client.get(url("meeting-list", published.system)).content.decode()
    assert url("meeting-detail", published.system, published.meeting.pk) in body
    assert url("meeting-detail", published.system, published.later.pk) in body
    assert url("meeting-detail", published.system, published.cancelled.pk) not in body
    assert "1 Apr 2018" not in body
    cancelled = client.get(url("meeting-detail", published.system, published.cancelled.pk))
    assert cancelled.status_code == 404


def test_a_meeting_shows_its_public_items_and_current_public_papers_only(client, published):
    response = client.get(url("meeting-detail", published.system, published.meeting.pk))
    body = response.content.decode()
    assert "Diabetes programme" in body
    assert url("paper-download", published.system, published.public.pk) in body
    assert url("paper-download", published.system, published.current.pk) in body
    assert "Discharge paper (version 2)" in body
    assert "(PDF, " in body  # what kind of file a reader downloads, as well as its size
    for key in (
        "confidential_item",
        "confidential_item_paper",
        "confidential_paper",
        "withdrawn_paper",
        "old_version",
        "withdrawn_item",
    ):
        assert NEVER[key] not in body, key
    assert url("minutes-detail", published.system, published.meeting.pk) in body


def test_approved_minutes_show_the_public_items_entries_only(client, published):
    response = client.get(url("minutes-detail", published.system, published.meeting.pk))
    body = response.content.decode()
    assert "Investment agreed." in body
    assert NEVER["confidential_entry"] not in body
    assert NEVER["confidential_item"] not in body
    assert "Approved at the meeting of 1 March 2018" in body


def test_draft_minutes_are_not_published(client, published):
    response = client.get(url("minutes-detail", published.system, published.later.pk))
    assert response.status_code == 404
    listing = client.get(url("minutes-list", published.system)).content.decode()
    assert NEVER["draft_entry"] not in listing
    assert url("minutes-detail", published.system, published.later.pk) not in listing
    assert url("minutes-detail", published.system, published.meeting.pk) in listing


def test_the_register_lists_current_interests_only(client, published):
    body = client.get(url("interest-list", published.system)).content.decode()
    assert "Current Interest Ltd" in body and "Dana Chair" in body
    assert NEVER["withdrawn_interest"] not in body
    assert NEVER["ended_interest"] not in body


def test_reports_list_published_ones_and_their_pdf_downloads(client, published):
    body = client.get(url("report-list", published.system)).content.decode()
    assert url("report-pdf", published.system, published.report.pk) in body
    assert url("report-pdf", published.system, published.draft_report.pk) not in body
    response = client.get(url("report-pdf", published.system, published.report.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-SHA256"] == published.report.sha256


def test_a_public_paper_downloads_as_an_attachment_that_no_browser_sniffs(client, published):
    response = client.get(url("paper-download", published.system, published.public.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Content-SHA256"] == published.public.sha256
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_paper_whose_stored_bytes_changed_is_not_served(client, published):
    from public.tests.conftest import tampered

    tampered(published.public)
    response = client.get(url("paper-download", published.system, published.public.pk))
    assert response.status_code == 503
    assert b"<html>" not in response.content
