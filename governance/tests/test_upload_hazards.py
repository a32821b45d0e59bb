"""Files that look like a paper but would harm whoever handles them: a zip that expands to far
more than it weighs, one with thousands of parts, a "PDF" that only starts like one or is
encrypted, and Office or OpenDocument files carrying macros. Each is refused with its reason
next to the file field, and nothing is stored."""

import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import Paper
from governance.tests.paper_files import (
    crowded_docx,
    encrypted_pdf,
    expanding_zip,
    odt_with_macros,
    ooxml_with_macros,
    pdf_with_text,
    upload,
)
from governance.uploads import ZIP_MAX_BYTES, ZIP_MAX_MEMBERS, checked_upload
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db

ODT = b"application/vnd.oasis.opendocument.text"
MB = 1024 * 1024


@pytest.fixture
def item(system, in_scope):
    meeting = f.MeetingFactory(committee__system=system)
    return mf.AgendaItemFactory(meeting=meeting, number=1, title="Business case")


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        checked_upload(upload(name, data))
    return " ".join(refused.value.message_dict["file"])


def test_a_zip_that_would_expand_past_the_limit_is_refused_unopened():
    bomb = expanding_zip("mimetype", ZIP_MAX_BYTES + MB, ODT)
    assert len(bomb) < MB  # small on disk
    tracemalloc.start()
    try:
        message = _refusal("paper.odt", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "more than 50 MB" in message
    assert peak < 5 * MB


def test_a_zip_with_too_many_parts_is_refused():
    crowded = crowded_docx(ZIP_MAX_MEMBERS + 1)
    assert "more than 10,000 parts" in _refusal("paper.docx", crowded)
    assert checked_upload(upload("paper.docx", crowded_docx(50)))[1].label == "Word"


def test_a_crowded_zip_is_refused_before_its_directory_is_read():
    # Reading the directory makes an object per part: 2 MB of zip would take over 10 MB.
    crowded = crowded_docx(2 * ZIP_MAX_MEMBERS)
    tracemalloc.start()
    try:
        message = _refusal("paper.docx", crowded)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "parts inside" in message
    assert peak < MB


def test_an_odt_mimetype_is_read_a_few_bytes_at_most():
    # Under the archive limit, but the member is still 40 MB expanded: only its start is read.
    large = expanding_zip("mimetype", 40 * MB, ODT, **{"content.xml": b"<x/>"})
    tracemalloc.start()
    try:
        checked_upload(upload("paper.odt", large))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * MB


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    assert "not a PDF that can be opened" in _refusal("paper.pdf", b"%PDF-1.7\n" + b"junk " * 99)
    assert "not a PDF that can be opened" in _refusal("paper.pdf", pdf_with_text("cut")[:400])


def test_an_encrypted_pdf_is_refused():
    assert "encrypted" in _refusal("paper.pdf", encrypted_pdf())


@pytest.mark.parametrize(
    ("name", "folder"), [("paper.docx", "word"), ("figures.xlsx", "xl"), ("deck.pptx", "ppt")]
)
def test_an_office_file_with_macros_is_refused(name, folder):
    assert "macros" in _refusal(name, ooxml_with_macros(folder))


def test_an_opendocument_with_macros_is_refused():
    assert "macros" in _refusal("paper.odt", odt_with_macros())


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("paper.pdf", encrypted_pdf, "encrypted"),
        ("paper.pdf", lambda: b"%PDF-1.4 not really", "not a PDF that can be opened"),
        ("paper.docx", ooxml_with_macros, "macros"),
        ("paper.docx", lambda: crowded_docx(ZIP_MAX_MEMBERS + 1), "parts inside"),
    ],
)
def test_each_refusal_is_shown_next_to_the_file_field(
    name, make, message, client, office, system, item
):
    client.force_login(office)
    response = client.post(
        reverse("governance:paper-create", args=[system.slug, item.pk]),
        {"title": "Paper", "file": upload(name, make())},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Paper.objects.exists()
