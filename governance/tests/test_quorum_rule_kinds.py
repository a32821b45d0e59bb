"""Each kind of quorum rule terms of reference write, on its own and in the meeting's record:
minimums per organisation, each named organisation present, the chair or vice-chair present, a
fraction of members, a named role, and deputies (counted, not counted, or only with the chair's
agreement). Every part comes back with whether it is met and why."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.querysets import meeting_quorum
from governance.rules import (
    DeputyRule,
    Presence,
    QuorumCheck,
    QuorumRule,
    assess_quorum,
    fraction_label,
)
from tests import factories

NAMES = {"CCC": "Cumbria County Council", "CCG": "NHS North Cumbria CCG", "NHSE": "NHS England"}


def test_minimum_per_organisation_says_how_many_of_how_many():
    rule = QuorumRule(per_organisation={"CCC": 2, "NHSE": 1}, names=NAMES)
    outcome = assess_quorum(rule, [Presence("CCC"), Presence("NHSE"), Presence("NHSE")])
    assert outcome.quorate is False
    assert outcome.checks == (
        QuorumCheck(False, "Cumbria County Council: 1 of 2 representatives present"),
        QuorumCheck(True, "NHS England: 2 representatives present, 1 needed"),
    )


def test_each_named_organisation_present():
    rule = QuorumRule(per_organisation={"CCC": 1, "CCG": 1}, names=NAMES)
    outcome = assess_quorum(rule, [Presence("CCC")])
    assert [c.met for c in outcome.checks] == [True, False]
    assert outcome.checks[1].reason == "NHS North Cumbria CCG: 0 of 1 representative present"


def test_chair_or_vice_chair_present():
    rule = QuorumRule(chair_or_vice_chair=True)
    assert assess_quorum(rule, [Presence("A", role="vice_chair")]).quorate is True
    outcome = assess_quorum(rule, [Presence("A", role="member"), Presence("B")])
    assert outcome.quorate is False
    assert QuorumCheck(False, "Neither the chair nor the vice-chair is present") in outcome.checks


def test_a_deputy_for_the_chair_is_not_the_chair():
    rule = QuorumRule(chair_or_vice_chair=True, deputies=DeputyRule.COUNT)
    outcome = assess_quorum(rule, [Presence("A", is_deputy=True, role="chair")])
    assert outcome.quorate is False


def test_a_fraction_of_members_rounds_up():
    rule = QuorumRule(fraction=(1, 3), members=22)
    outcome = assess_quorum(rule, [Presence(i) for i in range(7)])
    assert outcome.checks == (
        QuorumCheck(False, "One third of the 22 members: 7 present, 8 needed"),
    )
    assert assess_quorum(rule, [Presence(i) for i in range(8)]).quorate is True
    assert fraction_label(2, 5) == "2/5"


def test_a_named_role_must_be_present():
    rule = QuorumRule(named_role="clinician")
    outcome = assess_quorum(rule, [Presence("A", designation="Clinician")])
    assert outcome.checks == (QuorumCheck(True, "A clinician present: 1 present"),)
    outcome = assess_quorum(rule, [Presence("A", designation="manager")])
    assert outcome.checks == (QuorumCheck(False, "No clinician present: at least one needed"),)


@pytest.mark.parametrize(
    ("deputies", "deputy", "counted"),
    [
        (DeputyRule.NOT_COUNTED, Presence("A", is_deputy=True), False),
        (DeputyRule.COUNT, Presence("A", is_deputy=True), True),
        (DeputyRule.CHAIR_AGREEMENT, Presence("A", is_deputy=True), False),
        (DeputyRule.CHAIR_AGREEMENT, Presence("A", is_deputy=True, named_deputy=True), True),
        (DeputyRule.CHAIR_AGREEMENT, Presence("A", is_deputy=True, chair_agreed=True), True),
    ],
)
def test_deputies_count_as_the_terms_say(deputies, deputy, counted):
    rule = QuorumRule(per_organisation={"A": 1}, deputies=deputies)
    outcome = assess_quorum(rule, [deputy])
    assert outcome.quorate is counted
    assert outcome.deputies_excluded == (0 if counted else 1)
    assert len(outcome.notes) == 1


def test_every_part_must_be_met():
    rule = QuorumRule(
        minimum_total=2, per_organisation={"CCC": 1}, chair_or_vice_chair=True, names=NAMES
    )
    outcome = assess_quorum(rule, [Presence("CCC", role="chair"), Presence("X")])
    assert outcome.quorate is True
    assert [c.met for c in outcome.checks] == [True, True, True]
    outcome = assess_quorum(rule, [Presence("CCC"), Presence("X")])
    assert outcome.quorate is False


# The same rules read from the database: terms, memberships and attendance.


@pytest.fixture
def board(system, office, in_scope):
    org = factories.OrganisationFactory(name="Alpha Trust", short_name="ALPHA")
    factories.PartnershipFactory(system=system, organisation=org)
    committee = factories.CommitteeFactory(system=system, name="Board")
    services.terms_create(
        actor=office,
        committee=committee,
        version="1",
        effective_from=date(2017, 1, 1),
        deputies=DeputyRule.CHAIR_AGREEMENT,
        chair_or_vice_chair=True,
        fraction_numerator=1,
        fraction_denominator=3,
        named_role="clinician",
        requirements={org: 1},
    )

    def member(role="member", designation=""):
        return services.membership_add(
            actor=office,
            committee=committee,
            person=factories.PersonFactory(system=system, organisation=org),
            role=role,
            designation=designation,
        )

    members = {
        "chair": member("chair"),
        "doctor": member(designation="clinician"),
        "manager": member(),
    }
    return committee, org, members


@pytest.mark.django_db
def test_the_meeting_record_meets_every_part(board, office):
    committee, _, members = board
    meeting = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 6, 1))
    for key in ("chair", "doctor"):
        services.attendance_record(
            actor=office, meeting=meeting, person=members[key].person, status="present"
        )
    outcome = meeting_quorum(meeting)
    assert outcome.quorate is True
    assert [c.reason for c in outcome.checks] == [
        "Alpha Trust: 2 representatives present, 1 needed",
        "The chair or vice-chair is present",
        "One third of the 3 members: 2 present, 1 needed",
        "A clinician present: 1 present",
    ]


@pytest.mark.django_db
def test_a_deputy_counts_only_with_the_chairs_agreement_recorded(board, office, system):
    committee, org, members = board
    meeting = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 6, 1))
    services.attendance_record(
        actor=office, meeting=meeting, person=members["chair"].person, status="present"
    )
    deputy = factories.PersonFactory(system=system, organisation=org)
    services.attendance_record(
        actor=office,
        meeting=meeting,
        person=deputy,
        status="present",
        deputising_for=members["doctor"],
    )
    outcome = meeting_quorum(meeting)
    assert (outcome.counted, outcome.deputies_excluded) == (1, 1)
    services.attendance_record(
        actor=office,
        meeting=meeting,
        person=deputy,
        status="present",
        deputising_for=members["doctor"],
        chair_agreed=True,
    )
    outcome = meeting_quorum(meeting)
    assert (outcome.counted, outcome.deputies_excluded) == (2, 0)
    # The deputy stands in for the clinician but is not one: that part stays unmet.
    assert outcome.checks[-1].met is False


@pytest.mark.django_db
def test_only_a_deputy_carries_the_chairs_agreement(board, office):
    committee, _, members = board
    meeting = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=office,
            meeting=meeting,
            person=members["manager"].person,
            status="present",
            chair_agreed=True,
        )
    assert "chair_agreed" in error.value.message_dict


@pytest.mark.django_db
def test_a_meeting_not_yet_held_has_no_quorum_yet(board, office):
    committee, _, _ = board
    later = date.today() + timedelta(days=7)
    meeting = services.meeting_create(actor=office, committee=committee, held_on=later)
    outcome = meeting_quorum(meeting)
    assert (outcome.quorate, outcome.not_yet_held) == (None, True)


@pytest.mark.django_db
def test_a_fraction_needs_both_parts(board, office):
    committee, _, _ = board
    with pytest.raises(ValidationError):
        services.terms_create(
            actor=office,
            committee=committee,
            version="2",
            effective_from=date(2018, 1, 1),
            fraction_numerator=1,
        )
