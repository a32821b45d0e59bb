"""A pack built before a paper or item it shows was made confidential, withdrawn or replaced is
no longer true: the change marks it out of date (with the reason, in its history), and it is no
longer served to anyone who does not see part B, the public pack included. Those who see part B
still have it, labelled, and the programme office is offered to build the pack again."""

import datetime

import pytest
from django.urls import reverse

from core.roles import Role
from governance import packs, services_packs, services_papers
from governance.models import Pack
from governance.tests.paper_files import upload
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db

WITHOUT_PART_B = [Role.PARTNER_LEAD, Role.CHAIR, Role.REGULATOR]


@pytest.fixture
def meeting(system, in_scope):
    return f.MeetingFactory(committee__system=system, held_on=datetime.date(2018, 3, 1))


@pytest.fixture
def item(meeting):
    return mf.AgendaItemFactory(meeting=meeting, number=1, title="Business case")


@pytest.fixture
def paper(item, office):
    return mf.PaperFactory(item=item, title="Estates plan", uploaded_by=office)


@pytest.fixture
def built(meeting, paper, office):
    """Version 1 of both packs, built while the paper was public and current."""
    return {
        part: mf.ReadyPackFactory(meeting=meeting, part=part, version=1, requested_by=office)
        for part in ("public", "full")
    }


def _download(client, system, pack):
    return client.get(reverse("governance:pack-download", args=[system.slug, pack.pk]))


def _page(client, system, meeting) -> str:
    return client.get(
        reverse("governance:meeting-detail", args=[system.slug, meeting.pk])
    ).content.decode()


CHANGES = {
    "paper made confidential": lambda office, item, paper: services_papers.paper_update(
        actor=office, paper=paper, confidential=True, reason="Commercial"
    ),
    "paper withdrawn": lambda office, item, paper: services_papers.paper_withdraw(
        actor=office, paper=paper, reason="Sent in error"
    ),
    "paper replaced": lambda office, item, paper: services_papers.paper_replace(
        actor=office, paper=paper, file=upload("plan.pdf", mf.PDF_BYTES)
    ),
    "item made confidential": lambda office, item, paper: services_papers.item_update(
        actor=office, item=item, confidential=True, reason="Commercial"
    ),
    "item withdrawn": lambda office, item, paper: services_papers.item_withdraw(
        actor=office, item=item, reason="Deferred"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_the_public_pack_shows_withholds_it_from_all_without_part_b(
    change, client, client_for, office, system, meeting, item, paper, built
):
    for role in WITHOUT_PART_B:
        assert _download(client_for(role), system, built["public"]).status_code == 200
    CHANGES[change](office, item, paper)
    for part, pack in built.items():
        pack.refresh_from_db()
        assert pack.outdated_at is not None, part
        assert pack.history.first().history_change_reason.startswith("Out of date: ")
        assert pack.history.first().history_user == office
    for role in WITHOUT_PART_B:
        reader = client_for(role)
        assert _download(reader, system, built["public"]).status_code == 404
        assert "pack, version 1" not in _page(reader, system, meeting)
    office_client = client_for(Role.PROGRAMME_OFFICE)
    for pack in built.values():  # kept for those who see part B, labelled
        assert _download(office_client, system, pack).status_code == 200
    html = _page(office_client, system, meeting)
    assert html.count(">Out of date<") == 2
    assert "The pack is out of date: " in html and "Build the pack again" in html


def test_a_change_to_part_b_alone_outdates_the_full_pack_only(
    client_for, office, system, meeting, item, built
):
    secret = mf.PaperFactory(item=item, title="Valuation", confidential=True, uploaded_by=office)
    services_papers.paper_withdraw(actor=office, paper=secret, reason="Superseded by a report")
    built["public"].refresh_from_db()
    built["full"].refresh_from_db()
    assert built["public"].outdated_at is None and built["full"].outdated_at is not None
    reader = client_for(Role.PARTNER_LEAD)
    assert _download(reader, system, built["public"]).status_code == 200
    office_client = client_for(Role.PROGRAMME_OFFICE)
    assert "valuation was withdrawn" in _page(office_client, system, meeting).lower()


def test_changes_that_leave_the_pack_true_do_not_outdate_it(office, meeting, item, paper, built):
    services_papers.paper_update(actor=office, paper=paper, confidential=False, reason="Check")
    services_papers.item_update(actor=office, item=item, title="Business case (revised)")
    services_papers.paper_add(
        actor=office, item=item, title="Annex", file=upload("annex.pdf", mf.PDF_BYTES)
    )
    assert not Pack.objects.filter(outdated_at__isnull=False).exists()


def test_a_rebuild_after_the_change_is_served_again(
    client_for, office, system, meeting, item, paper, built, django_capture_on_commit_callbacks
):
    services_papers.paper_update(actor=office, paper=paper, confidential=True, reason="Commercial")
    office_client = client_for(Role.PROGRAMME_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(reverse("governance:pack-build", args=[system.slug, meeting.pk]))
    public = Pack.objects.get(meeting=meeting, part="public", version=2)
    assert public.status == "ready" and public.outdated_at is None
    reader = client_for(Role.REGULATOR)
    assert _download(reader, system, public).status_code == 200
    html = _page(office_client, system, meeting)
    assert "The pack is out of date" not in html and "Build the pack again" not in html


def test_a_change_while_the_pack_builds_outdates_what_it_builds(
    office, meeting, item, paper, monkeypatch, django_capture_on_commit_callbacks
):
    """The build read the paper as public; the change lands before it finishes."""

    def build_pdf(pack):
        services_papers.paper_update(actor=office, paper=paper, confidential=True, reason="Late")
        return mf.PDF_BYTES, 1

    monkeypatch.setattr(packs, "build_pdf", build_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        services_packs.pack_request(actor=office, meeting=meeting)
    public = Pack.objects.get(meeting=meeting, part="public")
    assert public.status == "ready" and public.outdated_at is not None
