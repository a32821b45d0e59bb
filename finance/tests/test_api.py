"""The finance endpoints: who sees what (every endpoint x every role x own/other system),
read-only, filters that cannot reach another system, constant query counts, the derived figures,
and the Norfolk & Waveney 2019/20 summary from the demo data."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from core.roles import Role
from core.scoping import scope
from finance import services
from finance.models import CostShare, FinancialYear, Fund
from partners.models import System
from tests import factories, record_factories
from tests.permissions.roles import ROLES

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "financial-years",
    "control-totals",
    "monthly-positions",
    "efficiency-plans",
    "finance-summaries",
    "funds",
    "cost-shares",
]


def url(endpoint: str, pk=None, suffix="") -> str:
    return f"/api/v1/{endpoint}/" + (f"{pk}/{suffix}" if pk is not None else "")


def financial_year(actor, start: int) -> FinancialYear:
    return services.financial_year_create(
        actor=actor,
        label=f"{start}/{(start + 1) % 100:02d}",
        starts_on=date(start, 4, 1),
        ends_on=date(start + 1, 3, 31),
    )


def partner(system: System, kind: str):
    organisation = factories.OrganisationFactory(kind=kind)
    factories.PartnershipFactory(system=system, organisation=organisation)
    return organisation


def add_finance(actor, system: System, year: FinancialYear) -> dict:
    """One row of every finance table in ``system`` for ``year``: each endpoint's detail id."""
    ccg, trust = partner(system, "ccg"), partner(system, "nhs_trust")
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=year.starts_on
    )
    decision = record_factories.DecisionFactory(meeting=meeting, title="Approve the drawdown")
    common = {"actor": actor, "system": system, "year": year}
    with scope([system]):
        control = services.control_total_create(
            **common,
            organisation=trust,
            allocation_or_income=D("643043"),
            plan_surplus_deficit=D("-54340"),
            psf=D("33649"),
            frf=D("10"),
        )
        services.control_total_create(
            **common, organisation=ccg, allocation_or_income=D("389629"), plan_surplus_deficit=D(5)
        )
        plan = services.efficiency_plan_create(
            **common,
            organisation=ccg,
            recurrent=D("12236"),
            non_recurrent=D("3300"),
            denominator=D("389629"),
        )
        position = services.monthly_position_record(
            **common,
            organisation=trust,
            month=date(year.starts_on.year, 10, 1),
            ytd_plan=D("-1500"),
            ytd_actual=D("-1750.50"),
            forecast_outturn=D("-2587"),
        )
        for table, group, column, value in [
            ("control_totals", "system", "net", "-20676"),  # computed -20681: 5 out
            ("efficiency_plans", "ccg", "percent", "3.99"),  # matches
        ]:
            services.stated_total_create(
                **common, table=table, group=group, column=column, value=D(value)
            )
        fund = services.fund_create(
            **common, name=f"Risk reserve {year.label}", kind="risk_reserve"
        )
        services.fund_contribution_add(actor=actor, fund=fund, organisation=ccg, amount=D(8000))
        services.fund_allocation_add(
            actor=actor, fund=fund, organisation=trust, amount=D(6000), purpose="Support"
        )
        services.fund_drawdown(
            actor=actor,
            fund=fund,
            amount=D("1234"),
            purpose="Winter beds",
            decision=decision,
            drawn_on=year.starts_on,
            organisation=trust,
        )
        share = services.cost_share_set(
            **common,
            name=f"SDU funding {year.label}",
            lines=[(ccg, D("62.5")), (trust, D("37.5"))],
        )
    return {
        "financial-years": year.pk,
        "control-totals": control.pk,
        "monthly-positions": position.pk,
        "efficiency-plans": plan.pk,
        "finance-summaries": f"{system.pk}-{year.label.replace('/', '-')}",
        "funds": fund.pk,
        "cost-shares": share.pk,
        "organisation": ccg.pk,
        "decision": decision.pk,
    }


