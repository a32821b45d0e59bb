"""The finance pages open at the year the reporting date falls in, as the dashboard's finance
figures do: a dashboard as at 2019 that links to the finance overview opens 2019/20, not the
latest year with figures."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from core.scoping import scope
from finance import services
from finance.tests.page_helpers import add_control_total, add_position, overview_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(office, system, organisation, year):
    later = services.financial_year_create(
        actor=office, label="2020/21", starts_on=date(2020, 4, 1), ends_on=date(2021, 3, 31)
    )
    with scope([system]):
        add_control_total(office, system, organisation, year, "-111")
        add_control_total(office, system, organisation, later, "-222")
        for month in (date(2019, 9, 1), date(2019, 10, 1)):
            add_position(office, system, organisation, year, month, "-200", "-300", "-21000")
    return year, later


def test_the_overview_opens_at_the_year_of_its_reporting_date(client, office, system, two_years):
    year, later = two_years
    client.force_login(office)
    as_at_2019 = client.get(overview_url(system), {"as_at": "2019-10-15"})
    assert as_at_2019.context["year"] == year
    assert "(111)" in as_at_2019.content.decode()
    # As at today (the system opens at no other date): the latest year with figures.
    assert client.get(overview_url(system)).context["year"] == later
    # A year named is shown whatever the date.
    named = client.get(overview_url(system, year="2020/21") + "&as_at=2019-10-15")
    assert named.context["year"] == later


def test_the_dashboards_finance_link_opens_the_year_it_speaks_of(client, office, system, two_years):
    year, _ = two_years
    client.force_login(office)
    dashboard = client.get(
        reverse("reports:dashboard", args=[system.slug]), {"as_at": "2019-10-15"}
    )
    assert dashboard.context["finance"]["year"] == year
    link = re.search(
        r'href="([^"]*/finance/[^"]*)"[^>]*>Control totals', dashboard.content.decode()
    )
    assert link is not None
    assert client.get(unescape(link.group(1))).context["year"] == year


def test_the_grid_opens_at_the_latest_month_recorded_by_the_reporting_date(
    client, office, system, two_years
):
    year, later = two_years
    client.force_login(office)
    grid = reverse("finance:monthly-position-grid", args=[system.slug])
    chooser = client.get(grid, {"as_at": "2019-09-30"}).context["chooser"]
    assert (chooser.cleaned_data["year"], chooser.cleaned_data["month"]) == (year, date(2019, 9, 1))
    chooser = client.get(grid, {"as_at": "2019-12-31"}).context["chooser"]
    assert (chooser.cleaned_data["year"], chooser.cleaned_data["month"]) == (
        year,
        date(2019, 10, 1),
    )
    # As at today: the latest year, at its first month when none is recorded yet.
    chooser = client.get(grid).context["chooser"]
    assert (chooser.cleaned_data["year"], chooser.cleaned_data["month"]) == (
        later,
        later.starts_on,
    )
