from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from finance import services
from finance.models import CostShareLine, RecordStatus
from tests import factories, record_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(office):
    return services.financial_year_create(
        actor=office, label="2019/20", starts_on=date(2019, 4, 1), ends_on=date(2020, 3, 31)
    )


def test_cost_share_must_total_100(office, system, organisation, partner, in_scope):
    with pytest.raises(ValidationError) as error:
        services.cost_share_set(
            actor=office,
            system=system,
            name="SDU funding",
            lines=[(organisation, Decimal("60")), (partner, Decimal("30"))],
        )
    assert "90%, not 100%" in str(error.value)
    share = services.cost_share_set(
        actor=office,
        system=system,
        name="SDU funding",
        lines=[(organisation, Decimal("62.5")), (partner, Decimal("37.5"))],
    )
    assert sorted(share.lines.values_list("percent", flat=True)) == [
        Decimal("37.5"),
        Decimal("62.5"),
    ]
    services.cost_share_set(
        actor=office, system=system, name="SDU funding", lines=[(organisation, Decimal("100"))]
    )
    current = CostShareLine.objects.filter(status=RecordStatus.CURRENT)
    assert list(current.values_list("percent", flat=True)) == [Decimal("100")]
    # The line left out is withdrawn, kept on record, never deleted.
    assert CostShareLine.objects.get(status=RecordStatus.WITHDRAWN).percent == Decimal("37.5")


def test_drawdown_is_tied_to_a_decision_of_the_system(office, system, other_system, in_scope):
    fund = services.fund_create(
        actor=office, system=system, name="System Investment Fund", kind="investment_fund"
    )
    ours = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2018, 3, 1)
    )
    theirs = factories.MeetingFactory(committee=factories.CommitteeFactory(system=other_system))
    decision = record_factories.DecisionFactory(
        meeting=ours, title="Diabetes investment", amount_thousands=2900
    )
    foreign = record_factories.DecisionFactory(meeting=theirs, title="Elsewhere")
    with pytest.raises(ValidationError):
        services.fund_drawdown(
            actor=office,
            fund=fund,
            amount=Decimal("2900"),
            purpose="Diabetes",
            decision=foreign,
            drawn_on=date(2018, 4, 1),
        )
    with pytest.raises(ValidationError):
        services.fund_drawdown(
            actor=office,
            fund=fund,
            amount=Decimal("2900"),
            purpose="Diabetes",
            decision=decision,
            drawn_on=date(2018, 2, 1),
        )
    drawdown = services.fund_drawdown(
        actor=office,
        fund=fund,
        amount=Decimal("2900"),
        purpose="Diabetes",
        decision=decision,
        drawn_on=date(2018, 4, 1),
    )
    assert drawdown.history.first().history_user == office


def test_control_total_net_and_monthly_variance(office, system, organisation, year, in_scope):
    total = services.control_total_create(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        allocation_or_income=Decimal("200000"),
        plan_surplus_deficit=Decimal("-30000"),
        psf=Decimal("10000"),
        frf=Decimal("12000"),
        mret=Decimal("1000"),
    )
    assert total.net == Decimal("-7000")
    position = services.monthly_position_record(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        month=date(2019, 6, 15),
        ytd_plan=Decimal("-1500"),
        ytd_actual=Decimal("-1800"),
        forecast_outturn=Decimal("-7000"),
    )
    assert (position.month, position.variance) == (date(2019, 6, 1), Decimal("-300"))
