"""Writes for governance. Keyword-only, atomic, validated, and recorded in history against actor."""

from collections.abc import Iterable, Mapping
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats

from core.audit import delete_tracked, save_tracked, update_tracked
from core.services import check_changes, required_reason
from governance.minutes_reads import frozen_record_error
from governance.models import (
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
from governance.rules import DeputyRule, meeting_record_error
from partners.models import Organisation, Partnership, Person, System


def _require_partner(system_id: int, organisation: Organisation, field: str) -> None:
    if not Partnership.objects.filter(system_id=system_id, organisation=organisation).exists():
        raise ValidationError({field: f"{organisation} is not a partner in this system."})


def _require_same_system(system_id: int, other_system_id: int, field: str, what: str) -> None:
    if system_id != other_system_id:
        raise ValidationError({field: f"Choose {what} in this system."})


def _check_reporting_line(committee: Committee, reports_to: Committee | None) -> None:
    seen = set()
    current = reports_to
    while current is not None:
        if current.pk is not None and current.pk == committee.pk:
            raise ValidationError(
                {
                    "reports_to": "A committee cannot report to itself, even "
                    "through other committees."
                }
            )
        if current.pk in seen:
            break
        seen.add(current.pk)
        current = current.reports_to


def _check_stage(committee: Committee, stage: str) -> None:
    """A correction neither stands a committee down (that is done on its own page, with the
    date and why: committee_stand_down) nor revives one that stood down there."""
    if stage == committee.stage:
        return
    if stage == Committee.Stage.STOOD_DOWN:
        message = "A committee stands down on its own page, with the date and why."
    elif committee.stood_down_on is not None:
        message = (
            f"{committee} stood down on {committee.stood_down_on:%-d %B %Y}: it stays stood down."
        )
    else:
        return
    raise ValidationError({"stage": message})


@transaction.atomic
def committee_create(*, actor, system: System, name: str, kind: str, **fields) -> Committee:
    committee = Committee(system=system, name=name, kind=kind, **fields)
    if committee.reports_to is not None:
        _require_same_system(system.pk, committee.reports_to.system_id, "reports_to", "a committee")
    return save_tracked(committee, actor=actor)


# What each update may change. Never the system: a record does not move between systems.
COMMITTEE_EDITABLE = {
    "name",
    "short_name",
    "kind",
    "reports_to",
    "stage",
    "cadence",
    "pack_days_before",
    "purpose",
    "delegated_authority",
}
AGREEMENT_EDITABLE = {
    "title",
    "kind",
    "status",
    "effective_on",
    "expires_on",
    "review_on",
    "withdrawal_notice_days",
    "variation",
    "expiry",
    "report_recipients",
    "report_recipients_clause",
    "binding_clauses",
    "dispute_resolution",
    "source",
}


@transaction.atomic
def committee_update(*, actor, committee: Committee, **changes) -> Committee:
    check_changes("committee_update", changes, COMMITTEE_EDITABLE)
    _check_stage(committee, changes.get("stage", committee.stage))
    reports_to = changes.get("reports_to", committee.reports_to)
    if reports_to is not None:
        _require_same_system(committee.system_id, reports_to.system_id, "reports_to", "a committee")
        _check_reporting_line(committee, reports_to)
    update_tracked(committee, actor=actor, **changes)
    return committee


@transaction.atomic
def committee_stand_down(
    *, actor, committee: Committee, stood_down_on: date, reason: str
) -> Committee:
    """A committee stands down: kept and labelled, with the date and reason, and no longer
    offered for new meetings. Its meetings, decisions and members keep pointing at it."""
    reason = required_reason(reason, "Say why the committee is standing down.")
    if committee.stood_down_on is not None:
        raise ValidationError(
            {
                "stood_down_on": f"{committee} already stood down on "
                f"{committee.stood_down_on:%-d %B %Y}."
            }
        )
    update_tracked(
        committee,
        actor=actor,
        reason=reason,
        stage=Committee.Stage.STOOD_DOWN,
        stood_down_on=stood_down_on,
        stand_down_reason=reason,
    )
    return committee


@transaction.atomic
def terms_create(
    *,
    actor,
    committee: Committee,
    version: str,
    effective_from: date,
    minimum_total: int = 0,
    deputies: str = DeputyRule.NOT_COUNTED,
    requirements: Mapping[Organisation, int] | None = None,
    chair_or_vice_chair: bool = False,
    fraction_numerator: int | None = None,
    fraction_denominator: int | None = None,
    named_role: str = "",
    conflicted_not_counted: bool = False,
    approved_on: date | None = None,
    review_on: date | None = None,
    quorum_text: str = "",
    source: str = "",
) -> TermsOfReference:
    """A new version of the terms, with its quorum rule; earlier versions stay as they were."""
    terms = TermsOfReference(
        committee=committee,
        version=version,
        effective_from=effective_from,
        approved_on=approved_on,
        review_on=review_on,
        quorum_minimum_total=minimum_total,
        deputies=deputies,
        quorum_chair_or_vice_chair=chair_or_vice_chair,
        quorum_fraction_numerator=fraction_numerator,
        quorum_fraction_denominator=fraction_denominator,
        quorum_named_role=named_role,
        conflicted_not_counted=conflicted_not_counted,
        quorum_text=quorum_text,
        source=source,
    )
    save_tracked(terms, actor=actor)
    for organisation, minimum in (requirements or {}).items():
        _require_partner(committee.system_id, organisation, "requirements")
        requirement = QuorumRequirement(
            terms=terms, organisation=organisation, minimum_present=minimum
        )
        save_tracked(requirement, actor=actor)
    return terms


@transaction.atomic
def membership_add(
    *,
    actor,
    committee: Committee,
    person: Person,
    role: str = Membership.Role.MEMBER,
    organisation: Organisation | None = None,
    started_on: date | None = None,
    role_on_board: str = "",
    designation: str = "",
    planned: bool = False,
    reason: str = "",
) -> Membership:
    """A member of the committee, or (``planned``) a post to be appointed to, which is shown as
    planned and never counted as a member."""
    _require_same_system(committee.system_id, person.system_id, "person", "a person")
    organisation = organisation or person.organisation
    membership = Membership(
        committee=committee,
        person=person,
        role=role,
        organisation=organisation,
        started_on=started_on,
        role_on_board=role_on_board,
        designation=designation,
        planned=planned,
    )
    return save_tracked(membership, actor=actor, reason=reason)


@transaction.atomic
def membership_end(*, actor, membership: Membership, ended_on: date) -> Membership:
    update_tracked(membership, actor=actor, ended_on=ended_on)
    return membership


# A member's dates as recorded may be corrected; the member, committee and role may not (a
# different person or role is a different membership).
MEMBERSHIP_EDITABLE = {"started_on", "ended_on"}


@transaction.atomic
def membership_update(*, actor, membership: Membership, reason: str = "", **changes) -> Membership:
    """Correct a member's start or end date; the old dates stay in its history."""
    check_changes("membership_update", changes, MEMBERSHIP_EDITABLE)
    update_tracked(membership, actor=actor, reason=reason, **changes)
    return membership


@transaction.atomic
def membership_stand_down(
    *, actor, membership: Membership, ended_on: date, reason: str, source: str = ""
) -> Membership:
    """A member stands down: the membership ends on ``ended_on`` and is kept, with the reason;
    ``source`` (an import's "Imported from <file>") is added to the history's reason only."""
    reason = required_reason(reason, "Say why the member is standing down.")
    if membership.ended_on is not None:
        raise ValidationError(
            {"ended_on": "This member has already stood down; correct the end date instead."}
        )
    update_tracked(
        membership,
        actor=actor,
        reason=f"{reason} ({source.lower()})" if source else reason,
        ended_on=ended_on,
        ended_reason=reason,
    )
    return membership


@transaction.atomic
def meeting_create(
    *,
    actor,
    committee: Committee,
    held_on: date,
    location: str = "",
    status: str = Meeting.Status.SCHEDULED,
    notes: str = "",
    starts_at: time | None = None,
    link: str = "",
) -> Meeting:
    if status == Meeting.Status.CANCELLED:
        # A cancellation needs its reason (meeting_cancel): add the meeting, then cancel it.
        raise ValidationError(
            {"status": "Add the meeting as scheduled, then cancel it from its page with a reason."}
        )
    meeting = Meeting(
        committee=committee,
        held_on=held_on,
        starts_at=starts_at,
        location=location,
        link=link,
        status=status,
        notes=notes,
    )
    return save_tracked(meeting, actor=actor)


# What a correction of a meeting may change: never the committee (a meeting of another
# committee is another meeting). Cancelling is a correction of the status, with a reason.
MEETING_EDITABLE = {"held_on", "starts_at", "location", "link", "status", "notes"}


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, reason: str = "", **changes) -> Meeting:
    """Correct a meeting's date, time, place or link, status or notes; the old values stay in
    its history with ``reason``. Setting it cancelled needs a reason, kept on the meeting."""
    check_changes("meeting_update", changes, MEETING_EDITABLE)
    reason = (reason or "").strip()
    held_on = changes.get("held_on", meeting.held_on)
    if held_on != meeting.held_on and held_on > date.today() and _has_minutes(meeting):
        raise ValidationError(
            {
                "held_on": "Attendance, decisions or actions are recorded for this meeting, so "
                "it cannot be moved to a date after today."
            }
        )
    status = changes.get("status", meeting.status)
    if status == Meeting.Status.CANCELLED and meeting.status != Meeting.Status.CANCELLED:
        changes["cancelled_reason"] = required_reason(reason, "Say why the meeting is cancelled.")
    elif status != Meeting.Status.CANCELLED:
        changes["cancelled_reason"] = ""  # no longer cancelled; history keeps the old reason
    update_tracked(meeting, actor=actor, reason=reason, **changes)
    return meeting


