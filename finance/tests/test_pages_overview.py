"""The finance overview: who sees it, what it shows and what it costs."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from core.roles import Role
from core.scoping import scope
from finance import services
from finance.tests.page_helpers import (
    add_control_total,
    add_efficiency,
    add_partner,
    overview_url,
)
from tests import factories, record_factories
from tests.permissions.roles import ROLES

pytestmark = pytest.mark.django_db


# -- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_in_the_system_sees_the_overview(client_for, role, system, figures):
    client = client_for(role)
    response = client.get(overview_url(system))
    assert response.status_code == 200
    content = response.content.decode()
    # CCG total 2,180; provider (54,340) + 33,649 = (20,691); system (18,511).
    assert "2,180" in content
    assert "(20,691)" in content
    assert "(18,511)" in content
    assert "Every stated total reconciles" in content


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.PROGRAMME_OFFICE, True), (Role.REGULATOR, False)]
)
def test_record_button_only_for_the_programme_office(client_for, system, year, role, shown):
    client = client_for(role)
    content = client.get(overview_url(system)).content.decode()
    grid = reverse("finance:monthly-position-grid", args=[system.slug])
    assert (f'href="{grid}' in content) is shown


# -- the overview's content --------------------------------------------------------------------


def test_ccgs_come_before_providers_then_others(client, office, system, organisation, year):
    ccg = add_partner(system, kind="ccg")
    council = add_partner(system, kind="local_authority")
    with scope([system]):
        for partner in (council, organisation, ccg):
            add_control_total(office, system, partner, year, "10")
    client.force_login(office)
    content = client.get(overview_url(system)).content.decode()
    order = [content.index(s) for s in (ccg.name, "CCG total", organisation.name)]
    order += [content.index(s) for s in ("Provider total", council.name, "System total")]
    assert order == sorted(order)


def test_reconciliation_names_each_difference(client, office, system, figures, year):
    with scope([system]):
        services.stated_total_create(
            actor=office,
            system=system,
            year=year,
            table="efficiency_plans",
            group="ccg",
            column="percent",
            value=D("4.00"),
        )
    client.force_login(office)
    content = client.get(overview_url(system)).content.decode()
    assert "nhsuk-card--warning" in content
    # 15,536 of 389,629 is 3.99%.
    assert "Efficiency plans, CCGs, Efficiency %: Stated 4.00%, computed 3.99%" in content
    assert "difference -0.01%" in content


def test_funds_show_drawdowns_linked_to_the_deciding_meeting(
    client, office, system, organisation, year
):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2019, 5, 1)
    )
    decision = record_factories.DecisionFactory(meeting=meeting, title="Support for winter")
    with scope([system]):
        fund = services.fund_create(
            actor=office, system=system, name="Risk reserve", kind="risk_reserve", year=year
        )
        services.fund_contribution_add(
            actor=office, fund=fund, organisation=organisation, amount=D("8000")
        )
        services.fund_allocation_add(
            actor=office, fund=fund, organisation=organisation, amount=D("6000")
        )
        services.fund_drawdown(
            actor=office,
            fund=fund,
            amount=D("1234"),
            purpose="Winter beds",
            decision=decision,
            drawn_on=date(2019, 6, 1),
        )
    client.force_login(office)
    content = client.get(overview_url(system)).content.decode()
    assert reverse("governance:meeting-detail", args=[system.slug, meeting.pk]) in content
    assert "Support for winter" in content
    assert "8,000" in content and "6,000" in content and "1,234" in content


def test_cost_share_lines_and_their_total(client, office, system, organisation, partner, year):
    with scope([system]):
        services.cost_share_set(
            actor=office,
            system=system,
            name="SDU funding",
            year=year,
            lines=[(organisation, D("62.5")), (partner, D("37.5"))],
        )
    client.force_login(office)
    content = client.get(overview_url(system)).content.decode()
    assert "62.50%" in content and "37.50%" in content and "100.00%" in content


def test_year_selector_defaults_to_the_latest_year(client, office, system, organisation, year):
    later = services.financial_year_create(
        actor=office, label="2020/21", starts_on=date(2020, 4, 1), ends_on=date(2021, 3, 31)
    )
    services.financial_year_create(
        actor=office, label="2021/22", starts_on=date(2021, 4, 1), ends_on=date(2022, 3, 31)
    )
    with scope([system]):
        add_control_total(office, system, organisation, year, "-111")
        add_control_total(office, system, organisation, later, "-222")
    client.force_login(office)
    response = client.get(overview_url(system))
    # The years with data in this system are offered, and the year after the latest of them
    # once it has started (its figures still to record); the latest with data is shown.
    assert [y.label for y in response.context["years"]] == ["2019/20", "2020/21", "2021/22"]
    assert "(222)" in response.content.decode()
    older = client.get(overview_url(system, year="2019/20")).content.decode()
    assert "(111)" in older and "(222)" not in older


def test_system_without_figures_says_so(client, office, system):
    client.force_login(office)
    assert "No financial figures" in client.get(overview_url(system)).content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_overview_query_count_is_constant(
    client, office, system, year, rows, django_assert_num_queries
):
    meeting = factories.MeetingFactory(committee=factories.CommitteeFactory(system=system))
    decision = record_factories.DecisionFactory(meeting=meeting, title="Approved")
    with scope([system]):
        fund = services.fund_create(
            actor=office, system=system, name="Fund", kind="contingency", year=year
        )
        partners = [add_partner(system, kind="ccg" if n % 2 else "nhs_trust") for n in range(rows)]
        for partner in partners:
            add_control_total(office, system, partner, year, "-100", psf="50")
            add_efficiency(office, system, partner, year, "10", "5", "1000")
            services.monthly_position_record(
                actor=office,
                system=system,
                organisation=partner,
                year=year,
                month=date(2019, 6, 1),
                ytd_plan=D("-10"),
                ytd_actual=D("-12"),
                forecast_outturn=D("-100"),
            )
            services.fund_contribution_add(
                actor=office, fund=fund, organisation=partner, amount=D("1")
            )
            services.fund_allocation_add(actor=office, fund=fund, organisation=partner, amount=1)
            services.fund_drawdown(
                actor=office,
                fund=fund,
                amount=D("1"),
                purpose="Scheme",
                decision=decision,
                drawn_on=meeting.held_on,
                organisation=partner,
            )
        services.cost_share_set(
            actor=office,
            system=system,
            name="Split",
            year=year,
            lines=[(p, D(100) / rows) for p in partners],
        )
    client.force_login(office)
    # 1 session, 2 user, 3 the user's accesses (authz), 4 the system from the URL,
    # 5 years with data in the system, 6 the year after them if started, 7 control totals
    # with organisations, 8 efficiency plans with organisations, 9 withdrawn funds, 10 withdrawn
    # cost shares, 11 stated totals, 12 funds with their sums, 13 their contributions,
    # 14 allocations, 15 drawdowns with decisions and meetings, 16 cost shares with their
    # totals, 17 their lines, 18 monthly positions, 19 the header's list of the user's systems,
    # 20-22 saving the session's current system (savepoint, update, release). (With a year
    # before this one, one more: its organisations still to record this year.)
    with django_assert_num_queries(22):
        response = client.get(overview_url(system))
    assert response.status_code == 200
    assert len(response.context["overview"].positions) == rows
