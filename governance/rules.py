"""Derived governance facts, each computed by one pure function that pages, API and reports reuse.

Nothing here touches the database: the selectors in ``querysets.py`` gather the inputs.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import models

from core.dates import add_days


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OUT_FOR_SIGNATURE = "out_for_signature", "Out for signature"
    IN_EFFECT = "in_effect", "In effect"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    SUPERSEDED = "superseded", "Superseded"


def agreement_status_on(recorded: str, expires_on: date | None, day: date) -> str:
    """An agreement is expired the day after its expiry date, whatever was recorded, unless it
    already ended another way (terminated or superseded)."""
    if recorded in (AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED):
        return recorded
    if expires_on is not None and day > expires_on:
        return AgreementStatus.EXPIRED
    return recorded


HELD_IN_FUTURE = (
    "A meeting cannot be recorded as held on a date after today: keep it scheduled, or "
    "correct the date."
)
NOT_YET_HELD = (
    "This meeting's date is after today: attendance, decisions and actions are recorded once "
    "it has been held."
)


def meeting_record_error(held_on: date, today: date) -> str | None:
    """Why nothing that happens at a meeting (attendance, decisions, actions) can be recorded
    yet, or None: a meeting may be scheduled ahead, but not minuted ahead."""
    return NOT_YET_HELD if held_on > today else None


def withdrawal_effective_on(notice_given_on: date | None, notice_days: int | None) -> date | None:
    """A party's withdrawal takes effect when its notice period (calendar days) has run."""
    if notice_given_on is None:
        return None
    return add_days(notice_given_on, notice_days or 0)


def is_delegated_on(
    status: str, effective_from: date | None, revoked_on: date | None, day: date
) -> bool:
    """Nothing is delegated until it is delegated: only from its effective date, until revoked."""
    if status == "proposed" or effective_from is None or day < effective_from:
        return False
    return revoked_on is None or day < revoked_on


@dataclass(frozen=True)
class QuorumRule:
    minimum_total: int = 0
    deputies_count: bool = False
    # organisation -> minimum number of its representatives present
    per_organisation: Mapping[Hashable, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Presence:
    """One member (or deputy) present, and the organisation they represent."""

    organisation: Hashable | None
    is_deputy: bool = False


@dataclass(frozen=True)
class Shortfall:
    organisation: Hashable | None  # None: the minimum in all
    required: int
    present: int


@dataclass(frozen=True)
class QuorumOutcome:
    quorate: bool | None  # None when no terms of reference were in force
    counted: int = 0
    shortfalls: tuple[Shortfall, ...] = ()
    deputies_excluded: int = 0


def assess_quorum(rule: QuorumRule | None, present: Iterable[Presence]) -> QuorumOutcome:
    """Whether those present make the meeting quorate under ``rule``.

    Deputies count only where the rule allows; a meeting needs at least one member present even
    when the rule sets no minimum.
    """
    if rule is None:
        return QuorumOutcome(quorate=None)
    present = list(present)
    counted = [p for p in present if rule.deputies_count or not p.is_deputy]
    by_organisation = Counter(p.organisation for p in counted)
    shortfalls = []
    minimum_total = max(rule.minimum_total, 1)
    if len(counted) < minimum_total:
        shortfalls.append(Shortfall(None, minimum_total, len(counted)))
    for organisation, required in rule.per_organisation.items():
        if by_organisation[organisation] < required:
            shortfalls.append(Shortfall(organisation, required, by_organisation[organisation]))
    return QuorumOutcome(
        quorate=not shortfalls,
        counted=len(counted),
        shortfalls=tuple(shortfalls),
        deputies_excluded=len(present) - len(counted),
    )
