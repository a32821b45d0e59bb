"""The finance overview, recording a monthly position, and the dashboard's finance headline."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.scoping import scope
from finance import services
from finance.forms import month_in_year
from finance.models import MonthlyPosition
from finance.querysets import finance_headline
from finance.templatetags.finance_format import money, percent
from governance.models import Decision
from partners.models import System
from tests import factories

pytestmark = pytest.mark.django_db


def overview_url(system, **query):
    url = reverse("finance:overview", args=[system.slug])
    return f"{url}?year={query['year']}" if "year" in query else url


def create_url(system):
    return reverse("finance:monthly-position-create", args=[system.slug])


@pytest.fixture
def year(office):
    return services.financial_year_create(
        actor=office, label="2019/20", starts_on=date(2019, 4, 1), ends_on=date(2020, 3, 31)
    )


def add_control_total(office, system, organisation, year, plan, psf="0", allocation="100000"):
    return services.control_total_create(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        allocation_or_income=D(allocation),
        plan_surplus_deficit=D(plan),
        psf=D(psf),
    )


def add_efficiency(office, system, organisation, year, recurrent, non_recurrent, denominator):
    return services.efficiency_plan_create(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        recurrent=D(recurrent),
        non_recurrent=D(non_recurrent),
        denominator=D(denominator),
    )


def add_partner(system, kind="nhs_trust"):
    organisation = factories.OrganisationFactory(kind=kind)
    factories.PartnershipFactory(system=system, organisation=organisation)
    return organisation


@pytest.fixture
def figures(office, system, organisation, year):
    """A CCG and a provider with control totals, efficiency plans and stated totals."""
    ccg = add_partner(system, kind="ccg")
    with scope([system]):
        add_control_total(office, system, ccg, year, "2180", allocation="389629")
        add_control_total(office, system, organisation, year, "-54340", psf="33649")
        add_efficiency(office, system, ccg, year, "12236", "3300", "389629")
        add_efficiency(office, system, organisation, year, "22146", "4454", "643043")
        services.stated_total_create(
            actor=office,
            system=system,
            year=year,
            table="control_totals",
            group="system",
            column="net",
            value=D("-18511"),
        )
    return ccg


ROLES = ["office", "lead", "chair", "regulator"]


# -- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_in_the_system_sees_the_overview(client, request, role, system, figures):
    client.force_login(request.getfixturevalue(role))
    response = client.get(overview_url(system))
    assert response.status_code == 200
    content = response.content.decode()
    # CCG total 2,180; provider (54,340) + 33,649 = (20,691); system (18,511).
    assert "2,180" in content
    assert "(20,691)" in content
    assert "(18,511)" in content
    assert "Every stated total reconciles" in content


@pytest.mark.parametrize(("role", "shown"), [("office", True), ("regulator", False)])
def test_record_button_only_for_the_programme_office(client, request, system, year, role, shown):
    client.force_login(request.getfixturevalue(role))
    content = client.get(overview_url(system)).content.decode()
    assert (create_url(system) in content) is shown


# -- recording a monthly position ----------------------------------------------------------------


def position_data(partner, financial_year, **overrides):
    data = {
        "organisation": partner.pk,
        "year": financial_year.pk,
        "month": 10,
        "ytd_plan": "-1500",
        "ytd_actual": "-1750.50",
        "forecast_outturn": "-2587",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("role", ["lead", "chair", "regulator"])
def test_only_the_programme_office_records_positions(
    client, request, role, system, organisation, year, in_scope
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(create_url(system)).status_code == 403
    response = client.post(create_url(system), position_data(organisation, year))
    assert response.status_code == 403
    assert not MonthlyPosition.objects.exists()


def test_programme_office_records_a_position(client, office, system, organisation, year, in_scope):
    client.force_login(office)
    assert client.get(create_url(system)).status_code == 200
    response = client.post(create_url(system), position_data(organisation, year), follow=True)
    assert response.redirect_chain[-1][0] == overview_url(system, year="2019%2F20")
    position = MonthlyPosition.objects.get()
    assert position.month == date(2019, 10, 1)
    assert (position.ytd_plan, position.ytd_actual) == (D("-1500"), D("-1750.50"))
    assert position.history.get().history_user == office
    content = response.content.decode()
    assert "position for October 2019 recorded" in content
    # The overview lists it: variance (250.50) and the forecast outturn (2,587).
    assert "(250.50)" in content
    assert "(2,587)" in content


def test_january_falls_in_the_second_calendar_year(
    client, office, system, organisation, year, in_scope
):
    client.force_login(office)
    client.post(create_url(system), position_data(organisation, year, month=1))
    assert MonthlyPosition.objects.get().month == date(2020, 1, 1)


def test_duplicate_month_is_shown_next_to_the_month(
    client, office, system, organisation, year, in_scope
):
    client.force_login(office)
    client.post(create_url(system), position_data(organisation, year))
    response = client.post(
        create_url(system), position_data(organisation, year, forecast_outturn="1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["month"] == [
        "This month's position is already recorded."
    ]
    content = response.content.decode()
    assert 'id="id_month-error"' in content
    assert "nhsuk-select--error" in content
    assert MonthlyPosition.objects.get().forecast_outturn == D("-2587")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ytd_plan", "a lot", "Enter a number."),
        ("forecast_outturn", "", "This field is required."),
        ("month", "13", "Select a valid choice."),
        ("organisation", "", "This field is required."),
    ],
)
def test_bad_input_is_shown_next_to_the_field(
    client, office, system, organisation, year, in_scope, field, value, message
):
    client.force_login(office)
    response = client.post(create_url(system), position_data(organisation, year, **{field: value}))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not MonthlyPosition.objects.exists()


def test_another_systems_organisation_cannot_be_chosen(
    client, office, system, other_system, year, in_scope
):
    stranger = add_partner(other_system)
    client.force_login(office)
    response = client.post(create_url(system), position_data(stranger, year))
    assert "organisation" in response.context["form"].errors
    assert not MonthlyPosition.objects.exists()


def test_month_in_year_runs_april_to_march(year):
    assert month_in_year(year, 4) == date(2019, 4, 1)
    assert month_in_year(year, 3) == date(2020, 3, 1)


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
    decision = Decision(meeting=meeting, title="Support for winter")
    decision.save()
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
    # Only years with data in this system are offered.
    assert [y.label for y in response.context["years"]] == ["2019/20", "2020/21"]
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
    decision = Decision(meeting=meeting, title="Approved")
    decision.save()
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
    # 5 years with data in the system, 6 control totals with organisations,
    # 7 efficiency plans with organisations, 8 stated totals, 9 funds with their sums,
    # 10 their contributions, 11 allocations, 12 drawdowns with decisions and meetings,
    # 13 cost shares with their totals, 14 their lines, 15 monthly positions,
    # 16 the header's list of the user's systems, 17-19 saving the session's current system
    # (savepoint, update, release).
    with django_assert_num_queries(19):
        response = client.get(overview_url(system))
    assert response.status_code == 200
    assert len(response.context["overview"].positions) == rows


# -- the dashboard's headline -------------------------------------------------------------------


def test_headline_is_none_without_control_totals(system, in_scope):
    assert finance_headline(system) is None


def test_headline_adds_the_latest_months_forecasts(office, system, figures, organisation, year):
    with scope([system]):
        for month, ccg_forecast in ((date(2019, 9, 1), "0"), (date(2019, 10, 1), "2000")):
            for partner, forecast in ((figures, ccg_forecast), (organisation, "-21000")):
                services.monthly_position_record(
                    actor=office,
                    system=system,
                    organisation=partner,
                    year=year,
                    month=month,
                    ytd_plan=D("0"),
                    ytd_actual=D("0"),
                    forecast_outturn=D(forecast),
                )
        headline = finance_headline(system)
    assert headline["year"] == year
    assert headline["net_control_total"] == D("-18511")
    assert headline["month"] == date(2019, 10, 1)
    assert headline["forecast_outturn"] == D("-19000")
    assert headline["variance"] == D("-489")
    assert (headline["net_display"], headline["variance_display"]) == ("(18,511)", "(489)")


def test_headline_without_monthly_positions(system, figures, in_scope):
    headline = finance_headline(system)
    assert headline["net_control_total"] == D("-18511")
    assert headline["month"] is headline["forecast_outturn"] is headline["variance"] is None


# -- formatting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("-16379.00"), "(16,379)"),
        (D("1594620"), "1,594,620"),
        (D("0"), "0"),
        (D("-250.5"), "(250.50)"),
        (None, ""),
    ],
)
def test_money_is_shown_as_the_seeds_print_it(value, shown):
    assert money(value) == shown


def test_percent_has_two_places():
    assert percent(D("3.79")) == "3.79%"
    assert percent(D("100.000")) == "100.00%"


# -- the Norfolk & Waveney demo figures (seed 002); these load the demo, so they run last --------


def test_norfolk_and_waveney_overview_matches_the_seed(client, seeds):
    client.force_login(get_user_model().objects.get(username="programme.office"))
    system = System.objects.get(slug="norfolk-waveney")
    content = client.get(overview_url(system)).content.decode()
    for figure in ("(16,379)", "5,340", "(21,719)", "113,208", "3.79", "3.88"):
        assert figure in content, figure
    assert "Stated 95,512, computed 95,513, difference 1" in content
    assert "Stated 1,594,619, computed 1,594,620, difference 1" in content


def test_norfolk_and_waveney_headline(seeds):
    headline = finance_headline(System.objects.get(slug="norfolk-waveney"))
    assert headline["year"].label == "2019/20"
    assert headline["net_control_total"] == D("-16379")
    assert headline["net_display"] == "(16,379)"
    assert headline["month"] is None
