"""Pages for every role: sign-in required, own system visible, another system's pages 404."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from governance import services
from partners.scoping import scope
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["office", "lead", "chair", "regulator"]


@pytest.fixture
def records(system, other_system, office, organisation):
    ours = factories.CommitteeFactory(system=system, name="Integrated Commissioning Group")
    theirs = factories.CommitteeFactory(system=other_system, name="Joint Committee")
    return {
        "committee": ours,
        "meeting": factories.MeetingFactory(committee=ours, held_on=date(2018, 2, 1)),
        "agreement": factories.AgreementFactory(system=system, title="Alpha MoU"),
        "their_committee": theirs,
        "their_meeting": factories.MeetingFactory(committee=theirs),
        "their_agreement": factories.AgreementFactory(system=other_system, title="Beta MoU"),
    }


def page_urls(records, system_slug, prefix=""):
    return [
        f"/systems/{system_slug}/",
        f"/governance/systems/{system_slug}/committees/",
        f"/governance/systems/{system_slug}/agreements/",
        f"/governance/committees/{records[prefix + 'committee'].pk}/",
        f"/governance/meetings/{records[prefix + 'meeting'].pk}/",
        f"/governance/agreements/{records[prefix + 'agreement'].pk}/",
    ]


def test_every_page_requires_sign_in(client, records, system):
    for url in ["/", *page_urls(records, system.slug)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_systems_pages(request, client, role, records, system):
    client.force_login(request.getfixturevalue(role))
    home = client.get("/")
    assert system.name in home.content.decode()
    assert "Beta ICS" not in home.content.decode()
    for url in page_urls(records, system.slug):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_another_systems_pages_are_not_found(request, client, role, records, other_system):
    client.force_login(request.getfixturevalue(role))
    for url in page_urls(records, other_system.slug, prefix="their_"):
        assert client.get(url).status_code == 404, url


def test_meeting_page_shows_the_quorum_outcome(client, office, system, organisation, records):
    committee = records["committee"]
    with scope([system]):
        services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2017, 4, 1),
            requirements={organisation: 2},
        )
        member = factories.PersonFactory(system=system, organisation=organisation)
        services.membership_add(actor=office, committee=committee, person=member)
        services.attendance_record(
            actor=office, meeting=records["meeting"], person=member, status="present"
        )
    client.force_login(office)
    page = client.get(f"/governance/meetings/{records['meeting'].pk}/").content.decode()
    assert "Not quorate" in page
    assert "1 present, 2 needed" in page


def test_agreement_past_expiry_shows_as_expired(client, office, system):
    agreement = factories.AgreementFactory(
        system=system, title="Expired MoU", status="in_effect", expires_on=date(2021, 3, 31)
    )
    client.force_login(office)
    page = client.get(f"/governance/agreements/{agreement.pk}/").content.decode()
    assert "Expired" in page


def test_sign_in_and_out(client, office):
    response = client.post("/login/", {"username": "alice", "password": "password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_says_so(client, office):
    response = client.post("/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_admin_lists_only_the_staff_members_systems(client, office, records):
    office.is_staff = True
    office.save()
    office.user_permissions.set(Permission.objects.filter(content_type__app_label="governance"))
    client.force_login(office)
    page = client.get("/admin/governance/committee/").content.decode()
    assert "Integrated Commissioning Group" in page
    assert "Joint Committee" not in page
    their = records["their_committee"].pk
    assert client.get(f"/admin/governance/committee/{their}/change/").status_code in (302, 404)


def test_admin_offers_only_the_staff_members_systems(client, office, records):
    office.is_staff = True
    office.save()
    office.user_permissions.set(Permission.objects.filter(content_type__app_label="governance"))
    client.force_login(office)
    page = client.get("/admin/governance/committee/add/").content.decode()
    assert "Alpha STP" in page
    assert "Beta ICS" not in page
