"""The snapshot's committees (meetings in the month, quorum from governance.querysets) and
agreements (signatures outstanding and expiry at the cut-off)."""

import datetime

import pytest

from governance.models import Decision
from reports.snapshot import build_snapshot
from reports.tests.snapshot_data import NOVEMBER
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def _committee(system, name, minimum_total=2, organisation=None):
    committee = factories.CommitteeFactory(system=system, name=name)
    terms = factories.TermsOfReferenceFactory(
        committee=committee, quorum_minimum_total=minimum_total
    )
    if organisation is not None:
        factories.QuorumRequirementFactory(terms=terms, organisation=organisation)
    members = [
        factories.MembershipFactory(
            committee=committee, person=factories.PersonFactory(system=system)
        )
        for _ in range(2)
    ]
    return committee, members


def _meeting(committee, held_on, present=(), **fields):
    meeting = factories.MeetingFactory(committee=committee, held_on=held_on, **fields)
    for membership in present:
        factories.AttendanceFactory(meeting=meeting, person=membership.person)
    return meeting


def _meetings(snapshot):
    return {
        (committee["name"], meeting["held_on"]): meeting
        for committee in snapshot["committees"]
        for meeting in committee["meetings"]
    }


def test_meetings_in_the_month_with_quorum_and_decisions(no_scope, system, organisation):
    board, board_members = _committee(system, "Partnership Board")
    group, group_members = _committee(system, "Delivery Group", organisation=organisation)
    quorate = _meeting(board, D(2019, 11, 7), present=board_members)
    Decision(meeting=quorate, reference="PB-2", title="Second").save()
    Decision(meeting=quorate, reference="PB-1", title="First").save()
    short = _meeting(group, D(2019, 11, 14), present=group_members[:1])
    _meeting(board, D(2019, 11, 21))  # attendance not recorded
    _meeting(board, D(2019, 11, 28), status="cancelled")
    _meeting(board, D(2019, 12, 5), present=board_members)  # next month
    _meeting(board, D(2019, 10, 31), present=board_members)  # last month
    snapshot = build_snapshot(system, NOVEMBER)
    assert [c["name"] for c in snapshot["committees"]] == ["Delivery Group", "Partnership Board"]
    meetings = _meetings(snapshot)
    assert sorted(meetings) == [
        ("Delivery Group", "2019-11-14"),
        ("Partnership Board", "2019-11-07"),
        ("Partnership Board", "2019-11-21"),
        ("Partnership Board", "2019-11-28"),
    ]
    held = meetings[("Partnership Board", "2019-11-07")]
    assert held == {
        "id": quorate.pk,
        "held_on": "2019-11-07",
        "status": "held",
        "quorate": True,
        "quorum_summary": "Quorate: 2 counted towards quorum.",
        "quorum_reasons": [{"met": True, "reason": "Members in all: 2 present, at least 2 needed"}],
        "decisions": [
            {"reference": "PB-1", "title": "First"},
            {"reference": "PB-2", "title": "Second"},
        ],
    }
    not_quorate = meetings[("Delivery Group", "2019-11-14")]
    assert (not_quorate["id"], not_quorate["quorate"]) == (short.pk, False)
    assert "Members in all: 1 present, at least 2 needed" in not_quorate["quorum_summary"]
    # The members represent no organisation, so the one the terms require is missing.
    unmet = f"{organisation.name}: 0 of 1 representative present"
    assert unmet in not_quorate["quorum_summary"]
    assert {"met": False, "reason": unmet} in not_quorate["quorum_reasons"]
    unrecorded = meetings[("Partnership Board", "2019-11-21")]
    assert (unrecorded["quorate"], unrecorded["quorum_summary"]) == (
        None,
        "Attendance not recorded.",
    )
    assert meetings[("Partnership Board", "2019-11-28")]["quorate"] is None


def test_meeting_without_terms_in_force_has_no_quorum(no_scope, system):
    committee = factories.CommitteeFactory(system=system, name="New group")
    member = factories.MembershipFactory(
        committee=committee, person=factories.PersonFactory(system=system)
    )
    _meeting(committee, D(2019, 11, 7), present=[member])
    (meeting,) = _meetings(build_snapshot(system, NOVEMBER)).values()
    assert meeting["quorate"] is None
    assert meeting["quorum_summary"].startswith("No terms of reference in force")


