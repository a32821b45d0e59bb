"""Writes for the register of interests and the declarations made on a meeting's items.

Keyword-only, atomic, validated, recorded in history against the actor. Nothing is deleted: an
interest or a declaration recorded in error is withdrawn, kept and labelled, with the reason.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import save_tracked, update_tracked
from core.services import check_changes, required_reason
from governance.models import AgendaItem, Declaration, Interest, Meeting
from governance.services import require_record_open
from partners.models import Person, System

INTEREST_EDITABLE = {
    "kind",
    "organisation_name",
    "description",
    "held_from",
    "held_to",
    "declared_on",
}
DECLARATION_EDITABLE = {"interest", "description", "takes_part", "action"}
WITHDRAWN = "This record is withdrawn and cannot be changed."


def _require_kept(record: Interest | Declaration) -> None:
    if record.withdrawn_on is not None:
        raise ValidationError(WITHDRAWN)


def _require_person_of(system_id: int, person: Person) -> None:
    if person.system_id != system_id:
        raise ValidationError({"person": "Choose a person in this system."})


def _require_interest_of(person: Person, interest: Interest | None) -> None:
    if interest is None:
        return
    if interest.person_id != person.pk:
        raise ValidationError({"interest": "Choose one of this person's registered interests."})
    if interest.withdrawn_on is not None:
        raise ValidationError({"interest": "This interest is withdrawn from the register."})


@transaction.atomic
def interest_create(
    *,
    actor,
    system: System,
    person: Person,
    kind: str,
    organisation_name: str,
    description: str,
    declared_on: date,
    held_from: date | None = None,
    held_to: date | None = None,
) -> Interest:
    """Add an interest to the register, as the person declared it."""
    _require_person_of(system.pk, person)
    interest = Interest(
        person=person,
        kind=kind,
        organisation_name=organisation_name,
        description=description,
        declared_on=declared_on,
        held_from=held_from,
        held_to=held_to,
    )
    return save_tracked(interest, actor=actor)


@transaction.atomic
def interest_update(*, actor, interest: Interest, reason: str = "", **changes) -> Interest:
    """Correct an interest as registered; the old values stay in its history with ``reason``."""
    check_changes("interest_update", changes, INTEREST_EDITABLE)
    _require_kept(interest)
    update_tracked(interest, actor=actor, reason=reason, **changes)
    return interest


@transaction.atomic
def interest_review(*, actor, interest: Interest, reviewed_on: date) -> Interest:
    """Record that the person confirmed the interest as registered on ``reviewed_on``."""
    _require_kept(interest)
    if reviewed_on < interest.declared_on:
        raise ValidationError(
            {"reviewed_on": "The review cannot be before the interest was declared."}
        )
    update_tracked(interest, actor=actor, reason="Reviewed", reviewed_on=reviewed_on)
    return interest


@transaction.atomic
def interest_withdraw(
    *, actor, interest: Interest, reason: str, withdrawn_on: date | None = None
) -> Interest:
    """Withdraw an interest registered in error or no longer held: kept, labelled."""
    reason = required_reason(reason, "Say why the interest is withdrawn.")
    _require_kept(interest)
    update_tracked(
        interest,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return interest


@transaction.atomic
def declaration_record(
    *,
    actor,
    meeting: Meeting,
    item: AgendaItem,
    person: Person,
    description: str,
    interest: Interest | None = None,
    takes_part: bool = True,
    action: str = "",
) -> Declaration:
    """Record an interest declared on one of the meeting's items, and how it was managed."""
    if item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose one of this meeting's items."})
    if item.withdrawn_on is not None:
        raise ValidationError({"item": "This item is withdrawn from the agenda."})
    require_record_open(meeting)
    _require_person_of(meeting.committee.system_id, person)
    _require_interest_of(person, interest)
    declaration = Declaration(
        item=item,
        person=person,
        interest=interest,
        description=description,
        takes_part=takes_part,
        action=action,
    )
    return save_tracked(declaration, actor=actor)


@transaction.atomic
def declaration_update(
    *, actor, declaration: Declaration, reason: str = "", **changes
) -> Declaration:
    """Correct a declaration; the old values stay in its history with ``reason``."""
    check_changes("declaration_update", changes, DECLARATION_EDITABLE)
    _require_kept(declaration)
    require_record_open(declaration.item.meeting)
    if "interest" in changes and changes["interest"] != declaration.interest:
        _require_interest_of(declaration.person, changes["interest"])
    update_tracked(declaration, actor=actor, reason=reason, **changes)
    return declaration


@transaction.atomic
def declaration_withdraw(
    *, actor, declaration: Declaration, reason: str, withdrawn_on: date | None = None
) -> Declaration:
    """Withdraw a declaration recorded in error: kept, labelled; it no longer affects quorum."""
    reason = required_reason(reason, "Say why the declaration is withdrawn.")
    _require_kept(declaration)
    require_record_open(declaration.item.meeting)
    update_tracked(
        declaration,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return declaration
