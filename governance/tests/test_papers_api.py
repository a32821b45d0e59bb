"""The agenda-items and papers endpoints: confidential rows only for those the confidential rule
allows, and a paper's file never inlined (a link to the access-checked download)."""

import datetime

import pytest
from django.urls import reverse

from core.roles import Role
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(system, office, in_scope):
    meeting = f.MeetingFactory(committee__system=system, held_on=datetime.date(2018, 3, 1))
    public = mf.AgendaItemFactory(meeting=meeting, number=1, title="Public item")
    private = mf.AgendaItemFactory(meeting=meeting, number=2, title="Estates", confidential=True)
    papers = {
        "open": mf.PaperFactory(item=public, title="Open paper", uploaded_by=office),
        "marked": mf.PaperFactory(
            item=public, title="Marked paper", confidential=True, uploaded_by=office
        ),
        "of private item": mf.PaperFactory(item=private, title="Estates", uploaded_by=office),
    }
    return meeting, public, private, papers


@pytest.mark.parametrize(
    ("role", "sees_part_b"),
    [
        (Role.PROGRAMME_OFFICE, True),
        (Role.CHAIR, False),
        (Role.REGULATOR, False),
        (Role.PARTNER_LEAD, False),
    ],
)
def test_confidential_rows_only_for_those_the_rule_allows(api, agenda, role, sees_part_b):
    _, public, private, papers = agenda
    items = {row["id"] for row in api("/api/v1/agenda-items/", role).json()["results"]}
    assert items == ({public.pk, private.pk} if sees_part_b else {public.pk})
    listed = {row["id"] for row in api("/api/v1/papers/", role).json()["results"]}
    expected = {p.pk for p in papers.values()} if sees_part_b else {papers["open"].pk}
    assert listed == expected
    status = api(f"/api/v1/papers/{papers['marked'].pk}/", role).status_code
    assert status == (200 if sees_part_b else 404)
    status = api(f"/api/v1/agenda-items/{private.pk}/", role).status_code
    assert status == (200 if sees_part_b else 404)


def test_a_member_sees_the_confidential_rows(api, agenda, chair, system):
    meeting, _, private, _ = agenda
    person = f.PersonFactory(system=system, user=chair)
    f.MembershipFactory(committee=meeting.committee, person=person)
    assert api(f"/api/v1/agenda-items/{private.pk}/", Role.CHAIR).status_code == 200


def test_a_paper_gives_its_download_link_not_its_file(api, agenda, system):
    paper = agenda[3]["open"]
    row = api(f"/api/v1/papers/{paper.pk}/").json()
    assert row["download_url"].endswith(f"/s/{system.slug}/papers/{paper.pk}/download/")
    assert row["sha256"] == paper.sha256
    assert "file" not in row


def test_each_listed_paper_gives_its_own_download_link(api, agenda, system):
    """The list reverses the address once (core.addresses.RowAddresses); every row's is still
    the one Django reverses for that paper, absolute, under the paper's own system."""
    _, _, _, papers = agenda
    rows = api("/api/v1/papers/", Role.PROGRAMME_OFFICE).json()["results"]
    expected = {
        p.pk: "http://testserver" + reverse("governance:paper-download", args=[system.slug, p.pk])
        for p in papers.values()
    }
    assert {row["id"]: row["download_url"] for row in rows} == expected
