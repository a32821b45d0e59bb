"""Funds, their rows and cost-sharing splits corrected and withdrawn through the services:
an allow-list of what changes, the old values in the history, withdrawn rows kept, not summed."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from finance import querysets, services
from finance.models import CostShareLine, FundContribution, RecordStatus
from tests import factories, record_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(office, system, year, in_scope):
    return services.fund_create(
        actor=office,
        system=system,
        name="System Investment Fund (SIF)",
        kind="investment_fund",
        year=year,
    )


@pytest.fixture
def decision(system):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2019, 9, 1)
    )
    return record_factories.DecisionFactory(meeting=meeting, title="Diabetes investment")


def test_a_fund_correction_keeps_the_old_details_and_reason(office, fund):
    services.fund_update(actor=office, fund=fund, reason="As minuted", gateway="Via the panel")
    fund.refresh_from_db()
    assert fund.gateway == "Via the panel"
    latest = fund.history.first()
    assert latest.history_change_reason == "As minuted"
    assert fund.history.last().gateway == ""


def test_a_fund_correction_refuses_another_systems_committee(office, fund, other_system):
    theirs = factories.CommitteeFactory(system=other_system)
    with pytest.raises(ValidationError, match="committee in this system"):
        services.fund_update(actor=office, fund=fund, decided_by=theirs)
    fund.refresh_from_db()
    assert fund.decided_by is None


def test_a_withdrawn_fund_needs_a_reason_is_kept_and_takes_nothing_more(office, fund, organisation):
    with pytest.raises(ValidationError, match="Say why"):
        services.fund_withdraw(actor=office, fund=fund, reason="  ")
    services.fund_withdraw(actor=office, fund=fund, reason="Recorded twice")
    fund.refresh_from_db()
    assert fund.status == RecordStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="withdrawn"):
        services.fund_contribution_add(
            actor=office, fund=fund, organisation=organisation, amount=D("10")
        )
    with pytest.raises(ValidationError, match="withdrawn"):
        services.fund_update(actor=office, fund=fund, source="Paper")
    # Its name may be given to a new fund.
    services.fund_create(actor=office, system=fund.system, name=fund.name, kind="contingency")


def test_withdrawn_rows_are_kept_and_not_summed(office, system, year, fund, organisation, partner):
    kept = services.fund_contribution_add(
        actor=office, fund=fund, organisation=organisation, amount=D("1500")
    )
    wrong = services.fund_contribution_add(
        actor=office, fund=fund, organisation=partner, amount=D("900")
    )
    services.fund_allocation_add(actor=office, fund=fund, amount=D("400"), purpose="Digital")
    services.fund_contribution_withdraw(actor=office, contribution=wrong, reason="Not agreed")
    (shown,) = querysets.funds_for(office, system, year)
    assert shown.contributed == D("1500") and shown.allocated == D("400")
    assert [c.pk for c in shown.contributions.all()] == [kept.pk]
    assert FundContribution.objects.get(pk=wrong.pk).status == RecordStatus.WITHDRAWN


def test_a_withdrawn_fund_leaves_the_years_funds(office, system, year, fund):
    services.fund_withdraw(actor=office, fund=fund, reason="Never set up")
    assert list(querysets.funds_for(office, system, year)) == []
    overview = querysets.overview(office, system, year)
    assert [(stem, row.pk) for stem, _, row in overview.withdrawn] == [("fund", fund.pk)]


def test_row_corrections_change_only_what_they_offer(office, fund, organisation, decision):
    contribution = services.fund_contribution_add(
        actor=office, fund=fund, organisation=organisation, amount=D("10")
    )
    services.fund_contribution_update(
        actor=office, contribution=contribution, amount=D("12"), reason="Typo"
    )
    assert contribution.history.first().history_change_reason == "Typo"
    with pytest.raises(TypeError, match="organisation"):
        services.fund_contribution_update(
            actor=office, contribution=contribution, organisation=organisation
        )
    drawdown = services.fund_drawdown(
        actor=office,
        fund=fund,
        amount=D("5"),
        purpose="Scheme",
        decision=decision,
        drawn_on=date(2019, 10, 1),
    )
    with pytest.raises(ValidationError, match="before it was approved"):
        services.fund_drawdown_update(actor=office, drawdown=drawdown, drawn_on=date(2019, 8, 1))
    drawdown.refresh_from_db()
    assert drawdown.drawn_on == date(2019, 10, 1)
    services.fund_drawdown_withdraw(actor=office, drawdown=drawdown, reason="Reversed")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.fund_drawdown_update(actor=office, drawdown=drawdown, amount=D("6"))


def test_a_split_is_corrected_all_at_once_and_must_add_up(
    office, system, year, organisation, partner, in_scope
):
    share = services.cost_share_create(
        actor=office,
        system=system,
        name="SDU funding",
        year=year,
        lines=[(organisation, D("60")), (partner, D("40"))],
    )
    with pytest.raises(ValidationError, match="add up to 95%, not 100%"):
        services.cost_share_update(
            actor=office,
            cost_share=share,
            lines=[(organisation, D("55")), (partner, D("40"))],
            source="Appendix 2",
        )
    share.refresh_from_db()
    assert share.source == ""  # nothing half-saved
    assert sorted(share.lines.values_list("percent", flat=True)) == [D("40"), D("60")]
    services.cost_share_update(
        actor=office, cost_share=share, lines=[(organisation, D("100"))], reason="Revised split"
    )
    line = CostShareLine.objects.get(organisation=organisation)
    assert line.history.first().history_change_reason == "Revised split"
    left_out = CostShareLine.objects.get(organisation=partner)
    assert left_out.status == RecordStatus.WITHDRAWN
    (shown,) = querysets.cost_shares_for(office, system, year)
    assert shown.total_percent == D("100")
    # Back in the split: a new line beside the withdrawn one.
    services.cost_share_update(
        actor=office, cost_share=share, lines=[(organisation, D("50")), (partner, D("50"))]
    )
    assert CostShareLine.objects.filter(organisation=partner).count() == 2


def test_a_withdrawn_split_is_kept_and_leaves_the_years_splits(
    office, system, year, organisation, in_scope
):
    share = services.cost_share_create(
        actor=office, system=system, name="SDU funding", year=year, lines=[(organisation, 100)]
    )
    services.cost_share_withdraw(actor=office, cost_share=share, reason="Superseded")
    assert list(querysets.cost_shares_for(office, system, year)) == []
    with pytest.raises(ValidationError, match="withdrawn"):
        services.cost_share_update(actor=office, cost_share=share, name="Renamed")
