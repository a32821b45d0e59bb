"""The pack: built by the Celery task (eager in tests) as one PDF per part, a cover and the
agenda, then the PDF papers in agenda order, "Page n of N" on every page; each build a new
version, the earlier ones kept."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.files import open_checked
from governance import services_packs, services_papers
from governance.models import Pack
from governance.tests.paper_files import pdf_with_text, upload
from tests import factories as f
from tests import meeting_factories as mf
from tests.pdf_reading import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(system, office, in_scope):
    committee = f.CommitteeFactory(system=system, name="Joint Committee", pack_days_before=7)
    meeting = f.MeetingFactory(
        committee=committee, held_on=datetime.date(2018, 3, 1), location="Room 4"
    )
    second = mf.AgendaItemFactory(meeting=meeting, number=2, title="Finance report")
    first = mf.AgendaItemFactory(meeting=meeting, number=1, title="Business case")
    private = mf.AgendaItemFactory(meeting=meeting, number=3, title="Estates", confidential=True)
    for item, text in ((second, "FINANCE PAPER"), (first, "BUSINESS PAPER"), (private, "SECRET")):
        services_papers.paper_add(
            actor=office, item=item, title=text.title(), file=upload("p.pdf", pdf_with_text(text))
        )
    services_papers.paper_add(
        actor=office, item=first, title="Figures", file=upload("figures.csv", b"a,b\n1,2\n")
    )
    return meeting


def _pdf(pack: Pack) -> list[str]:
    with open_checked(pack.pdf.storage, pack.pdf.name, pack.sha256) as stored:
        return pdf_pages(stored.read())


def _build(client, office, system, meeting, capture) -> dict[str, Pack]:
    client.force_login(office)
    with capture(execute=True):
        response = client.post(reverse("governance:pack-build", args=[system.slug, meeting.pk]))
    assert response.status_code == 302
    latest = Pack.objects.filter(meeting=meeting).order_by("-version").first().version
    return {p.part: p for p in Pack.objects.filter(meeting=meeting, version=latest)}


def test_the_full_pack_has_a_cover_the_agenda_and_the_papers_in_order_numbered(
    client, office, system, meeting, django_capture_on_commit_callbacks
):
    full = _build(client, office, system, meeting, django_capture_on_commit_callbacks)["full"]
    assert full.status == "ready" and full.task_id
    pages = _pdf(full)
    assert full.pages == len(pages) >= 5
    assert "Parts A and B: confidential" in pages[0] and "Joint Committee" in pages[0]
    agenda = " ".join(pages[:2])
    assert "Figures: figures.csv, circulated separately" in agenda
    papers = [p for p in pages if "PAPER" in p or "SECRET" in p]
    assert ["BUSINESS" in papers[0], "FINANCE" in papers[1], "SECRET" in papers[2]] == [True] * 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_the_public_pack_leaves_part_b_out(
    client, office, system, meeting, django_capture_on_commit_callbacks
):
    public = _build(client, office, system, meeting, django_capture_on_commit_callbacks)["public"]
    text = " ".join(_pdf(public))
    assert "Part A public" in text
    assert "SECRET" not in text and "Estates" not in text
    assert "BUSINESS PAPER" in text


def test_a_rebuild_is_a_new_version_and_the_earlier_one_is_kept(
    client, office, system, meeting, django_capture_on_commit_callbacks
):
    first = _build(client, office, system, meeting, django_capture_on_commit_callbacks)["full"]
    item = meeting.agenda_items.get(number=2)
    paper = item.papers.get()
    services_papers.paper_replace(
        actor=office, paper=paper, file=upload("p2.pdf", pdf_with_text("REVISED FINANCE"))
    )
    second = _build(client, office, system, meeting, django_capture_on_commit_callbacks)["full"]
    assert second.version == first.version + 1
    assert "REVISED FINANCE" in " ".join(_pdf(second))
    assert "REVISED FINANCE" not in " ".join(_pdf(first))  # kept as it was
    page = client.get(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    assert page.content.decode().count("Superseded") >= 2  # the old pack and the old paper


def test_a_stale_message_does_not_build(meeting, office):
    public, _ = services_packs.pack_request(actor=office, meeting=meeting)
    public.refresh_from_db()
    assert services_packs.pack_build(public.pk, task_id="someone-else") is None


def test_a_tampered_paper_fails_the_build_with_its_reason(
    client, office, system, meeting, django_capture_on_commit_callbacks
):
    paper = meeting.agenda_items.get(number=1).papers.get(title="Business Paper")
    storage = paper.file.storage
    storage.delete(paper.file.name)
    storage.save(paper.file.name, ContentFile(pdf_with_text("FORGED")))
    full = _build(client, office, system, meeting, django_capture_on_commit_callbacks)["full"]
    assert full.status == "failed" and "SHA-256" in full.failure


def test_papers_after_the_due_date_are_labelled_late(client, office, system, meeting):
    paper = meeting.agenda_items.get(number=1).papers.get(title="Figures")
    on_time = datetime.datetime(2018, 2, 22, 23, tzinfo=datetime.UTC)  # the day they are due
    type(paper).objects.filter(item__meeting=meeting).update(uploaded_at=on_time)
    type(paper).objects.filter(pk=paper.pk).update(
        uploaded_at=datetime.datetime(2018, 2, 25, 10, tzinfo=datetime.UTC)
    )
    client.force_login(office)
    page = client.get(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    html = page.content.decode()
    assert "Papers due by <strong>22 February 2018</strong>" in html
    assert html.count(">Late<") == 1
