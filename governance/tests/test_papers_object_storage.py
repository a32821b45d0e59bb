"""Papers and packs in S3-compatible object storage: moto's S3 server on 127.0.0.1. The upload
lands in the bucket under a name carrying its hash; the download streams the same bytes after the
access check; bytes changed in the bucket are refused."""

import hashlib

import pytest
from django.urls import reverse

from governance.models import Paper
from governance.tests.paper_files import pdf_with_text, upload
from tests import factories as f
from tests import meeting_factories as mf
from tests import object_storage

pytestmark = pytest.mark.django_db
BUCKET = "tracker-papers"


@pytest.fixture(scope="module")
def s3_server():
    with object_storage.s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_server, settings):
    client = object_storage.make_bucket(s3_server, BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage.storage_settings(s3_server, BUCKET),
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_paper_goes_to_the_bucket_and_comes_back_checked(
    bucket, client, office, system, in_scope
):
    item = mf.AgendaItemFactory(meeting=f.MeetingFactory(committee__system=system), number=1)
    data = pdf_with_text("IN THE BUCKET")
    client.force_login(office)
    response = client.post(
        reverse("governance:paper-create", args=[system.slug, item.pk]),
        {"title": "Plan", "file": upload("plan.pdf", data, "application/pdf")},
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [paper.file.name] and hashlib.sha256(data).hexdigest() in keys[0]
    url = reverse("governance:paper-download", args=[system.slug, paper.pk])
    download = client.get(url)
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].startswith("attachment")
    bucket.put_object(Bucket=BUCKET, Key=paper.file.name, Body=pdf_with_text("SWAPPED"))
    assert client.get(url).status_code == 409
