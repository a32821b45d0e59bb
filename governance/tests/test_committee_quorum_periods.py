"""A committee's quorum over many meetings (``CommitteeQuorum``, as the meetings list and the
overview assess it) is each meeting's own assessment, across members joining and leaving and
new terms taking effect: its members and rule are worked out once per period, not per day."""

from datetime import date, timedelta

import pytest

from governance.models import Attendance, Meeting, Membership, TermsOfReference
from governance.querysets import (
    CommitteeQuorum,
    _quorum_members,
    meeting_presences,
    meeting_quorums,
    meetings_for_list,
    quorum_memberships,
    quorum_rule,
    quorum_terms,
    terms_in_force,
)
from governance.rules import assess_quorum
from tests import factories

pytestmark = pytest.mark.django_db

FIRST = date(2018, 1, 1)


def _each_alone(meeting: Meeting):
    """The meeting assessed on its own, from its committee's members on its date."""
    memberships = list(meeting.committee.memberships.all())
    members = _quorum_members(memberships, meeting.held_on)
    terms = terms_in_force(meeting.committee.terms.all(), meeting.held_on)
    presences = meeting_presences(meeting, memberships, members)
    return assess_quorum(quorum_rule(terms, len(members)), presences)


@pytest.fixture
def committee(system, in_scope):
    committee = factories.CommitteeFactory(system=system)
    factories.TermsOfReferenceFactory(committee=committee, effective_from=FIRST)
    factories.TermsOfReferenceFactory(
        committee=committee,
        version="2.0",
        effective_from=FIRST + timedelta(days=6),
        quorum_minimum_total=2,
        quorum_fraction_numerator=1,
        quorum_fraction_denominator=2,
        quorum_chair_or_vice_chair=True,
        deputies="chair_agreement",
    )
    people = factories.PersonFactory.create_batch(5, system=system)
    spans = [(None, None), (FIRST + timedelta(days=2), None), (None, FIRST + timedelta(days=4))]
    for person, (started_on, ended_on) in zip(people, spans, strict=False):
        factories.MembershipFactory(
            committee=committee, person=person, started_on=started_on, ended_on=ended_on
        )
    # The first also chairs from the eighth day; the fourth is a named deputy for a while; the
    # fifth holds a planned post only.
    factories.MembershipFactory(
        committee=committee, person=people[0], role="chair", started_on=FIRST + timedelta(days=7)
    )
    factories.MembershipFactory(
        committee=committee,
        person=people[3],
        role="deputy",
        started_on=FIRST + timedelta(days=3),
        ended_on=FIRST + timedelta(days=8),
    )
    factories.MembershipFactory(committee=committee, person=people[4], planned=True)
    third = Membership.objects.get(committee=committee, person=people[2])
    for day in range(-1, 11):
        meeting = factories.MeetingFactory(committee=committee, held_on=FIRST + timedelta(days=day))
        # The third sends apologies and a deputy every other meeting.
        for person in people[:3]:
            away = person == people[2] and day % 2
            factories.AttendanceFactory(
                meeting=meeting, person=person, status="apologies" if away else "present"
            )
        if day % 2:
            factories.AttendanceFactory(
                meeting=meeting, person=people[3], deputising_for=third, status="present"
            )
    return committee


@pytest.mark.parametrize("as_rows", [False, True])
def test_each_meeting_is_assessed_as_on_its_own(committee, as_rows):
    if as_rows:
        terms = quorum_terms().filter(committee=committee)
        memberships = quorum_memberships().filter(committee=committee)
    else:
        terms = TermsOfReference.objects.filter(committee=committee)
        memberships = Membership.objects.filter(committee=committee)
    quorum = CommitteeQuorum(terms, memberships)
    meetings = Meeting.objects.filter(committee=committee).order_by("held_on")
    outcomes = set()
    for meeting in meetings:
        attendances = Attendance.objects.filter(meeting=meeting)
        outcome = quorum.assess(meeting.held_on, attendances, date(2020, 1, 1))
        assert outcome == _each_alone(meeting), meeting.held_on
        outcomes.add(outcome)
    assert len(outcomes) > 4


def test_a_list_of_meetings_is_assessed_as_each_alone(committee):
    meetings = list(meetings_for_list(Meeting.objects.filter(committee=committee)))
    pairs = list(meeting_quorums(meetings, date(2020, 1, 1)))
    assert pairs == [(meeting, _each_alone(meeting)) for meeting in meetings]
