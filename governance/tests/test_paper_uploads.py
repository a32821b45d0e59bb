"""Uploading a paper: only the allowed kinds, checked from their bytes, within the size limit;
each refusal says why next to the file field and stores nothing."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from core.scoping import scope
from governance import services_papers
from governance.models import Paper
from governance.tests.paper_files import REFUSED, docx, odt, pdf_with_text, upload
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(system, in_scope):
    meeting = f.MeetingFactory(committee__system=system)
    return mf.AgendaItemFactory(meeting=meeting, number=1, title="Business case")


def _walk(storage, folder):
    directories, files = storage.listdir(folder)
    names = {f"{folder}{name}" for name in files}
    for sub in directories:
        names |= _walk(storage, f"{folder}{sub}/")
    return names


@pytest.mark.parametrize("kind", REFUSED)
def test_a_refused_file_gets_a_message_on_its_field_and_nothing_is_saved(
    kind, client, office, system, item
):
    name, data, claimed, message = REFUSED[kind]
    client.force_login(office)
    before = _walk(default_storage, "")
    response = client.post(
        reverse("governance:paper-create", args=[system.slug, item.pk]),
        {"title": "Paper", "file": upload(name, data, claimed)},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert not Paper.objects.exists()
    assert _walk(default_storage, "") == before


def test_a_file_over_the_size_limit_is_refused_with_the_limit(
    client, office, system, item, settings
):
    settings.PAPER_MAX_MB = 1
    client.force_login(office)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = client.post(
        reverse("governance:paper-create", args=[system.slug, item.pk]),
        {"title": "Paper", "file": upload("big.pdf", big, "application/pdf")},
    )
    assert "larger than 1 MB" in response.context["form"].errors["file"][0]
    assert not Paper.objects.exists()


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("paper.pdf", lambda: pdf_with_text("Hello"), "application/pdf"),
        (
            "paper.docx",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("paper.odt", odt, "application/vnd.oasis.opendocument.text"),
        ("figures.csv", lambda: b"organisation,amount\nTrust,12\n", "text/csv; charset=utf-8"),
        ("notes.txt", lambda: "Plain notes, £ and all.".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_an_allowed_file_is_stored_under_its_hash_with_its_checked_type(
    name, make, content_type, client, office, system, item
):
    data = make()
    client.force_login(office)
    response = client.post(
        reverse("governance:paper-create", args=[system.slug, item.pk]),
        # The browser's claimed type is not what is recorded.
        {"title": "Business case", "file": upload(name, data, "text/html"), "confidential": "on"},
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    digest = hashlib.sha256(data).hexdigest()
    assert (paper.sha256, paper.size, paper.filename) == (digest, len(data), name)
    assert paper.content_type == content_type
    assert digest in paper.file.name
    assert paper.file.name.startswith(f"papers/{system.pk}/{item.meeting_id}/")
    assert default_storage.open(paper.file.name).read() == data
    assert paper.uploaded_by == office and paper.confidential


def test_a_new_version_keeps_the_old_one_labelled_superseded(client, office, system, item):
    with scope([system]):
        first = services_papers.paper_add(
            actor=office, item=item, title="Plan", file=upload("plan.pdf", pdf_with_text("v1"))
        )
    client.force_login(office)
    response = client.post(
        reverse("governance:paper-replace", args=[system.slug, first.pk]),
        {"file": upload("plan-v2.pdf", pdf_with_text("v2")), "reason": "Figures updated"},
    )
    assert response.status_code == 302
    second = Paper.objects.get(replaces=first)
    assert (second.version, second.title, str(second)) == (2, "Plan", "Plan (version 2)")
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    page = client.get(reverse("governance:meeting-detail", args=[system.slug, item.meeting_id]))
    assert "Superseded" in page.content.decode()
    refused = client.post(
        reverse("governance:paper-replace", args=[system.slug, first.pk]),
        {"file": upload("plan-v3.pdf", pdf_with_text("v3"))},
    )
    assert "current version" in refused.context["form"].errors["file"][0]


def test_a_paper_is_withdrawn_with_its_reason_and_kept(client, office, system, item):
    paper = mf.PaperFactory(item=item, title="Old plan", uploaded_by=office)
    client.force_login(office)
    url = reverse("governance:paper-withdraw", args=[system.slug, paper.pk])
    assert "reason" in client.post(url, {"reason": ""}).context["form"].errors
    client.post(url, {"reason": "Sent in error"})
    paper.refresh_from_db()
    assert paper.withdrawn_reason == "Sent in error" and paper.withdrawn_on is not None