def _has_minutes(meeting: Meeting) -> bool:
    return meeting.attendances.exists() or meeting.decisions.exists() or meeting.actions.exists()


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting: it is kept, labelled cancelled, with the reason."""
    reason = required_reason(reason, "Say why the meeting is cancelled.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"reason": "This meeting is already cancelled."})
    update_tracked(
        meeting,
        actor=actor,
        reason=reason,
        status=Meeting.Status.CANCELLED,
        cancelled_reason=reason,
    )
    return meeting


def _require_held(meeting: Meeting) -> None:
    error = meeting_record_error(meeting.held_on, date.today())
    if error:
        raise ValidationError(error)


def require_record_open(meeting: Meeting) -> None:
    """Attendance and declarations change only while the meeting's minutes are not approved."""
    error = frozen_record_error(meeting)
    if error:
        raise ValidationError(error)


@transaction.atomic
def attendance_record(
    *,
    actor,
    meeting: Meeting,
    person: Person,
    status: str,
    deputising_for: Membership | None = None,
    chair_agreed: bool = False,
) -> Attendance:
    """Record (or change) one person's attendance at a meeting; ``chair_agreed``: the chair
    agreed to this deputy (only a deputy carries it)."""
    _require_held(meeting)
    require_record_open(meeting)
    _require_same_system(meeting.committee.system_id, person.system_id, "person", "a person")
    if deputising_for is not None:
        if deputising_for.committee_id != meeting.committee_id:
            raise ValidationError(
                {"deputising_for": "Choose a member of the committee that is meeting."}
            )
        if deputising_for.person_id == person.pk:
            raise ValidationError({"deputising_for": "Nobody can deputise for themselves."})
    elif chair_agreed:
        raise ValidationError(
            {"chair_agreed": "The chair's agreement is recorded for a deputy only."}
        )
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        attendance = Attendance(
            meeting=meeting,
            person=person,
            status=status,
            deputising_for=deputising_for,
            chair_agreed=chair_agreed,
        )
        return save_tracked(attendance, actor=actor)
    update_tracked(
        attendance,
        actor=actor,
        status=status,
        deputising_for=deputising_for,
        chair_agreed=chair_agreed,
    )
    return attendance