@pytest.fixture
def world(office, outsider, system, other_system):
    """Own-system rows in 2019/20; the other system's in 2019/20 and 2020/21."""
    y2019, y2020 = financial_year(office, 2019), financial_year(office, 2020)
    return {
        "own": add_finance(office, system, y2019),
        "other": add_finance(outsider, other_system, y2019),
        "other_only_year": add_finance(outsider, other_system, y2020),
    }


@pytest.fixture
def api(client, office, user_for):
    """GET as a role's user, with an API token."""

    def get(path, role=Role.REGULATOR, method="get", **data):
        user = user_for(role)
        token = factories.api_token(user)
        send = getattr(client, method)
        if method == "get":
            return send(path, data, HTTP_AUTHORIZATION=f"Bearer {token}")
        return send(
            path, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    return get


def ids(response) -> set:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# -- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_lists_and_details_show_the_users_own_system_only(api, world, system, role, endpoint):
    own, other = world["own"][endpoint], world["other"][endpoint]
    if endpoint == "financial-years":
        # Years are shared: 2019/20 has rows here; 2020/21 only in the other system.
        other = world["other_only_year"][endpoint]
    listed = api(url(endpoint), role).json()["results"]
    assert own in {row["id"] for row in listed}
    assert other not in {row["id"] for row in listed}
    assert api(url(endpoint, own), role).json()["id"] == own
    if endpoint == "financial-years":
        assert [row["label"] for row in listed] == ["2019/20"]
    else:
        assert {row["system"] for row in listed} == {system.pk}
        assert api(url(endpoint, own), role).json()["system"] == system.pk
    assert api(url(endpoint, other), role).status_code == 404
    # A summary is derived and has no history of its own: its rows carry it.
    own_history = api(url(endpoint, own, "history/"), role).status_code
    assert own_history == (404 if endpoint == "finance-summaries" else 200)
    assert api(url(endpoint, other, "history/"), role).status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_filtering_by_another_system_is_refused(api, world, other_system, system, endpoint):
    response = api(url(endpoint), system=other_system.pk)
    assert response.status_code == 400
    assert other_system.name not in response.content.decode()
    assert world["own"][endpoint] in ids(api(url(endpoint), system=system.pk))


@pytest.mark.parametrize("endpoint", ["control-totals", "monthly-positions", "efficiency-plans"])
def test_filters_cannot_reach_another_systems_rows(api, world, endpoint):
    assert api(url(endpoint), organisation=world["other"]["organisation"]).status_code == 400
    assert ids(api(url(endpoint), year="2020/21")) == set()
    assert world["own"][endpoint] in ids(api(url(endpoint), year="2019/20"))


def test_summaries_year_filter_and_another_systems_year(api, world):
    assert ids(api(url("finance-summaries"), year="2020/21")) == set()
    assert ids(api(url("finance-summaries"), year="2019/20")) == {world["own"]["finance-summaries"]}
    for bad in ("1-2019/20", "x-2019-20", "99999-2019-20"):
        assert api(url("finance-summaries", bad)).status_code == 404


def test_row_filters(api, world, system):
    control = url("control-totals")
    assert len(ids(api(control, organisation_kind="ccg"))) == 1
    assert ids(api(control, organisation_kind="nhs_trust")) == {world["own"]["control-totals"]}
    assert len(ids(api(control))) == 2
    positions = url("monthly-positions")
    assert ids(api(positions, month_after="2019-10-01")) == {world["own"]["monthly-positions"]}
    assert ids(api(positions, month_before="2019-09-30")) == set()
    assert ids(api(url("funds"), kind="risk_reserve")) == {world["own"]["funds"]}
    assert ids(api(url("funds"), kind="contingency")) == set()
    assert api(url("funds"), kind="nonsense").status_code == 400


# -- derived figures ----------------------------------------------------------------------------


def test_row_figures(api, world):
    control = api(url("control-totals", world["own"]["control-totals"])).json()
    assert (control["support"], control["net"], control["year"]) == (
        "33659.00",
        "-20681.00",
        "2019/20",
    )
    position = api(url("monthly-positions", world["own"]["monthly-positions"])).json()
    assert (position["variance"], position["month"]) == ("-250.50", "2019-10-01")
    plan = api(url("efficiency-plans", world["own"]["efficiency-plans"])).json()
    assert (plan["total"], plan["percent"]) == ("15536.00", "3.99")
    fund = api(url("funds", world["own"]["funds"])).json()
    assert fund["totals"] == {"contributed": "8000.00", "allocated": "6000.00", "drawn": "1234.00"}
    assert fund["drawdowns"][0]["decision"] == world["own"]["decision"]
    assert fund["allocations"][0]["purpose"] == "Support"
    share = api(url("cost-shares", world["own"]["cost-shares"])).json()
    assert sorted(line["percent"] for line in share["lines"]) == ["37.500", "62.500"]
    assert share["total_percent"] == "100.000"


def test_summary_subtotals_and_reconciliation(api, world, system):
    summary = api(url("finance-summaries", world["own"]["finance-summaries"])).json()
    assert (summary["system"], summary["year"]) == (system.pk, "2019/20")
    controls = summary["control_totals"]
    assert (controls["ccg"]["net"], controls["provider"]["net"]) == ("5.00", "-20681.00")
    assert controls["system"]["net"] == "-20676.00"
    assert controls["system"]["allocation_or_income"] == "1032672.00"
    efficiency = summary["efficiency_plans"]
    assert efficiency["provider"] is None
    assert (efficiency["ccg"]["total"], efficiency["ccg"]["percent"]) == ("15536.00", "3.99")
    assert summary["stated_totals_checked"] == 2
    assert summary["reconciliation"] == []


def test_summary_lists_a_difference(api, world, system, office):
    with scope([system]):
        services.stated_total_create(
            actor=office,
            system=system,
            year=FinancialYear.objects.get(label="2019/20"),
            table="efficiency_plans",
            group="system",
            column="recurrent",
            value=D("12235"),
        )
    summary = api(url("finance-summaries", world["own"]["finance-summaries"])).json()
    assert summary["reconciliation"] == [
        {
            "table": "efficiency_plans",
            "group": "system",
            "column": "recurrent",
            "stated": "12235.00",
            "computed": "12236.00",
            "difference": "1.00",
        }
    ]


def test_summary_pages_follow_the_cursor(api, office, system, world):
    for start in (2016, 2017, 2018):
        add_finance(office, system, financial_year(office, start))
    first = api(url("finance-summaries"), page_size=2).json()
    assert [s["year"] for s in first["results"]] == ["2016/17", "2017/18"]
    assert first["previous"] is None
    second = api(first["next"]).json()
    assert [s["year"] for s in second["results"]] == ["2018/19", "2019/20"]
    assert second["next"] is None
    assert api(second["previous"]).json()["results"] == first["results"]
    assert api(url("finance-summaries"), cursor="nonsense").status_code == 404


# -- a fixed number of queries per page ---------------------------------------------------------

# Every request: the token with its user and the user's accesses, in one query. A token used
# within the minute writes nothing (its first use is counted in partners' API tests), so the
# test uses its token once before counting.
PER_REQUEST = 1
PAGE_QUERIES = {
    "financial-years": 1,  # the years with rows in the user's systems (one query, subqueries)
    "control-totals": 1,  # the rows with their years
    "monthly-positions": 1,  # the rows with their years
    "efficiency-plans": 1,  # the rows with their years
    # the (system, year) keys of both tables (one UNION), then that page's control totals,
    # efficiency plans (each with organisations) and stated totals
    "finance-summaries": 4,
    # the funds with their years and summed contributions/allocations/drawdowns (subqueries),
    # then their contributions, allocations and drawdowns
    "funds": 4,
    "cost-shares": 2,  # the splits with their years and totals, then their lines
}


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_is_constant(
    client, office, regulator, system, rows, endpoint, django_assert_num_queries
):
    for n in range(rows):
        add_finance(office, system, financial_year(office, 2000 + n))
    token = factories.api_token(regulator)
    client.get(url(endpoint), HTTP_AUTHORIZATION=f"Bearer {token}")  # its first use, recorded
    with django_assert_num_queries(PER_REQUEST + PAGE_QUERIES[endpoint]):
        response = client.get(url(endpoint), HTTP_AUTHORIZATION=f"Bearer {token}")
    # Each year has a CCG's and a provider's control total.
    assert len(response.json()["results"]) == rows * (2 if endpoint == "control-totals" else 1)


def test_withdrawn_rows_are_neither_listed_nor_summed(api, world, office, system):
    with scope([system]):
        fund = Fund.objects.get(pk=world["own"]["funds"])
        extra = services.fund_contribution_add(
            actor=office,
            fund=fund,
            organisation=fund.contributions.get().organisation,
            amount=D(500),
        )
        services.fund_contribution_withdraw(actor=office, contribution=extra, reason="Twice")
        share = CostShare.objects.get(pk=world["own"]["cost-shares"])
        _smaller, larger = [line.organisation for line in share.lines.order_by("percent")]
        services.cost_share_update(
            actor=office, cost_share=share, lines=[(larger, D(100))], reason="One partner left"
        )
    shown = api(url("funds", fund.pk)).json()
    assert shown["totals"]["contributed"] == "8000.00"
    assert len(shown["contributions"]) == 1
    split = api(url("cost-shares", share.pk)).json()
    assert [line["percent"] for line in split["lines"]] == ["100.000"]
    assert (split["total_percent"], split["status"]) == ("100.000", "current")


# -- the demo data: Norfolk & Waveney 2019/20 (loads the demo, so these run last) ---------------


def test_norfolk_and_waveney_summary_matches_the_seed(client, seeds):
    users = get_user_model().objects
    token = factories.api_token(users.get(username="regulator"))
    system = System.objects.get(slug="norfolk-waveney")
    response = client.get(
        url("finance-summaries"),
        {"system": system.pk, "year": "2019/20"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    [summary] = response.json()["results"]
    assert summary["id"] == f"{system.pk}-2019-20"
    assert (
        client.get(
            url("finance-summaries", summary["id"]), HTTP_AUTHORIZATION=f"Bearer {token}"
        ).json()
        == summary
    )
    controls, efficiency = summary["control_totals"], summary["efficiency_plans"]
    # Money is a decimal string with two places.
    assert controls["system"]["net"] == "-16379.00"
    assert controls["ccg"]["net"] == "5340.00"
    assert controls["provider"]["net"] == "-21719.00"
    assert efficiency["system"]["total"] == "113208.00"
    assert efficiency["ccg"]["percent"] == "3.79"
    assert efficiency["provider"]["percent"] == "3.88"
    # Allocations are the CCGs' (1,594,620), apart from providers' income; support is one
    # PSF/CSF/FRF/MRET figure, not split by kind.
    assert controls["system"]["allocations"] == "1594620.00"
    assert controls["system"]["income"] == "1358871.00"
    assert controls["system"]["support_not_split"] == "69966.00"
    assert controls["system"]["psf"] == "0.00"
    assert summary["stated_totals_checked"] == 20
    assert sorted(summary["reconciliation"], key=lambda d: d["column"]) == [
        {
            "table": "efficiency_plans",
            "group": "ccg",
            "column": "denominator",
            "stated": "1594619.00",
            "computed": "1594620.00",
            "difference": "1.00",
        },
        {
            "table": "efficiency_plans",
            "group": "system",
            "column": "recurrent",
            "stated": "95512.00",
            "computed": "95513.00",
            "difference": "1.00",
        },
    ]