def test_signatures_outstanding_at_the_cutoff(no_scope, system):
    signer = factories.PersonFactory(system=system)
    agreement = factories.AgreementFactory(system=system, title="System MoU")
    names = {}
    for short_name, signed_on in (
        ("Before", D(2019, 11, 10)),
        ("After", D(2019, 12, 2)),
        ("Never", None),
    ):
        organisation = factories.OrganisationFactory(
            name=f"{short_name} Trust", short_name=short_name
        )
        names[short_name] = organisation
        factories.PartyFactory(
            agreement=agreement,
            organisation=organisation,
            signed_on=signed_on,
            signatory=signer if signed_on else None,
        )
    ended = factories.AgreementFactory(system=system, title="Old MoU", status="terminated")
    factories.PartyFactory(agreement=ended, organisation=names["Never"])
    all_signed = factories.AgreementFactory(system=system, title="Signed MoU")
    factories.PartyFactory(
        agreement=all_signed,
        organisation=names["Before"],
        signed_on=D(2019, 1, 1),
        signatory=signer,
    )
    unsigned = build_snapshot(system, NOVEMBER)["agreements"]["unsigned"]
    assert unsigned == [
        {
            "id": agreement.pk,
            "title": "System MoU",
            "outstanding": ["After", "Never"],
            "parties_recorded": True,
            "note": "",
        }
    ]


def test_an_unsigned_agreement_past_its_expiry_is_still_unsigned(no_scope, system):
    """Cambridgeshire and Peterborough's MoU (seed 004) is an unsigned DRAFT that expired on
    31 March 2021: its signatures are outstanding all the same, noted as past its expiry date.
    An agreement with no parties recorded is listed too, never counted as signed."""
    organisation = factories.OrganisationFactory(name="Never Trust", short_name="Never")
    expired = factories.AgreementFactory(
        system=system, title="Draft MoU", status="draft", expires_on=D(2019, 3, 31)
    )
    factories.PartyFactory(agreement=expired, organisation=organisation)
    partyless = factories.AgreementFactory(system=system, title="Principles", status="draft")
    agreements = build_snapshot(system, NOVEMBER)["agreements"]
    assert agreements["recorded"] == 2
    assert agreements["unsigned"] == [
        {
            "id": expired.pk,
            "title": "Draft MoU",
            "outstanding": ["Never"],
            "parties_recorded": True,
            "note": "past its expiry date",
        },
        {
            "id": partyless.pk,
            "title": "Principles",
            "outstanding": [],
            "parties_recorded": False,
            "note": "",
        },
    ]
    assert agreements["expiring"] == []


def test_no_agreements_recorded(no_scope, system):
    agreements = build_snapshot(system, NOVEMBER)["agreements"]
    assert (agreements["recorded"], agreements["unsigned"]) == (0, [])


def test_agreements_expiring_within_90_days_of_the_cutoff(no_scope, system):
    factories.AgreementFactory(system=system, title="Soon", expires_on=D(2020, 2, 15))
    factories.AgreementFactory(system=system, title="Last day", expires_on=D(2020, 2, 28))
    factories.AgreementFactory(system=system, title="Later", expires_on=D(2020, 3, 15))
    factories.AgreementFactory(system=system, title="Already expired", expires_on=D(2019, 11, 1))
    factories.AgreementFactory(system=system, title="Open-ended")
    expiring = build_snapshot(system, NOVEMBER)["agreements"]["expiring"]
    assert [(a["title"], a["expires_on"]) for a in expiring] == [
        ("Soon", "2020-02-15"),
        ("Last day", "2020-02-28"),
    ]


def test_a_party_removed_by_the_cutoff_is_not_outstanding(no_scope, system):
    """A party recorded in error, or that never signed, is removed (kept, labelled): from the
    day it is removed no report asks it to sign. An agreement whose only party was removed has
    no parties, and is listed as such."""
    agreement = factories.AgreementFactory(system=system, title="System MoU")
    for short_name, removed_on in (
        ("Never", None),
        ("Removed", D(2019, 11, 5)),
        ("Removed later", D(2019, 12, 5)),
    ):
        organisation = factories.OrganisationFactory(
            name=f"{short_name} Trust", short_name=short_name
        )
        factories.PartyFactory(
            agreement=agreement,
            organisation=organisation,
            withdrawn_on=removed_on,
            withdrawn_reason="Never signed" if removed_on else "",
        )
    alone = factories.AgreementFactory(system=system, title="Bilateral MoU")
    factories.PartyFactory(agreement=alone, organisation=organisation, withdrawn_on=D(2019, 10, 1))
    unsigned = build_snapshot(system, NOVEMBER)["agreements"]["unsigned"]
    assert unsigned == [
        {
            "id": alone.pk,
            "title": "Bilateral MoU",
            "outstanding": [],
            "parties_recorded": False,
            "note": "",
        },
        {
            "id": agreement.pk,
            "title": "System MoU",
            "outstanding": ["Never", "Removed later"],
            "parties_recorded": True,
            "note": "",
        },
    ]
