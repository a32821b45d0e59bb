"""Quorum of a recorded meeting, from the terms of reference in force on its date."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import Meeting
from governance.querysets import meeting_quorum, meetings_for_list
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pag(system, office, in_scope):
    """The Provider Alliance Group: each of CCC, CPFT and NCUH must be present (001)."""
    orgs = {}
    for key in ("CCC", "CPFT", "NCUH"):
        orgs[key] = factories.OrganisationFactory(name=f"{key} test body", short_name=key)
        factories.PartnershipFactory(system=system, organisation=orgs[key])
    committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
    services.terms_create(
        actor=office,
        committee=committee,
        version="1.0",
        effective_from=date(2017, 4, 1),
        deputies="count",
        requirements={org: 1 for org in orgs.values()},
    )
    members = {
        key: services.membership_add(
            actor=office,
            committee=committee,
            person=factories.PersonFactory(system=system, organisation=org),
        )
        for key, org in orgs.items()
    }
    return committee, orgs, members


def _meeting(committee, office, held_on=date(2017, 6, 1)):
    return services.meeting_create(actor=office, committee=committee, held_on=held_on)


def test_quorate_when_each_partner_present(pag, office):
    committee, _, members = pag
    meeting = _meeting(committee, office)
    for membership in members.values():
        services.attendance_record(
            actor=office, meeting=meeting, person=membership.person, status="present"
        )
    assert meeting_quorum(meeting).quorate is True


def test_not_quorate_when_ncuh_sent_apologies(pag, office):
    committee, orgs, members = pag
    meeting = _meeting(committee, office)
    for key, membership in members.items():
        status = "apologies" if key == "NCUH" else "present"
        services.attendance_record(
            actor=office, meeting=meeting, person=membership.person, status=status
        )
    outcome = meeting_quorum(meeting)
    assert outcome.quorate is False
    assert [s.organisation for s in outcome.shortfalls] == [orgs["NCUH"].pk]


def test_deputy_restores_quorum_under_terms_that_allow_deputies(pag, office, system):
    committee, _, members = pag
    meeting = _meeting(committee, office)
    for key, membership in members.items():
        if key != "NCUH":
            services.attendance_record(
                actor=office, meeting=meeting, person=membership.person, status="present"
            )
    deputy = factories.PersonFactory(system=system, organisation=members["NCUH"].organisation)
    services.attendance_record(
        actor=office,
        meeting=meeting,
        person=deputy,
        status="present",
        deputising_for=members["NCUH"],
    )
    assert meeting_quorum(meeting).quorate is True


def test_terms_in_force_on_the_meeting_date_decide(pag, office, system):
    """A later version that stops deputies counting applies only to meetings after it."""
    committee, orgs, members = pag
    services.terms_create(
        actor=office,
        committee=committee,
        version="2.0",
        effective_from=date(2018, 4, 1),
        deputies="not_counted",
        requirements={org: 1 for org in orgs.values()},
    )
    deputy = factories.PersonFactory(system=system, organisation=orgs["NCUH"])
    outcomes = []
    for held_on in (date(2018, 3, 1), date(2018, 5, 1)):
        meeting = _meeting(committee, office, held_on)
        for key, membership in members.items():
            if key != "NCUH":
                services.attendance_record(
                    actor=office, meeting=meeting, person=membership.person, status="present"
                )
        services.attendance_record(
            actor=office,
            meeting=meeting,
            person=deputy,
            status="present",
            deputising_for=members["NCUH"],
        )
        outcomes.append(meeting_quorum(meeting).quorate)
    assert outcomes == [True, False]


def test_meeting_before_any_terms_has_no_verdict(pag, office):
    committee, _, _ = pag
    assert meeting_quorum(_meeting(committee, office, date(2016, 1, 1))).quorate is None


def test_people_in_attendance_do_not_count(pag, office, system):
    committee, orgs, members = pag
    guest = factories.PersonFactory(system=system, organisation=orgs["NCUH"])
    services.membership_add(actor=office, committee=committee, person=guest, role="in_attendance")
    meeting = _meeting(committee, office)
    for key, membership in members.items():
        if key != "NCUH":
            services.attendance_record(
                actor=office, meeting=meeting, person=membership.person, status="present"
            )
    services.attendance_record(actor=office, meeting=meeting, person=guest, status="present")
    assert meeting_quorum(meeting).quorate is False


def test_cannot_deputise_for_a_member_of_another_committee(pag, office, system):
    _, _, members = pag
    other = factories.CommitteeFactory(system=system)
    meeting = _meeting(other, office)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=office,
            meeting=meeting,
            person=factories.PersonFactory(system=system),
            status="present",
            deputising_for=members["CCC"],
        )
    assert "deputising_for" in error.value.message_dict


def test_quorum_of_a_list_of_meetings_costs_a_fixed_number_of_queries(
    pag, office, django_assert_num_queries
):
    committee, _, members = pag
    for month in range(1, 7):
        meeting = _meeting(committee, office, date(2017, month + 4, 1))
        for membership in members.values():
            services.attendance_record(
                actor=office, meeting=meeting, person=membership.person, status="present"
            )
    # 1 meetings with their committee, 2 attendances (no deputies, so no deputised memberships
    # query), 3 terms of reference, 4 their quorum requirements, 5 committee memberships.
    with django_assert_num_queries(5):
        outcomes = [meeting_quorum(m) for m in meetings_for_list(Meeting.objects.all())]
    assert [o.quorate for o in outcomes] == [True] * 6
