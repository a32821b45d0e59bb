"""Escalation case transitions and risk ratings: pure rules, reused by services, pages and API."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from core.dates import add_days


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    RESPONDED = "responded", "Responded"
    RESOLVED = "resolved", "Resolved"
    STEPPED_UP = "stepped_up", "Stepped up"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CaseAction(models.TextChoices):
    RAISE = "raise", "Raised"
    REQUEST_RESPONSE = "request_response", "Response requested"
    RESPOND = "respond", "Responded"
    RESOLVE = "resolve", "Resolved"
    STEP_UP = "step_up", "Stepped up"
    CLOSE = "close", "Closed"
    FLAG = "flag", "Flagged for the chair's report"
    UNFLAG = "unflag", "No longer flagged"
    WITHDRAW = "withdraw", "Withdrawn"


ACTIVE = {
    CaseStatus.OPEN,
    CaseStatus.AWAITING_RESPONSE,
    CaseStatus.RESPONDED,
    CaseStatus.STEPPED_UP,
}


def response_given(reasons: str, mitigations: str) -> bool:
    """A case has its response when the reasons and mitigations are given (a revised timetable
    only if applicable): ``EscalationCase.has_response``, for a case read as its columns."""
    return bool(reasons.strip() and mitigations.strip())


# action -> (statuses it may be taken from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    CaseAction.REQUEST_RESPONSE: (
        frozenset({CaseStatus.OPEN, CaseStatus.STEPPED_UP}),
        CaseStatus.AWAITING_RESPONSE,
    ),
    CaseAction.RESPOND: (
        frozenset({CaseStatus.OPEN, CaseStatus.AWAITING_RESPONSE, CaseStatus.STEPPED_UP}),
        CaseStatus.RESPONDED,
    ),
    CaseAction.RESOLVE: (
        frozenset({CaseStatus.OPEN, CaseStatus.RESPONDED, CaseStatus.STEPPED_UP}),
        CaseStatus.RESOLVED,
    ),
    CaseAction.STEP_UP: (frozenset(ACTIVE), CaseStatus.STEPPED_UP),
    CaseAction.CLOSE: (frozenset(ACTIVE | {CaseStatus.RESOLVED}), CaseStatus.CLOSED),
    # Raised in error or overtaken (not concluded, as a closed case is): kept and labelled.
    CaseAction.WITHDRAW: (frozenset(ACTIVE), CaseStatus.WITHDRAWN),
}


def next_status(current: str, action: str, *, response_required: bool, has_response: bool) -> str:
    """The status after ``action``, or a ValidationError saying why it cannot be taken.

    A case cannot be resolved without the response its step requires.
    """
    allowed_from, to = TRANSITIONS[action]
    if current not in allowed_from:
        label = CaseStatus(current).label.lower()
        raise ValidationError(
            f"A case that is {label} cannot be {CaseAction(action).label.lower()}."
        )
    if action == CaseAction.RESOLVE and response_required and not has_response:
        raise ValidationError(
            "This step requires a response before the case can be resolved: record the reasons and "
            "mitigations first."
        )
    return to


def more_than_months_after(day: date, months: int) -> date:
    """The first day that is more than ``months`` calendar months after ``day``: the day after
    the same day ``months`` later (held at the month's end: 31 January + 1 month is
    28 February, so more than one month is from 1 March)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max  # a stored slip (year 9999) plus a period: the end of time, no error
    last_day = calendar.monthrange(year, month + 1)[1]
    return add_days(date(year, month + 1, min(day.day, last_day)), 1)


def step_up_period_label(days: int | None, months: int | None) -> str:
    """The step's agreed period in words, as the agreement gives it; "" when it sets none."""
    if months:
        return f"more than {months} month{'s' if months != 1 else ''}"
    if days:
        return f"{days} day{'s' if days != 1 else ''}"
    return ""


def earliest_step_up(
    step_since: date, step_up_after_days: int | None, step_up_after_months: int | None = None
) -> date:
    """The first day a case may move on from its step: when the step's agreed period has run
    since the case reached it. A period in months is "more than N months" in calendar terms
    (the Cumbria PAG MoU: "unresolved after more than one month after referral to the PAG");
    one in days is that many days later."""
    if step_up_after_months:
        return more_than_months_after(step_since, step_up_after_months)
    return add_days(step_since, step_up_after_days or 0)