@transaction.atomic
def decision_record(
    *,
    actor,
    meeting: Meeting,
    title: str,
    text: str = "",
    reference: str = "",
    amount_thousands: Decimal | None = None,
) -> Decision:
    _require_held(meeting)
    decision = Decision(
        meeting=meeting,
        title=title,
        text=text,
        reference=reference,
        amount_thousands=amount_thousands,
    )
    return save_tracked(decision, actor=actor)


DECISION_EDITABLE = {"reference", "title", "text", "amount_thousands"}
ACTION_EDITABLE = {"description", "owner", "due_on", "status", "completed_on"}
WITHDRAWN = "This record is withdrawn and cannot be changed."


def _require_not_withdrawn(record: Decision | Action) -> None:
    if record.withdrawn_on is not None:
        raise ValidationError(WITHDRAWN)


@transaction.atomic
def decision_update(*, actor, decision: Decision, reason: str = "", **changes) -> Decision:
    """Correct a decision as minuted; the old wording stays in its history with ``reason``."""
    check_changes("decision_update", changes, DECISION_EDITABLE)
    _require_not_withdrawn(decision)
    update_tracked(decision, actor=actor, reason=reason, **changes)
    return decision


@transaction.atomic
def decision_withdraw(
    *, actor, decision: Decision, reason: str, withdrawn_on: date | None = None
) -> Decision:
    """Withdraw a decision recorded in error: it is kept, labelled withdrawn, never deleted."""
    reason = required_reason(reason, "Say why the decision is withdrawn.")
    _require_not_withdrawn(decision)
    update_tracked(
        decision,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return decision


@transaction.atomic
def action_update(*, actor, action: Action, reason: str = "", **changes) -> Action:
    """Correct an action: its description, owner, due date or status (a done action may be
    reopened; its completion date is then cleared, and kept in history)."""
    check_changes("action_update", changes, ACTION_EDITABLE)
    _require_not_withdrawn(action)
    owner = changes.get("owner", action.owner)
    if owner is not None:
        _require_same_system(
            action.meeting.committee.system_id, owner.system_id, "owner", "a person"
        )
    if "due_on" in changes:
        _require_due_after_meeting(action.meeting, changes["due_on"])
    status = changes.get("status", action.status)
    completed_on = changes.get("completed_on", action.completed_on)
    if status == Action.Status.DONE:
        if completed_on is None:
            raise ValidationError({"completed_on": "Give the date the action was completed."})
        if completed_on < action.meeting.held_on:
            raise ValidationError(
                {"completed_on": "An action cannot be completed before the meeting that set it."}
            )
    elif "completed_on" in changes and changes["completed_on"] is not None:
        raise ValidationError({"completed_on": "Only a done action has a completion date."})
    else:
        changes["completed_on"] = None
    update_tracked(action, actor=actor, reason=reason, **changes)
    return action


@transaction.atomic
def action_withdraw(
    *, actor, action: Action, reason: str, withdrawn_on: date | None = None
) -> Action:
    """Withdraw an action recorded in error: it is kept, labelled withdrawn, never deleted."""
    reason = required_reason(reason, "Say why the action is withdrawn.")
    _require_not_withdrawn(action)
    update_tracked(
        action,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return action


@transaction.atomic
def action_create(
    *,
    actor,
    meeting: Meeting,
    description: str,
    owner: Person | None = None,
    due_on: date | None = None,
    reason: str = "",
) -> Action:
    _require_held(meeting)
    _require_due_after_meeting(meeting, due_on)
    if owner is not None:
        _require_same_system(meeting.committee.system_id, owner.system_id, "owner", "a person")
    action = Action(meeting=meeting, description=description, owner=owner, due_on=due_on)
    return save_tracked(action, actor=actor, reason=reason)


def _require_due_after_meeting(meeting: Meeting, due_on: date | None) -> None:
    """An action set at a meeting falls due on or after it, never before."""
    if due_on is not None and due_on < meeting.held_on:
        held = formats.date_format(meeting.held_on, "j F Y")
        raise ValidationError(
            {"due_on": f"An action cannot fall due before the meeting that set it ({held})."}
        )


@transaction.atomic
def action_complete(*, actor, action: Action, completed_on: date) -> Action:
    _require_not_withdrawn(action)
    if completed_on < action.meeting.held_on:
        raise ValidationError(
            {"completed_on": "An action cannot be completed before the meeting that set it."}
        )
    update_tracked(action, actor=actor, status=Action.Status.DONE, completed_on=completed_on)
    return action


_END_ON_ITS_PAGE = {"status": "End the agreement from its page, with the date and why it ended."}


@transaction.atomic
def agreement_create(*, actor, system: System, title: str, kind: str, **fields) -> Agreement:
    ended = fields.get("status") == Agreement.Status.TERMINATED
    if ended and not (fields.get("terminated_on") and fields.get("terminated_reason", "").strip()):
        raise ValidationError(_END_ON_ITS_PAGE)
    agreement = Agreement(system=system, title=title, kind=kind, **fields)
    return save_tracked(agreement, actor=actor)


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, reason: str = "", **changes) -> Agreement:
    """Correct an agreement; the old values stay in its history with ``reason``. An ended
    agreement set to another status is no longer ended (history keeps why it had)."""
    check_changes("agreement_update", changes, AGREEMENT_EDITABLE)
    ending = changes.get("status") == Agreement.Status.TERMINATED
    if ending and agreement.status != Agreement.Status.TERMINATED:
        raise ValidationError(_END_ON_ITS_PAGE)
    if changes.get("status", Agreement.Status.TERMINATED) != Agreement.Status.TERMINATED:
        changes.update(terminated_on=None, terminated_reason="")
    update_tracked(agreement, actor=actor, reason=reason, **changes)
    return agreement


@transaction.atomic
def agreement_terminate(
    *, actor, agreement: Agreement, terminated_on: date, reason: str
) -> Agreement:
    """End an agreement early (terminated by its parties): it is kept, labelled, with why."""
    reason = required_reason(reason, "Say why the agreement ended.")
    if agreement.status == Agreement.Status.TERMINATED:
        raise ValidationError({"reason": "This agreement has already ended."})
    if agreement.effective_on is not None and terminated_on < agreement.effective_on:
        raise ValidationError({"terminated_on": "An agreement cannot end before it took effect."})
    update_tracked(
        agreement,
        actor=actor,
        reason=reason,
        status=Agreement.Status.TERMINATED,
        terminated_on=terminated_on,
        terminated_reason=reason,
    )
    return agreement


@transaction.atomic
def agreement_version_add(
    *,
    actor,
    agreement: Agreement,
    number: str,
    issued_on: date | None = None,
    author: str = "",
    note: str = "",
) -> AgreementVersion:
    version = AgreementVersion(
        agreement=agreement, number=number, issued_on=issued_on, author=author, note=note
    )
    return save_tracked(version, actor=actor)


@transaction.atomic
def party_add(*, actor, agreement: Agreement, organisation: Organisation, scope: str = "") -> Party:
    _require_partner(agreement.system_id, organisation, "organisation")
    party = Party(agreement=agreement, organisation=organisation, scope=scope)
    return save_tracked(party, actor=actor)


@transaction.atomic
def party_sign(*, actor, party: Party, signatory: Person, signed_on: date) -> Party:
    _require_same_system(party.agreement.system_id, signatory.system_id, "signatory", "a person")
    update_tracked(party, actor=actor, signatory=signatory, signed_on=signed_on)
    return party


PARTY_REMOVED = "This party was removed from the agreement and cannot be changed."
PARTY_SIGNATURE_EDITABLE = {"signatory", "signed_on"}


def _require_party_kept(party: Party) -> None:
    if party.withdrawn_on is not None:
        raise ValidationError(PARTY_REMOVED)


@transaction.atomic
def party_signature_update(*, actor, party: Party, reason: str = "", **changes) -> Party:
    """Correct who signed for a party, or when; the old values stay in its history."""
    check_changes("party_signature_update", changes, PARTY_SIGNATURE_EDITABLE)
    _require_party_kept(party)
    if party.signed_on is None:
        raise ValidationError({"signed_on": "This party has not signed: record its signature."})
    signatory = changes.get("signatory", party.signatory)
    if signatory is None:
        raise ValidationError({"signatory": "Record who signed as well as when."})
    if changes.get("signed_on", party.signed_on) is None:
        raise ValidationError({"signed_on": "Enter the date it was signed."})
    _require_same_system(party.agreement.system_id, signatory.system_id, "signatory", "a person")
    update_tracked(party, actor=actor, reason=reason, **changes)
    return party


@transaction.atomic
def party_withdraw(*, actor, party: Party, reason: str, withdrawn_on: date | None = None) -> Party:
    """Remove a party that has not signed (added in error, or it never will): it is kept,
    labelled removed, with the reason. A party that has signed leaves by giving notice."""
    reason = required_reason(reason, "Say why the party is removed.")
    _require_party_kept(party)
    if party.signed_on is not None:
        raise ValidationError(
            {
                "reason": "This party has signed: it leaves by giving notice of withdrawal, "
                "or correct its signature."
            }
        )
    update_tracked(
        party,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return party


@transaction.atomic
def party_name_signatory(*, actor, party: Party, signatory: Person) -> Party:
    """Record who is to sign for a party before it signs (often a post, as a draft names it)."""
    if party.signed_on is not None:
        raise ValidationError({"signatory": "This party has signed; record a change as a signing."})
    _require_same_system(party.agreement.system_id, signatory.system_id, "signatory", "a person")
    update_tracked(party, actor=actor, signatory=signatory)
    return party


@transaction.atomic
def party_give_withdrawal_notice(*, actor, party: Party, given_on: date) -> Party:
    """Record a party's notice of withdrawal; it takes effect when the notice period has run."""
    _require_party_kept(party)
    if party.withdrawal_notice_given_on is not None:
        raise ValidationError(
            {"withdrawal_notice_given_on": "This party has already given notice of withdrawal."}
        )
    update_tracked(party, actor=actor, withdrawal_notice_given_on=given_on)
    return party


@transaction.atomic
def commitment_add(
    *,
    actor,
    agreement: Agreement,
    number: int,
    text: str,
    owners: Iterable[Organisation] = (),
) -> Commitment:
    commitment = Commitment(agreement=agreement, number=number, text=text)
    save_tracked(commitment, actor=actor)
    for organisation in owners:
        _require_partner(agreement.system_id, organisation, "owners")
        save_tracked(CommitmentOwner(commitment=commitment, organisation=organisation), actor=actor)
    return commitment


COMMITMENT_EDITABLE = {"number", "text"}


def _require_commitment_kept(commitment: Commitment) -> None:
    if commitment.withdrawn_on is not None:
        raise ValidationError(WITHDRAWN)


@transaction.atomic
def commitment_update(
    *,
    actor,
    commitment: Commitment,
    reason: str = "",
    owners: Iterable[Organisation] | None = None,
    **changes,
) -> Commitment:
    """Correct a commitment's number, wording or the organisations answerable for it (an
    owner taken off is kept in the owners' history, with the reason)."""
    check_changes("commitment_update", changes, COMMITMENT_EDITABLE)
    _require_commitment_kept(commitment)
    update_tracked(commitment, actor=actor, reason=reason, **changes)
    if owners is not None:
        wanted = {organisation.pk: organisation for organisation in owners}
        for organisation in wanted.values():
            _require_partner(commitment.agreement.system_id, organisation, "owners")
        current = {owner.organisation_id: owner for owner in commitment.owners.all()}
        for organisation_id, owner in current.items():
            if organisation_id not in wanted:
                delete_tracked(owner, actor=actor, reason=reason)
        for organisation_id, organisation in wanted.items():
            if organisation_id not in current:
                save_tracked(
                    CommitmentOwner(commitment=commitment, organisation=organisation),
                    actor=actor,
                    reason=reason,
                )
    return commitment


@transaction.atomic
def commitment_withdraw(
    *, actor, commitment: Commitment, reason: str, withdrawn_on: date | None = None
) -> Commitment:
    """Withdraw a commitment recorded in error: it is kept, labelled withdrawn, never deleted."""
    reason = required_reason(reason, "Say why the commitment is withdrawn.")
    _require_commitment_kept(commitment)
    update_tracked(
        commitment,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return commitment


@transaction.atomic
def delegation_create(
    *,
    actor,
    committee: Committee,
    from_organisation: Organisation,
    functions: str,
    status: str = Delegation.Status.PROPOSED,
    effective_from: date | None = None,
    source: str = "",
) -> Delegation:
    if not from_organisation.statutory:
        raise ValidationError(
            {"from_organisation": "Only a statutory body can delegate its functions."}
        )
    _require_partner(committee.system_id, from_organisation, "from_organisation")
    delegation = Delegation(
        committee=committee,
        from_organisation=from_organisation,
        functions=functions,
        status=status,
        effective_from=effective_from,
        source=source,
    )
    return save_tracked(delegation, actor=actor)


@transaction.atomic
def delegation_bring_into_effect(
    *, actor, delegation: Delegation, effective_from: date
) -> Delegation:
    update_tracked(
        delegation,
        actor=actor,
        status=Delegation.Status.IN_EFFECT,
        effective_from=effective_from,
    )
    return delegation


DELEGATION_EDITABLE = {"from_organisation", "functions", "status", "effective_from", "source"}
REVOKED = "This delegation is revoked and cannot be changed."


@transaction.atomic
def delegation_update(*, actor, delegation: Delegation, reason: str = "", **changes) -> Delegation:
    """Correct a delegation as recorded; the old values stay in its history with ``reason``.
    Revoking is its own step, with a date and a reason."""
    check_changes("delegation_update", changes, DELEGATION_EDITABLE)
    if delegation.status == Delegation.Status.REVOKED:
        raise ValidationError(REVOKED)
    if changes.get("status") == Delegation.Status.REVOKED:
        raise ValidationError({"status": "Revoke a delegation with its date and reason."})
    organisation = changes.get("from_organisation", delegation.from_organisation)
    if not organisation.statutory:
        raise ValidationError(
            {"from_organisation": "Only a statutory body can delegate its functions."}
        )
    _require_partner(delegation.committee.system_id, organisation, "from_organisation")
    update_tracked(delegation, actor=actor, reason=reason, **changes)
    return delegation


@transaction.atomic
def delegation_revoke(
    *, actor, delegation: Delegation, revoked_on: date, reason: str
) -> Delegation:
    """Revoke a delegation from ``revoked_on``: it is kept, labelled revoked, with the reason."""
    reason = required_reason(reason, "Say why the delegation is revoked.")
    if delegation.status == Delegation.Status.REVOKED:
        raise ValidationError({"reason": REVOKED})
    if delegation.effective_from is not None and revoked_on < delegation.effective_from:
        raise ValidationError(
            {"revoked_on": "A delegation cannot be revoked before it took effect."}
        )
    update_tracked(
        delegation,
        actor=actor,
        reason=reason,
        status=Delegation.Status.REVOKED,
        revoked_on=revoked_on,
        revoked_reason=reason,
    )
    return delegation


@transaction.atomic
def meetings_mark_held(*, actor, today: date) -> int:
    """Mark past scheduled meetings with attendance recorded as held; returns how many."""
    due = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, held_on__lt=today, attendances__isnull=False
    ).distinct()
    meetings = list(due)
    for meeting in meetings:
        update_tracked(meeting, actor=actor, status=Meeting.Status.HELD)
    return len(meetings)
