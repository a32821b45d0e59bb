"""Report PDFs in S3-compatible object storage: moto's S3 server on 127.0.0.1, started here.

A report built and published writes its PDF to the bucket; the page's download and the API's
`.../pdf/` stream the same bytes (their hash is the report's) after the access check; another
system's user gets 404; bytes changed in the bucket are refused, not served.
"""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from core.roles import Role
from core.scoping import unscoped
from partners.models import Access
from reports import publishing, services
from reports.downloads import UNAVAILABLE
from reports.models import MonthlyReport, ReportStatus
from tests import factories, object_storage
from tests.pdf_reading import pdf_text

BUCKET = "tracker-reports"


@pytest.fixture(scope="module")
def s3_server():
    with object_storage.s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_server, settings):
    """A fresh private bucket, and the default storage pointed at it as STORAGE_BACKEND=s3
    would (config.settings.base)."""
    client = object_storage.make_bucket(s3_server, BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage.storage_settings(s3_server, BUCKET),
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.fixture
def published(bucket, system, office, chair, django_capture_on_commit_callbacks):
    """November's report, built and published through the services (Celery eager)."""
    with unscoped():
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        factories.MilestoneFactory(
            workstream=workstream,
            title="Single acute stroke unit open",
            baseline_on=date(2019, 10, 31),
            is_key=True,
        )
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.report_request(system=system, month=date(2019, 11, 1), actor=office)
        draft = MonthlyReport.objects.get(pk=draft.pk)
        assert draft.status == ReportStatus.DRAFT, draft.error
        draft_name = draft.pdf.name
        assert set(objects(bucket)) == {draft_name}
        publishing.report_update_chair(report=draft, actor=chair, commentary="On track.", flags=[])
        with django_capture_on_commit_callbacks(execute=True):
            publishing.report_publish(report=draft, actor=chair)
        return MonthlyReport.objects.select_related("system").get(pk=draft.pk)


def test_a_published_report_is_written_to_the_bucket_and_its_draft_removed(bucket, published):
    assert published.status == ReportStatus.PUBLISHED
    stored = objects(bucket)
    # Only the final PDF: the draft's file went once the row named the final one.
    assert list(stored) == [published.pdf.name]
    assert published.pdf.name.startswith(f"reports/{published.system_id}/2019-11-v1/final-")
    data = stored[published.pdf.name]
    assert hashlib.sha256(data).hexdigest() == published.sha256
    assert "On track." in pdf_text(data)


def test_the_page_and_the_api_stream_the_same_bytes(client, published, regulator):
    client.force_login(regulator)
    download = client.get(reverse("reports:report-pdf", args=[published.system.slug, published.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="alpha-2019-11-v1.pdf"'
    assert hashlib.sha256(download.getvalue()).hexdigest() == published.sha256

    client.logout()
    token = factories.api_token(regulator)
    served = client.get(
        f"/api/v1/reports/{published.pk}/pdf/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(served.getvalue()).hexdigest() == published.sha256
    assert served["X-Content-SHA256"] == published.sha256


@pytest.fixture
def stored(bucket, system, make_report):
    """A published report whose stand-in bytes were saved to the bucket with its row."""
    report = make_report(system, ReportStatus.PUBLISHED)
    assert list(objects(bucket)) == [report.pdf.name]
    return report


def test_another_systems_user_gets_404(client, stored, outsider, other_system):
    client.force_login(outsider)
    for slug in (stored.system.slug, other_system.slug):
        page = client.get(reverse("reports:report-pdf", args=[slug, stored.pk]))
        assert page.status_code == 404
    client.logout()
    outside_regulator = factories.UserFactory(username="outside.regulator")
    Access.objects.create(user=outside_regulator, system=other_system, role=Role.REGULATOR)
    token = factories.api_token(outside_regulator)
    served = client.get(f"/api/v1/reports/{stored.pk}/pdf/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert served.status_code == 404


def test_bytes_changed_in_the_bucket_are_refused(client, bucket, stored, regulator):
    client.force_login(regulator)
    url = reverse("reports:report-pdf", args=[stored.system.slug, stored.pk])
    assert client.get(url).status_code == 200
    bucket.put_object(Bucket=BUCKET, Key=stored.pdf.name, Body=b"%PDF-1.7 not the report")
    refused = client.get(url, follow=True)
    # Back on the report's page, saying why; no byte of the changed file is sent.
    assert refused.redirect_chain[0][0] == reverse(
        "reports:report-detail", args=[stored.system.slug, stored.pk]
    )
    assert UNAVAILABLE in refused.content.decode()
    assert b"not the report" not in refused.content
    client.logout()
    token = factories.api_token(regulator)
    served = client.get(f"/api/v1/reports/{stored.pk}/pdf/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert served.status_code == 409
    assert served.json() == {"detail": UNAVAILABLE}


def test_a_file_gone_from_the_bucket_is_a_409_not_a_500(client, bucket, stored, regulator):
    bucket.delete_object(Bucket=BUCKET, Key=stored.pdf.name)
    token = factories.api_token(regulator)
    served = client.get(f"/api/v1/reports/{stored.pk}/pdf/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert served.status_code == 409
    assert served.json() == {"detail": UNAVAILABLE}
