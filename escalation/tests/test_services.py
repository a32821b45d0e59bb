"""Cases on the West Norfolk JWA's route for CCG actions (000): NHS England asks for a written
explanation covering reasons, mitigations and a revised timetable."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.models import EscalationCase
from tests import factories

pytestmark = pytest.mark.django_db

EXPLANATION = "Written explanation covering reasons, mitigations and a revised timetable"


@pytest.fixture
def route(system, office, organisation, partner, in_scope):
    board = factories.CommitteeFactory(system=system, name="Local Oversight Group")
    return services.route_create(
        actor=office,
        system=system,
        name="CCG actions",
        clause="Escalation table",
        covers_organisation=organisation,
        steps=[
            {
                "order": 1,
                "escalate_to_organisation": partner,
                "response_required": EXPLANATION,
                "response_due_days": 14,
                "step_up_after_days": 30,
            },
            {"order": 2, "escalate_to_committee": board, "response_required": ""},
        ],
    )


@pytest.fixture
def case(route, office):
    return services.case_raise(
        actor=office,
        route=route,
        reason="Implementation plan not received by 4 August 2015",
        raised_on=date(2015, 8, 5),
        subject_text="Implementation plan",
    )


def test_raised_case_awaits_the_response_its_step_requires(case, organisation):
    assert case.status == EscalationCase.Status.AWAITING_RESPONSE
    assert case.organisation == organisation
    assert case.response_due_on == date(2015, 8, 19)
    assert case.step_up_due_on == date(2015, 9, 4)


def test_cannot_be_resolved_without_the_response(case, office):
    with pytest.raises(ValidationError):
        services.case_resolve(actor=office, case=case)
    assert EscalationCase.objects.get(pk=case.pk).status == "awaiting_response"


def test_response_needs_reasons_and_mitigations_not_a_timetable(case, lead):
    with pytest.raises(ValidationError) as error:
        services.case_respond(
            actor=lead,
            case=case,
            reasons="Capacity",
            mitigations="",
            revised_timetable="",
            responded_on=date(2015, 8, 12),
        )
    # The revised timetable is "if applicable" (JWA s.4, item 2): it may be left out.
    assert set(error.value.message_dict) == {"mitigations"}


def test_full_life_with_an_event_log(case, office, lead, chair):
    services.case_respond(
        actor=lead,
        case=case,
        reasons="Capacity in the finance team",
        mitigations="Interim support from the CSU",
        revised_timetable="Plan by 21 August 2015",
        responded_on=date(2015, 8, 12),
    )
    services.case_flag(actor=chair, case=case, flagged=True)
    services.case_resolve(actor=office, case=case, note="Plan received")
    events = [(e.action, e.from_status, e.to_status, e.by) for e in case.events.all()]
    assert events == [
        ("raise", "", "awaiting_response", office),
        ("respond", "awaiting_response", "responded", lead),
        ("flag", "responded", "responded", chair),
        ("resolve", "responded", "resolved", office),
    ]
    assert case.flagged_for_chair


def test_step_up_moves_to_the_next_step_and_restarts_its_clock(case, office):
    services.case_step_up(actor=office, case=case, on=date(2015, 9, 5))
    case.refresh_from_db()
    assert (case.current_step.order, case.status, case.step_since) == (
        2,
        "stepped_up",
        date(2015, 9, 5),
    )
    # The second step requires no response, so the oversight group can resolve it.
    services.case_resolve(actor=office, case=case)
    with pytest.raises(ValidationError):
        services.case_step_up(actor=office, case=case, on=date(2015, 10, 1))


def test_closing_needs_a_reason(case, office):
    with pytest.raises(ValidationError):
        services.case_close(actor=office, case=case, note="")


def test_a_risk_scores_itself(system, office, in_scope):
    risk = services.risk_create(
        actor=office,
        system=system,
        reference="R1",
        title="Workforce supply",
        category="workforce",
        likelihood=4,
        impact=4,
    )
    assert (risk.score, risk.rating) == (16, "extreme")
    with pytest.raises(ValidationError):
        services.risk_create(
            actor=office, system=system, reference="R2", title="x", category="quality", impact=6
        )
