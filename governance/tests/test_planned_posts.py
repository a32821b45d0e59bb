"""Planned posts (NW London's Joint Committee: "plans to build the committee membership,
including an independent chair, lay members, and Healthwatch representation", seed 003): shown
as planned, never counted as members."""

from datetime import date

import pytest

from governance import services
from governance.querysets import meeting_quorum, members_on
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_planned_post_is_not_a_member_and_does_not_count_for_quorum(system, office, in_scope):
    body = factories.OrganisationFactory(name="A CCG", short_name="ACCG", kind="ccg")
    factories.PartnershipFactory(system=system, organisation=body)
    committee = factories.CommitteeFactory(system=system, name="Joint Committee")
    services.terms_create(
        actor=office,
        committee=committee,
        version="1.0",
        effective_from=date(2018, 1, 1),
        minimum_total=1,
    )
    post = factories.PersonFactory(system=system, name="", title="Lay member (planned)")
    planned = services.membership_add(
        actor=office, committee=committee, person=post, organisation=body, planned=True
    )
    assert planned.planned and not planned.is_current_on(date(2018, 3, 1))
    meeting = services.meeting_create(
        actor=office, committee=committee, held_on=date(2018, 3, 1), status="held"
    )
    assert members_on(meeting) == []
    services.attendance_record(actor=office, meeting=meeting, person=post, status="present")
    assert meeting_quorum(meeting).quorate is False


def test_the_committee_page_shows_a_planned_post_as_planned(client, system, office, in_scope):
    committee = factories.CommitteeFactory(system=system, name="Joint Committee")
    post = factories.PersonFactory(system=system, name="", title="Independent chair (planned)")
    services.membership_add(
        actor=office, committee=committee, person=post, role="independent_chair", planned=True
    )
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/committees/{committee.pk}/").content.decode()
    assert "Planned post" in page
