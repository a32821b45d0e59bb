"""How many organisations reported a month's positions, and a position older than the month
flagged with the month it is from: one definition (finance.totals.position_coverage) for the
finance page and the chair's report."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from core.scoping import scope
from finance import services, totals
from finance.tests.page_helpers import overview_url

NOVEMBER, MAY = date(2019, 11, 1), date(2019, 5, 1)


def _org(pk, name):
    return SimpleNamespace(pk=pk, name=name, kind="nhs_trust")


def _row(organisation):
    return SimpleNamespace(organisation_id=organisation.pk, organisation=organisation)


def _position(organisation, month):
    return SimpleNamespace(organisation_id=organisation.pk, organisation=organisation, month=month)


def test_coverage_counts_the_months_reporters_against_every_control_total():
    a, b, c = _org(1, "A"), _org(2, "B"), _org(3, "C")
    positions = [_position(a, NOVEMBER), _position(b, MAY), _position(a, MAY)]
    coverage = totals.position_coverage([_row(a), _row(b), _row(c)], positions)
    assert coverage.month == NOVEMBER
    assert coverage.label == "1 of 3 organisations reported"
    assert not coverage.complete
    assert coverage.last_reported(a.pk) is None
    assert coverage.last_reported(b.pk) == MAY
    assert coverage.not_reported() == [(b, MAY), (c, None)]


def test_a_reporter_without_a_control_total_is_counted_and_later_months_ignored():
    a, b = _org(1, "A"), _org(2, "B")
    positions = [_position(a, NOVEMBER), _position(b, NOVEMBER), _position(a, date(2019, 12, 1))]
    coverage = totals.position_coverage([_row(a)], positions, NOVEMBER)
    assert coverage.label == "2 of 2 organisations reported"
    assert coverage.complete
    assert coverage.latest[a.pk].month == NOVEMBER


def test_no_positions_no_month():
    coverage = totals.position_coverage([_row(_org(1, "A"))], [])
    assert coverage.month is None and coverage.reported == {}


@pytest.mark.django_db
def test_the_overview_says_who_reported_and_flags_an_older_position(
    client, office, system, figures, organisation, year
):
    ccg = figures
    with scope([system]):
        for who, month in ((organisation, MAY), (ccg, NOVEMBER)):
            services.monthly_position_record(
                actor=office,
                system=system,
                organisation=who,
                year=year,
                month=month,
                ytd_plan=D("-10"),
                ytd_actual=D("-12"),
                forecast_outturn=D("-20"),
            )
    client.force_login(office)
    page = client.get(overview_url(system)).content.decode()
    coverage = page.split('id="positions-coverage"')[1].split("</p>")[0]
    assert "November 2019: 1 of 2 organisations reported." in coverage
    assert "against the whole system's control total" in coverage
    missing = page.split('id="positions-not-reported"')[1].split("</ul>")[0]
    assert f"{organisation.name}: last reported May 2019" in missing
    assert ccg.name not in missing


@pytest.mark.django_db
def test_the_overview_says_when_every_organisation_reported(
    client, office, system, figures, organisation, year
):
    with scope([system]):
        for who in (organisation, figures):
            services.monthly_position_record(
                actor=office,
                system=system,
                organisation=who,
                year=year,
                month=NOVEMBER,
                ytd_plan=D("1"),
                ytd_actual=D("1"),
                forecast_outturn=D("1"),
            )
    client.force_login(office)
    page = client.get(overview_url(system)).content.decode()
    assert "November 2019: 2 of 2 organisations reported." in page
    assert 'id="positions-not-reported"' not in page
