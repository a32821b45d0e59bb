"""Committees, meetings (their decisions and actions) and agreements as recorded at the end of a
past day (core.as_recorded): each page's parts as they then stood, read for a page of records
in a fixed number of queries, so quorum, status and counts are worked out from what was
recorded then, as at the reporting date."""

from collections.abc import Iterable
from datetime import date

from core import as_recorded
from governance.models import (
    AWAITING_SIGNATURE,
    Action,
    Agreement,
    AgreementVersion,
    Attendance,
    Commitment,
    CommitmentOwner,
    Committee,
    Decision,
    Delegation,
    Meeting,
    Membership,
    Party,
    QuorumRequirement,
    TermsOfReference,
)


def committees(records: Iterable[Committee], day: date) -> list[Committee]:
    """History rows (or records) as committees with their terms of reference and quorum
    rules as recorded (two queries for them all)."""
    shown = as_recorded.instances(records)
    as_recorded.attach_parts(shown, "terms", TermsOfReference, day)
    terms = [t for committee in shown for t in committee.terms.all()]
    as_recorded.attach_parts(terms, "quorum_requirements", QuorumRequirement, day, "organisation")
    return shown


def committee(committee: Committee, day: date) -> Committee:
    """A committee as recorded (``as_recorded.version_of``) with its terms, members,
    delegations and meetings as they then stood, each meeting's quorum read from them."""
    _quorum_parts(committee, day)
    delegations = as_recorded.parts_as_recorded(Delegation, day, committee_id=committee.pk)
    as_recorded.set_parts(
        committee,
        "delegations",
        as_recorded.instances(delegations.select_related("from_organisation")),
    )
    meetings = as_recorded.parts_as_recorded(Meeting, day, committee_id=committee.pk)
    shown = sorted(as_recorded.instances(meetings), key=lambda m: (m.held_on, m.pk), reverse=True)
    _of_committee(shown, committee, day)
    as_recorded.set_parts(committee, "meetings", shown)
    return committee


def _quorum_parts(committee: Committee, day: date) -> None:
    """What a meeting's quorum reads of its committee, as recorded: terms and members."""
    committees([committee], day)
    members = as_recorded.parts_as_recorded(Membership, day, committee_id=committee.pk)
    as_recorded.set_parts(
        committee,
        "memberships",
        as_recorded.instances(members.select_related("person__organisation", "organisation")),
    )


def _of_committee(meetings: list[Meeting], committee: Committee, day: date) -> None:
    """Meetings with their committee (as recorded) and their attendance as recorded."""
    for meeting in meetings:
        Meeting._meta.get_field("committee").set_cached_value(meeting, committee)
    as_recorded.attach_parts(
        meetings,
        "attendances",
        Attendance,
        day,
        "person__organisation",
        "deputising_for__person",
    )


def meeting(meeting: Meeting, day: date, of_committee: Committee) -> Meeting:
    """A meeting as recorded with its committee (``of_committee``, as recorded if it was:
    its terms and members as they then stood), attendance, decisions and actions as they then
    stood: the decisions and actions recorded at it."""
    _quorum_parts(of_committee, day)
    _of_committee([meeting], of_committee, day)
    decisions = as_recorded.parts_as_recorded(Decision, day, meeting_id=meeting.pk)
    as_recorded.set_parts(meeting, "decisions", as_recorded.instances(decisions))
    actions = as_recorded.parts_as_recorded(Action, day, meeting_id=meeting.pk)
    as_recorded.set_parts(
        meeting, "actions", as_recorded.instances(actions.select_related("owner__organisation"))
    )
    return meeting


def agreements(records: Iterable[Agreement], day: date) -> list[Agreement]:
    """History rows (or records) as agreements with their parties as recorded (one query)."""
    shown = as_recorded.instances(records)
    as_recorded.attach_parts(shown, "parties", Party, day, "organisation", "signatory")
    return shown


def agreement(agreement: Agreement, day: date) -> Agreement:
    """An agreement as recorded with its parties, versions, commitments and their owners as
    they then stood."""
    agreements([agreement], day)
    versions = as_recorded.parts_as_recorded(AgreementVersion, day, agreement_id=agreement.pk)
    as_recorded.set_parts(agreement, "versions", as_recorded.instances(versions))
    commitments = as_recorded.instances(
        as_recorded.parts_as_recorded(Commitment, day, agreement_id=agreement.pk)
    )
    as_recorded.attach_parts(commitments, "owners", CommitmentOwner, day, "organisation")
    as_recorded.set_parts(agreement, "commitments", commitments)
    return agreement


def unsigned(visible, day: date):
    """The ids of ``visible``'s agreements with a party awaited to sign (neither signed nor
    removed), as recorded at the end of ``day`` (read from each party's version then, not
    filtered on before it is found)."""
    parties = as_recorded.parts_as_recorded(Party, day, agreement_id__in=visible.values("pk"))
    return parties.filter(AWAITING_SIGNATURE).values("agreement_id")
