"""A paper or pack is served only through the access-checked view: as an attachment, never as
markup, and only while its bytes match the SHA-256 recorded."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from core.roles import Role
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(system, in_scope):
    return f.MeetingFactory(committee__system=system, held_on=datetime.date(2018, 3, 1))


@pytest.fixture
def paper(meeting, office):
    item = mf.AgendaItemFactory(meeting=meeting, number=1)
    return mf.PaperFactory(item=item, title="Finance report", uploaded_by=office)


def _download(client, system, paper):
    return client.get(reverse("governance:paper-download", args=[system.slug, paper.pk]))


def test_a_paper_is_served_as_an_attachment_with_its_stored_type(client, office, system, paper):
    client.force_login(office)
    response = _download(client, system, paper)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="paper.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == mf.PDF_BYTES


@pytest.mark.parametrize("recorded", ["text/html", "image/svg+xml; charset=utf-8"])
def test_markup_is_never_the_type_served(client, office, system, paper, recorded):
    type(paper).objects.filter(pk=paper.pk).update(content_type=recorded)
    client.force_login(office)
    response = _download(client, system, paper)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_tampered_file_is_refused(client, office, system, paper):
    name = paper.file.name
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-1.4 something else"))
    client.force_login(office)
    response = _download(client, system, paper)
    assert response.status_code == 409
    assert "not the one recorded" in response.content.decode()
    assert response.get("Content-Disposition") is None


def test_a_missing_file_is_refused(client, office, system, paper):
    default_storage.delete(paper.file.name)
    client.force_login(office)
    assert _download(client, system, paper).status_code == 409


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REGULATOR, Role.PARTNER_LEAD])
def test_a_confidential_paper_is_not_found_for_a_reader_who_is_not_privileged(
    client_for, system, paper, role
):
    type(paper).objects.filter(pk=paper.pk).update(confidential=True)
    assert _download(client_for(role), system, paper).status_code == 404


def test_a_member_on_the_meeting_date_may_download_a_confidential_paper(
    client, chair, system, meeting, paper
):
    type(paper).objects.filter(pk=paper.pk).update(confidential=True)
    person = f.PersonFactory(system=system, user=chair)
    f.MembershipFactory(committee=meeting.committee, person=person)
    client.force_login(chair)
    assert _download(client, system, paper).status_code == 200


def test_another_systems_paper_is_not_found(client, outsider, system, other_system, paper):
    client.force_login(outsider)
    assert _download(client, system, paper).status_code == 404
    response = client.get(reverse("governance:paper-download", args=[other_system.slug, paper.pk]))
    assert response.status_code == 404


def test_the_full_pack_is_confidential_and_the_public_one_is_not(
    client_for, system, meeting, office
):
    public = mf.ReadyPackFactory(meeting=meeting, part="public", requested_by=office)
    full = mf.ReadyPackFactory(meeting=meeting, part="full", requested_by=office)
    chair = client_for(Role.CHAIR)
    url = "governance:pack-download"
    response = chair.get(reverse(url, args=[system.slug, public.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert chair.get(reverse(url, args=[system.slug, full.pk])).status_code == 404
    office_client = client_for(Role.PROGRAMME_OFFICE)
    assert office_client.get(reverse(url, args=[system.slug, full.pk])).status_code == 200
