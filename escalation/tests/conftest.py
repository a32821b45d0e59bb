"""Fixtures shared by the escalation test modules (the page tests' route, case and risk)."""

from datetime import timedelta

import pytest

from escalation import services
from escalation.tests.page_helpers import EXPLANATION, TODAY
from tests import factories


@pytest.fixture
def route(system, office, organisation, partner, in_scope):
    """Alpha's route for its trust's actions: a written explanation first, then the board."""
    board = factories.CommitteeFactory(system=system, name="Local Oversight Group")
    return services.route_create(
        actor=office,
        system=system,
        name="Trust actions",
        clause="Schedule 2, escalation table",
        agreement=factories.AgreementFactory(system=system, title="Alpha MoU"),
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
    """Raised 40 days ago, so its 14-day response is overdue."""
    return services.case_raise(
        actor=office,
        route=route,
        reason="Implementation plan not received",
        raised_on=TODAY - timedelta(days=40),
        subject_text="Implementation plan",
    )


@pytest.fixture
def risk(system):
    return factories.RiskFactory(
        system=system, reference="R1", title="Workforce supply", likelihood=4, impact=4
    )
