"""Derived governance facts, each computed by one pure function that pages, API and reports reuse.

Nothing here touches the database: the selectors in ``querysets.py`` gather the inputs.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from math import ceil

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


def membership_current_on(
    planned: bool, started_on: date | None, ended_on: date | None, day: date
) -> bool:
    """A member on ``day``: from the start date to the end date, both included; a planned post,
    not yet filled, never is."""
    if planned:
        return False
    return (started_on is None or started_on <= day) and (ended_on is None or ended_on >= day)


def membership_changes(planned: bool, started_on: date | None, ended_on: date | None) -> tuple:
    """The days on which ``membership_current_on`` can change its answer: the start, and the
    day after the end (none for a planned post). Between two such days it gives one answer."""
    if planned:
        return ()
    return tuple(day for day in (started_on, add_days(ended_on, 1)) if day is not None)


def is_delegated_on(
    status: str, effective_from: date | None, revoked_on: date | None, day: date
) -> bool:
    """Nothing is delegated until it is delegated: only from its effective date, until revoked."""
    if status == "proposed" or effective_from is None or day < effective_from:
        return False
    return revoked_on is None or day < revoked_on


class DeputyRule(models.TextChoices):
    """Whether a deputy attending in place of a member counts towards quorum."""

    NOT_COUNTED = "not_counted", "Deputies do not count"
    COUNT = "count", "Nominated deputies count"
    CHAIR_AGREEMENT = (
        "chair_agreement",
        "Named deputies count; other deputies only with the chair's agreement",
    )


_FRACTIONS = {
    (1, 2): "half",
    (1, 3): "one third",
    (2, 3): "two thirds",
    (1, 4): "one quarter",
    (3, 4): "three quarters",
}


def fraction_label(numerator: int, denominator: int) -> str:
    """A fraction in words where it has a common name ("one third"), else "2/5"."""
    return _FRACTIONS.get((numerator, denominator), f"{numerator}/{denominator}")


@dataclass(frozen=True)
class QuorumRule:
    """A quorum as terms of reference write it; every part set must be met.

    ``per_organisation``: organisation -> minimum of its representatives present (``names`` gives
    each organisation's name for the reasons). ``fraction``: (numerator, denominator) of the
    ``members`` current on the meeting date. ``named_role``: a role at least one of those
    counted must hold (e.g. "clinician", matched against each member's designation).
    """

    minimum_total: int = 0
    deputies: str = DeputyRule.NOT_COUNTED
    per_organisation: Mapping[Hashable, int] = field(default_factory=dict)
    names: Mapping[Hashable, str] = field(default_factory=dict)
    chair_or_vice_chair: bool = False
    fraction: tuple[int, int] | None = None
    members: int = 0
    named_role: str = ""


@dataclass(frozen=True)
class Presence:
    """One member (or deputy) present, and the organisation they represent.

    ``role`` is the committee role the person present holds themselves (a deputy does not
    take on the chair's role); ``designation`` the role they hold for a named-role rule;
    ``named_deputy`` whether the committee names them as a deputy; ``chair_agreed`` whether
    the chair's agreement to them deputising is recorded on the attendance.
    """

    organisation: Hashable | None
    is_deputy: bool = False
    role: str = ""
    designation: str = ""
    named_deputy: bool = False
    chair_agreed: bool = False


@dataclass(frozen=True)
class Shortfall:
    organisation: Hashable | None  # None: the minimum in all
    required: int
    present: int


@dataclass(frozen=True)
class QuorumCheck:
    """One part of the rule, whether it is met, and why in plain English."""

    met: bool
    reason: str


@dataclass(frozen=True)
class QuorumOutcome:
    # None when no terms of reference were in force, or the meeting has not been held yet
    quorate: bool | None
    counted: int = 0
    shortfalls: tuple[Shortfall, ...] = ()
    deputies_excluded: int = 0
    checks: tuple[QuorumCheck, ...] = ()
    notes: tuple[str, ...] = ()
    not_yet_held: bool = False

    @property
    def label(self) -> str:
        """The outcome in words, as pages and exports show it."""
        if self.not_yet_held:
            return "Not yet known"
        if self.quorate is None:
            return "No terms in force"
        return "Quorate" if self.quorate else "Not quorate"


def plural(count: int, word: str) -> str:
    """ "1 deputy", "2 deputies", "3 members"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def _deputy_counts(rule: QuorumRule, presence: Presence) -> bool:
    if not presence.is_deputy:
        return True
    if rule.deputies == DeputyRule.COUNT:
        return True
    if rule.deputies == DeputyRule.CHAIR_AGREEMENT:
        return presence.named_deputy or presence.chair_agreed
    return False


def _organisation_check(name: str, required: int, present: int) -> QuorumCheck:
    if present < required:
        reason = f"{name}: {present} of {plural(required, 'representative')} present"
    else:
        reason = f"{name}: {plural(present, 'representative')} present, {required} needed"
    return QuorumCheck(present >= required, reason)


def _deputy_notes(rule: QuorumRule, present: list[Presence]) -> tuple[str, ...]:
    deputies = [p for p in present if p.is_deputy]
    if not deputies:
        return ()
    counted = [p for p in deputies if _deputy_counts(rule, p)]
    excluded = len(deputies) - len(counted)
    notes = []
    if counted:
        notes.append(f"{plural(len(counted), 'deputy')} counted in place of absent members.")
    if excluded and rule.deputies == DeputyRule.CHAIR_AGREEMENT:
        notes.append(
            f"{plural(excluded, 'deputy')} not counted: not named as a deputy and no chair's "
            "agreement recorded."
        )
    elif excluded:
        notes.append(
            f"{plural(excluded, 'deputy')} not counted: these terms do not count deputies."
        )
    return tuple(notes)


def assess_quorum(rule: QuorumRule | None, present: Iterable[Presence]) -> QuorumOutcome:
    """Whether those present make the meeting quorate under ``rule``, part by part.

    Deputies count only where the rule allows; a meeting needs at least one member present even
    when the rule sets no minimum.
    """
    if rule is None:
        return QuorumOutcome(quorate=None)
    present = list(present)
    counted = [p for p in present if _deputy_counts(rule, p)]
    by_organisation = Counter(p.organisation for p in counted)
    shortfalls = []
    checks = []
    minimum_total = max(rule.minimum_total, 1)
    if len(counted) < minimum_total:
        shortfalls.append(Shortfall(None, minimum_total, len(counted)))
    if rule.minimum_total or not counted:
        checks.append(
            QuorumCheck(
                len(counted) >= minimum_total,
                f"Members in all: {len(counted)} present, at least {minimum_total} needed",
            )
        )
    for organisation, required in rule.per_organisation.items():
        here = by_organisation[organisation]
        if here < required:
            shortfalls.append(Shortfall(organisation, required, here))
        name = rule.names.get(organisation) or str(organisation)
        checks.append(_organisation_check(name, required, here))
    if rule.chair_or_vice_chair:
        chairs = [p for p in present if not p.is_deputy and p.role in CHAIR_ROLES]
        checks.append(
            QuorumCheck(True, "The chair or vice-chair is present")
            if chairs
            else QuorumCheck(False, "Neither the chair nor the vice-chair is present")
        )
    if rule.fraction:
        numerator, denominator = rule.fraction
        required = max(ceil(rule.members * numerator / denominator), 1)
        checks.append(
            QuorumCheck(
                len(counted) >= required,
                f"{fraction_label(numerator, denominator).capitalize()} of the "
                f"{plural(rule.members, 'member')}: {len(counted)} present, {required} needed",
            )
        )
    if rule.named_role:
        wanted = rule.named_role.strip().lower()
        holders = sum(1 for p in counted if p.designation.strip().lower() == wanted)
        checks.append(
            QuorumCheck(
                holders > 0,
                f"A {rule.named_role} present: {holders} present"
                if holders
                else f"No {rule.named_role} present: at least one needed",
            )
        )
    return QuorumOutcome(
        quorate=all(c.met for c in checks) and not shortfalls,
        counted=len(counted),
        shortfalls=tuple(shortfalls),
        deputies_excluded=len(present) - len(counted),
        checks=tuple(checks),
        notes=_deputy_notes(rule, present),
    )


# The committee roles that satisfy a "chair or vice-chair present" rule.
CHAIR_ROLES = frozenset({"chair", "vice_chair", "independent_chair"})

NOT_YET_HELD_QUORUM = QuorumOutcome(quorate=None, not_yet_held=True)


def a_year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def interest_review_due(
    declared_on: date, reviewed_on: date | None, withdrawn_on: date | None, as_at: date
) -> bool:
    """An interest on the register is reviewed at least yearly: its review is due when it was
    not reviewed (or, never reviewed, declared) in the twelve months to ``as_at``."""
    if withdrawn_on is not None:
        return False
    return (reviewed_on or declared_on) <= a_year_before(as_at)
