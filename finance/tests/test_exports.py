"""The finance tables as XLSX and CSV: each of the overview's tables for the year shown, and the
month's grid of positions, money in £'000 with brackets for deficits, percentages as such."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance import services
from finance.tests.page_helpers import add_control_total, add_partner
from tests import factories, record_factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db
MONEY_FORMAT = "#,##0;(#,##0)"


def overview(client, system, table, file_format="xlsx", **query):
    url = reverse("finance:overview", args=[system.slug])
    return client.get(url, {"year": "2019/20", "table": table, "format": file_format, **query})


def test_control_totals_in_the_seeds_order_with_money_typed(client, office, system, figures):
    provider = add_partner(system, kind="nhs_trust")
    provider.name = "A provider"
    provider.save()
    factories.OrganisationFactory  # noqa: B018 (the other system's rows: the permission matrix)
    with_scope = add_control_total  # a third row, a provider named first alphabetically
    from core.scoping import scope

    with scope([system]):
        with_scope(office, system, provider, figures_year(system), "-100", allocation="5000")
    client.force_login(office)
    book = read_xlsx(overview(client, system, "control-totals"))
    # CCGs first, then providers by name, as the page and the seeds' tables have them.
    assert column(book, "Organisation") == [
        figures.name,
        "A provider",
        "Alpha Hospital NHS Foundation Trust",
    ]
    assert column(book, "Allocations") == [389629, None, None]
    assert column(book, "Income")[2] == 100000
    assert column(book, "Plan surplus/(deficit) before support")[2] == -54340
    assert column(book, "PSF")[2] == 33649
    assert column(book, "Net control total") == [2180, -100, -20691]
    assert book.sheet["L4"].number_format == MONEY_FORMAT
    assert column(book, "Year") == ["2019/20"] * 3
    assert book.about["Filters"] == "Financial year: 2019/20"
    rows = read_csv(overview(client, system, "control-totals", "csv"))
    assert rows[2]["Net control total"] == "-20691.00"


def figures_year(system):
    from finance.models import FinancialYear

    return FinancialYear.objects.get(label="2019/20")


def test_efficiency_plans_give_the_percentage_as_a_percentage(client, chair, system, figures):
    client.force_login(chair)
    book = read_xlsx(overview(client, system, "efficiency-plans"))
    assert column(book, "Total") == [15536, 26600]
    percentages = column(book, "Efficiency %")
    assert percentages == [pytest.approx(0.0399), pytest.approx(0.0414)]
    assert book.sheet["H2"].number_format == "0.0##%"
    rows = read_csv(overview(client, system, "efficiency-plans", "csv"))
    assert [r["Efficiency %"] for r in rows] == ["3.99%", "4.14%"]


def test_funds_list_each_movement(client, office, system, organisation, year, in_scope):
    fund = services.fund_create(
        actor=office,
        system=system,
        name="System Investment Fund",
        kind="investment_fund",
        year=year,
    )
    services.fund_contribution_add(actor=office, fund=fund, organisation=organisation, amount=D(5))
    services.fund_allocation_add(actor=office, fund=fund, amount=D(3), purpose="=Digital")
    meeting = record_factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2019, 9, 1)
    )
    decision = record_factories.DecisionFactory(meeting=meeting, title="Approve digital")
    services.fund_drawdown(
        actor=office,
        fund=fund,
        amount=D(2),
        purpose="Digital",
        decision=decision,
        drawn_on=date(2019, 10, 1),
    )
    services.fund_create(actor=office, system=system, name="Contingency", kind="contingency")
    client.force_login(office)
    book = read_xlsx(overview(client, system, "funds"))
    assert column(book, "Fund") == ["Contingency", *["System Investment Fund"] * 3]
    assert column(book, "Movement") == [None, "Contribution", "Allocation", "Drawdown"]
    assert column(book, "Amount") == [None, 5, 3, 2]
    assert column(book, "Purpose")[2] == "=Digital"
    assert column(book, "Drawn on")[3] == datetime(2019, 10, 1)
    assert column(book, "Approved by")[3] == "Approve digital (1 Sep 2019)"
    assert read_csv(overview(client, system, "funds", "csv"))[2]["Purpose"] == "'=Digital"


def test_cost_shares_give_each_line_its_share(client, office, system, organisation, year, in_scope):
    other = add_partner(system)
    services.cost_share_create(
        actor=office,
        system=system,
        name="Programme office",
        year=year,
        lines=[(organisation, D("66.667")), (other, D("33.333"))],
    )
    client.force_login(office)
    book = read_xlsx(overview(client, system, "cost-shares"))
    assert column(book, "Cost share") == ["Programme office"] * 2
    assert column(book, "Share")[0] == pytest.approx(0.66667)
    rows = read_csv(overview(client, system, "cost-shares", "csv"))
    assert [r["Share"] for r in rows] == ["66.667%", "33.333%"]


def test_the_months_grid_lists_blank_rows_to_fill_in(
    client, office, system, year, figures, in_scope
):
    services.monthly_position_record(
        actor=office,
        system=system,
        organisation=figures,
        year=year,
        month=date(2019, 10, 1),
        ytd_plan=D("-1500"),
        ytd_actual=D("-1750.50"),
        forecast_outturn=D("-2587"),
    )
    client.force_login(office)
    url = reverse("finance:monthly-position-grid", args=[system.slug])
    book = read_xlsx(client.get(url, {"year": "2019/20", "month": 10, "format": "xlsx"}))
    assert column(book, "Organisation") == sorted(
        [figures.name, "Alpha Hospital NHS Foundation Trust"]
    )
    by_name = dict(zip(column(book, "Organisation"), book.rows, strict=True))
    assert by_name[figures.name][:2] == [datetime(2019, 10, 1), figures.name]
    assert by_name[figures.name][4:] == [-1500, -1750.5, -250.5, -2587]
    assert by_name["Alpha Hospital NHS Foundation Trust"][4:] == [None] * 4
    assert book.about["Filters"] == "Month: October 2019"
    overview_book = read_xlsx(overview(client, system, "monthly-positions"))
    assert overview_book.header == book.header
    assert column(overview_book, "Forecast outturn") == [-2587]


def test_a_download_names_its_table(client, chair, system, figures):
    client.force_login(chair)
    assert overview(client, system, "").status_code == 400
    page = client.get(reverse("finance:overview", args=[system.slug])).content.decode()
    assert 'href="?format=xlsx&amp;table=control-totals"' in page
    assert 'href="?format=csv&amp;table=monthly-positions"' not in page  # none recorded


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("table", ["control-totals", "funds", "cost-shares", "monthly-positions"])
def test_finance_export_queries_do_not_grow(
    client, office, system, year, count, table, in_scope, django_assert_num_queries
):
    for n in range(count):
        partner = add_partner(system)
        record_factories.ControlTotalFactory(system=system, year=year, organisation=partner)
        record_factories.MonthlyPositionFactory(system=system, year=year, organisation=partner)
        fund = record_factories.FundFactory(system=system, year=year)
        record_factories.FundContributionFactory(fund=fund, organisation=partner)
        share = record_factories.CostShareFactory(system=system, year=year, name=f"Share {n}")
        record_factories.CostShareLineFactory(cost_share=share, organisation=partner)
    client.force_login(office)
    # session, user, accesses, system, the years with data, the year after them; then the
    # table's rows (funds: their three kinds of movement, prefetched once per chunk); and the
    # first visit's session save (savepoint, update, release).
    expected = {"funds": 13}.get(table, 10)
    with django_assert_num_queries(expected):
        response = overview(client, system, table)
        b"".join(response.streaming_content)
