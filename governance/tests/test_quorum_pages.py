"""The quorum on the pages: the meeting's panel part by part, a deputy recorded with the chair's
agreement, the committee's explanation of its rule, and a new version of the terms with the
new kinds of rule."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.scoping import scope
from governance import services
from governance.models import Attendance, TermsOfReference
from governance.rules import DeputyRule
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pag(system, office, organisation, partner):
    """Each of two partners present; other deputies only with the chair's agreement (001)."""
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
        services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2017, 1, 1),
            deputies=DeputyRule.CHAIR_AGREEMENT,
            requirements={organisation: 1, partner: 1},
            quorum_text="Each partner present.",
        )
        members = [
            services.membership_add(
                actor=office,
                committee=committee,
                person=factories.PersonFactory(system=system, organisation=org),
                role_on_board="SRO Our People",
            )
            for org in (organisation, partner)
        ]
        meeting = services.meeting_create(
            actor=office, committee=committee, held_on=date(2018, 2, 1), status="held"
        )
    return committee, members, meeting


def test_the_meeting_page_says_part_by_part_why(client, office, system, organisation, pag):
    _, (ours, _), meeting = pag
    with scope([system]):
        services.attendance_record(
            actor=office, meeting=meeting, person=ours.person, status="present"
        )
    client.force_login(office)
    page = client.get(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    html = page.content.decode()
    assert "Not quorate" in html
    assert f"{organisation.name}: 1 representative present, 1 needed" in html
    assert "0 of 1 representative present" in html
    assert "Each partner present." in html


def test_a_deputy_is_recorded_with_the_chairs_agreement(client, office, system, partner, pag):
    _, (ours, theirs), meeting = pag
    with scope([system]):
        services.attendance_record(
            actor=office, meeting=meeting, person=ours.person, status="present"
        )
    deputy = factories.PersonFactory(system=system, organisation=partner)
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[system.slug, meeting.pk])
    response = client.post(
        url,
        {
            "action": "deputy",
            "person": deputy.pk,
            "deputising_for": theirs.pk,
            "chair_agreed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope([system]):
        attendance = Attendance.objects.get(meeting=meeting, person=deputy)
    assert (attendance.deputising_for, attendance.chair_agreed) == (theirs, True)
    html = client.get(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    assert "Quorate" in html.content.decode()
    assert "Not quorate" not in html.content.decode()


def test_a_meeting_still_to_come_is_not_called_not_quorate(client, office, system, pag):
    committee, _, _ = pag
    with scope([system]):
        later = services.meeting_create(
            actor=office, committee=committee, held_on=date.today() + timedelta(days=3)
        )
    client.force_login(office)
    url = reverse("governance:meeting-detail", args=[system.slug, later.pk])
    html = client.get(url).content.decode()
    assert "Not yet known" in html and "has not been held yet" in html
    assert "Not quorate" not in html
    url = reverse("governance:committee-detail", args=[system.slug, committee.pk])
    assert "Not yet known" in client.get(url).content.decode()


def test_the_committee_page_explains_its_rule_on_its_members(
    client, office, system, organisation, pag
):
    committee, (ours, _), _ = pag
    client.force_login(office)
    page = client.get(reverse("governance:committee-detail", args=[system.slug, committee.pk]))
    html = page.content.decode()
    assert "What makes a meeting quorate" in html
    assert f"{organisation.name}: at least 1 representative present" in html
    assert ours.person.name in html
    assert "other deputies only with the chair&#x27;s agreement" in html
    assert "SRO Our People" in html


def test_new_terms_keep_each_kind_of_rule(client, office, system, pag):
    committee, _, _ = pag
    client.force_login(office)
    url = reverse("governance:terms-create", args=[system.slug, committee.pk])
    response = client.post(
        url,
        {
            "version": "2.0",
            "effective_from": "2019-04-01",
            "minimum_total": "0",
            "deputies": "count",
            "chair_or_vice_chair": "on",
            "fraction_numerator": "1",
            "fraction_denominator": "3",
            "named_role": "clinician",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope([system]):
        terms = TermsOfReference.objects.get(committee=committee, version="2.0")
    assert (
        terms.deputies,
        terms.quorum_chair_or_vice_chair,
        terms.quorum_fraction,
        terms.quorum_named_role,
    ) == ("count", True, (1, 3), "clinician")