def check_step_up_on(
    on: date,
    *,
    step_since: date,
    step_up_after_days: int | None,
    today: date,
    step_up_after_months: int | None = None,
) -> None:
    """A step-up is recorded on a day that has come, and not before the step's period has
    run: a ValidationError on ``on`` saying which day it may be, otherwise nothing."""
    if on > today:
        raise ValidationError({"on": "A step-up cannot be recorded on a date after today."})
    earliest = earliest_step_up(step_since, step_up_after_days, step_up_after_months)
    if on < earliest:
        reached = f"{step_since:%-d %B %Y}"
        period = step_up_period_label(step_up_after_days, step_up_after_months)
        if period:
            message = (
                f"This step allows {period} from {reached}, when the case "
                f"reached it: it can be stepped up from {earliest:%-d %B %Y}."
            )
        else:
            message = f"The case reached this step on {reached}: it cannot move on before then."
        raise ValidationError({"on": message})


def asks_programme_office(*, committee_id: int | None, organisation_id: int | None) -> bool:
    """A step that names only a role ("Employing CEO of the SRO", "A suitable regulatory body")
    names no one who signs in: its cases wait in the system's programme office's queue. A step
    that also names an organisation or a committee is theirs."""
    return committee_id is None and organisation_id is None


class RiskRating(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    EXTREME = "extreme", "Extreme"


def risk_score(likelihood: int | None, impact: int | None) -> int | None:
    if likelihood is None or impact is None:
        return None
    return likelihood * impact


def risk_rating(score: int | None) -> RiskRating | None:
    """The NHS 5x5 matrix bands: 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme."""
    if score is None:
        return None
    if score <= 3:
        return RiskRating.LOW
    if score <= 6:
        return RiskRating.MODERATE
    if score <= 12:
        return RiskRating.HIGH
    return RiskRating.EXTREME


class RiskGrade(models.TextChoices):
    """A qualitative rating, written as a register that rates on a High / Medium / Low scale
    gives it (Norfolk and Waveney's key risks table: "H", "M"). It is not a score: it is never
    turned into a likelihood and an impact, nor a score into a grade."""

    HIGH = "H", "H"
    MEDIUM = "M", "M"
    LOW = "L", "L"


GRADE_WORDS = {RiskGrade.HIGH: "high", RiskGrade.MEDIUM: "medium", RiskGrade.LOW: "low"}

# Ranking risks across registers, some rated H / M / L and some by likelihood x impact, orders
# them by band without converting one into the other. The matrix:
#
#   band       a score (likelihood x impact)    a qualitative grade
#   extreme    15-25                             (none: no grade says more than high)
#   high       8-12                              H
#   moderate   4-6                               M
#   low        1-3                               L
#
# A grade's band is itself (H ranks with the high scores); a score's band is its rating on the
# NHS 5x5 matrix (risk_rating). Each risk is still shown as its source rates it: "H" stays "H",
# 12 stays 12. Within a band, scored risks come by score (highest first), then graded ones.
GRADE_BAND = {
    RiskGrade.HIGH: RiskRating.HIGH,
    RiskGrade.MEDIUM: RiskRating.MODERATE,
    RiskGrade.LOW: RiskRating.LOW,
}
BAND_ORDER = {RiskRating.LOW: 1, RiskRating.MODERATE: 2, RiskRating.HIGH: 3, RiskRating.EXTREME: 4}


def risk_band(grade: str, score: int | None) -> RiskRating | None:
    """The band a risk ranks in (the matrix above); None when it is neither graded nor scored."""
    if grade:
        return GRADE_BAND[RiskGrade(grade)]
    return risk_rating(score)


def band_rank(grade: str, score: int | None) -> int:
    """The band as a number to sort by (4 extreme ... 1 low; 0 neither graded nor scored)."""
    band = risk_band(grade, score)
    return BAND_ORDER[band] if band is not None else 0


def rank_value(grade: str, score: int | None) -> int:
    """One number that orders risks as the matrix says: the band first, then within a band the
    score (a graded risk, having none, after the scored ones). Only for sorting, never shown."""
    return band_rank(grade, score) * 100 + (score or 0)


def rank_key(grade: str, score: int | None, reference: str) -> tuple:
    """Highest band first; within a band the higher score, then the graded risks; then the
    reference. For ``sorted`` (ascending)."""
    return (-rank_value(grade, score), reference)


def rating_label(grade: str, score: int | None) -> str:
    """How the risk is rated, as its source gives it: the grade ("H"), or the score's rating
    with the score ("High (12)"); "Not rated" when it is neither."""
    if grade:
        return RiskGrade(grade).label
    rating = risk_rating(score)
    return f"{rating.label} ({score})" if rating is not None else "Not rated"
