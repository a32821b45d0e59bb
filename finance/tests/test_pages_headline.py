"""The dashboard's finance headline, money as the seeds print it, and the Norfolk & Waveney demo
figures."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.scoping import scope
from finance import services
from finance.querysets import finance_headline
from finance.templatetags.finance_format import money, percent
from finance.tests.page_helpers import (
    add_position,
    overview_url,
)
from partners.models import System

pytestmark = pytest.mark.django_db


# -- the dashboard's headline -------------------------------------------------------------------


def test_headline_is_none_without_control_totals(system, in_scope):
    assert finance_headline(system) is None


def test_headline_adds_the_latest_months_forecasts(office, system, figures, organisation, year):
    with scope([system]):
        for month, ccg_forecast in ((date(2019, 9, 1), "0"), (date(2019, 10, 1), "2000")):
            for partner, forecast in ((figures, ccg_forecast), (organisation, "-21000")):
                add_position(office, system, partner, year, month, outturn=forecast)
        headline = finance_headline(system)
    assert headline["year"] == year
    assert headline["net_control_total"] == D("-18511")
    assert headline["month"] == date(2019, 10, 1)
    assert headline["forecast_outturn"] == D("-19000")
    assert headline["variance"] == D("-489")
    assert (headline["net_display"], headline["variance_display"]) == ("(18,511)", "(489)")
    assert headline["coverage"] == "2 of 2 organisations reported"


def test_headline_says_how_many_organisations_reported(
    client, office, system, figures, organisation, year
):
    with scope([system]):
        services.monthly_position_record(
            actor=office,
            system=system,
            organisation=organisation,
            year=year,
            month=date(2019, 10, 1),
            ytd_plan=D("0"),
            ytd_actual=D("0"),
            forecast_outturn=D("-21000"),
        )
        assert finance_headline(system)["coverage"] == "1 of 2 organisations reported"
    client.force_login(office)
    page = client.get(reverse("reports:dashboard", args=[system.slug])).content.decode()
    assert "October 2019: 1 of 2 organisations reported." in page


def test_headline_without_monthly_positions(system, figures, in_scope):
    headline = finance_headline(system)
    assert headline["net_control_total"] == D("-18511")
    assert headline["month"] is headline["forecast_outturn"] is headline["variance"] is None


def test_headline_as_at_a_date_reads_that_years_figures_up_to_it(
    office, system, figures, organisation, year
):
    later = services.financial_year_create(
        actor=office, label="2020/21", starts_on=date(2020, 4, 1), ends_on=date(2021, 3, 31)
    )
    with scope([system]):
        services.control_total_create(
            actor=office,
            system=system,
            organisation=organisation,
            year=later,
            allocation_or_income=D("1000"),
            plan_surplus_deficit=D("-100"),
        )
        for month, actual in ((date(2019, 9, 1), "-300"), (date(2019, 10, 1), "-700")):
            services.monthly_position_record(
                actor=office,
                system=system,
                organisation=organisation,
                year=year,
                month=month,
                ytd_plan=D("-200"),
                ytd_actual=D(actual),
                forecast_outturn=D("-21000"),
            )
        assert finance_headline(system)["year"] == later  # no date: the latest year
        headline = finance_headline(system, date(2019, 9, 30))
    # The year containing the date, and its latest month on or before it (not October's).
    assert (headline["year"], headline["month"]) == (year, date(2019, 9, 1))
    assert (headline["ytd_variance"], headline["ytd_variance_display"]) == (D(-100), "(100)")
    assert headline["coverage"] == "1 of 2 organisations reported"


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
