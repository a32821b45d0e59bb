import pytest
from django.core.exceptions import ValidationError

from escalation.models import EscalationCase
from escalation.rules import (
    CaseAction,
    CaseStatus,
    next_status,
    response_given,
    risk_rating,
    risk_score,
)


def test_cannot_resolve_without_the_required_response():
    with pytest.raises(ValidationError, match="requires a response"):
        next_status(CaseStatus.OPEN, CaseAction.RESOLVE, response_required=True, has_response=False)


def test_resolves_once_responded():
    status = next_status(
        CaseStatus.RESPONDED, CaseAction.RESOLVE, response_required=True, has_response=True
    )
    assert status == CaseStatus.RESOLVED


def test_resolves_without_response_where_none_is_required():
    status = next_status(
        CaseStatus.OPEN, CaseAction.RESOLVE, response_required=False, has_response=False
    )
    assert status == CaseStatus.RESOLVED


@pytest.mark.parametrize(
    ("current", "action"),
    [
        (CaseStatus.CLOSED, CaseAction.RESPOND),
        (CaseStatus.RESOLVED, CaseAction.STEP_UP),
        (CaseStatus.CLOSED, CaseAction.CLOSE),
        (CaseStatus.RESPONDED, CaseAction.REQUEST_RESPONSE),
    ],
)
def test_transitions_not_allowed(current, action):
    with pytest.raises(ValidationError):
        next_status(current, action, response_required=False, has_response=True)


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "rating"),
    [
        (1, 3, 3, "low"),
        (2, 2, 4, "moderate"),
        (2, 3, 6, "moderate"),
        (2, 4, 8, "high"),
        (3, 4, 12, "high"),
        (3, 5, 15, "extreme"),
        (5, 5, 25, "extreme"),
    ],
)
def test_risk_score_and_rating(likelihood, impact, score, rating):
    assert risk_score(likelihood, impact) == score
    assert risk_rating(score) == rating


def test_unscored_risk_has_no_rating():
    assert risk_score(None, 4) is None
    assert risk_rating(None) is None


@pytest.mark.parametrize(
    ("reasons", "mitigations", "given"),
    [("Staff", "Agency cover", True), ("Staff", "  ", False), ("", "Agency cover", False)],
)
def test_a_response_is_given_with_reasons_and_mitigations(reasons, mitigations, given):
    assert response_given(reasons, mitigations) is given
    case = EscalationCase(response_reasons=reasons, response_mitigations=mitigations)
    assert case.has_response is given
