"""Control totals and monthly positions from a spreadsheet: the overview's and the grid's
downloads import back unchanged, one edited cell is one change with its history, hostile rows are
refused with their messages and write nothing, and only the programme office may import."""

import html
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from core.scoping import scope
from finance import services
from finance.models import ControlTotal, MonthlyPosition
from tests.import_helpers import edited, exported, previewed, workbook

pytestmark = pytest.mark.django_db
TOTALS_HEADER = ["Organisation", "ODS code", "Year", "Allocations", "Income"]
TOTALS_HEADER += ["Plan surplus/(deficit) before support", "PSF"]


def _url(system, name, **kwargs):
    return reverse(f"finance:{name}", kwargs={"slug": system.slug, **kwargs})


def _batch(client, system, name, file_name, data):
    return previewed(client, system, _url(system, name), file_name, data)


def _totals_download(client, system, file_format="xlsx"):
    url = _url(system, "overview")
    query = {"year": "2019/20", "table": "control-totals", "format": file_format}
    return exported(client.get(url, query))


def _preview_text(client, system, name, batch):
    return html.unescape(client.get(_url(system, f"{name}-preview", pk=batch.pk)).text)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_control_totals_download_imports_back_unchanged(
    client, office, system, figures, file_format
):
    client.force_login(office)
    data = _totals_download(client, system, file_format)
    batch = _batch(client, system, "control-total-import", f"totals.{file_format}", data)
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 2, "error": 0}


def test_one_edited_figure_is_one_change_with_its_history(client, office, system, figures):
    client.force_login(office)
    data = edited(_totals_download(client, system), "PSF", 2, 34000)
    batch = _batch(client, system, "control-total-import", "totals.xlsx", data)
    assert batch.counts == {"create": 0, "change": 1, "unchanged": 1, "error": 0}
    (row,) = [r for r in batch.rows if r["action"] == "change"]
    assert row["changes"] == [["PSF", "33,649", "34,000"]]
    response = client.post(_url(system, "control-total-import-confirm", pk=batch.pk))
    assert response.status_code == 302
    with scope([system]):
        total = ControlTotal.objects.get(pk=row["pk"])
        assert (total.psf, total.net) == (D("34000"), D("-20340"))
        assert total.history.first().history_change_reason == "Imported from totals.xlsx"
        assert total.history.count() == 2


def test_a_changed_allocation_is_shown_under_its_column(client, office, system, figures):
    client.force_login(office)
    data = edited(_totals_download(client, system), "Allocations", 1, "390,000")
    batch = _batch(client, system, "control-total-import", "totals.xlsx", data)
    (row,) = [r for r in batch.rows if r["action"] == "change"]
    assert row["changes"] == [["Allocations/Income", "389,629", "390,000"]]


def test_new_rows_add_control_totals_with_brackets_and_dashes(
    client, office, system, organisation, year
):
    organisation.ods_code = "RM1"
    organisation.save()
    client.force_login(office)
    data = workbook(TOTALS_HEADER, [None, "RM1", "2019/20", None, "643,043", "(54,340)", "-"])
    batch = _batch(client, system, "control-total-import", "new.xlsx", data)
    assert batch.counts["create"] == 1, batch.rows
    assert ["Income", "", "643,043"] in batch.rows[0]["changes"]
    assert ["Plan surplus/(deficit) before support", "", "(54,340)"] in batch.rows[0]["changes"]
    assert client.post(_url(system, "control-total-import-confirm", pk=batch.pk)).status_code == 302
    with scope([system]):
        total = ControlTotal.objects.get(system=system)
    assert (total.income, total.plan_surplus_deficit, total.psf) == (
        D("643043"),
        D("-54340"),
        D("0"),
    )
    assert total.history.first().history_change_reason == "Imported from new.xlsx"


def test_hostile_rows_are_refused_with_their_messages_and_nothing_written(
    client, office, system, organisation, year, figures
):
    client.force_login(office)
    data = workbook(
        TOTALS_HEADER,
        ["Nobody's Trust", None, "2019/20", None, 1000, 0, 0],
        [organisation.name, None, "2019/20", None, "lots", 0, 0],
        [organisation.name, None, "2030/31", None, 1000, 0, 0],
        [organisation.name, None, "2019/20", 1000, None, 0, 0],
        [figures.name, None, "2019/20", 1000, None, date(2019, 2, 1), 0.125],
    )
    batch = _batch(client, system, "control-total-import", "bad.xlsx", data)
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 0, "error": 5}
    page = _preview_text(client, system, "control-total-import", batch)
    assert 'There is no partner organisation "Nobody\'s Trust" here.' in page
    assert 'This column takes an amount in £\'000 such as 2,180 or (2,587), not "lots".' in page
    assert 'There is no financial year "2030/31"' in page
    assert "gives its figure as income: put it under Income." in page
    assert "two decimal places at most" in page
    response = client.post(_url(system, "control-total-import-confirm", pk=batch.pk))
    assert response.status_code == 409
    with scope([system]):
        assert ControlTotal.objects.filter(system=system).count() == 2
        assert all(t.history.count() == 1 for t in ControlTotal.objects.filter(system=system))


def _position(office, system, organisation, year, month=date(2019, 10, 1)):
    with scope([system]):
        return services.monthly_position_record(
            actor=office,
            system=system,
            organisation=organisation,
            year=year,
            month=month,
            ytd_plan=D("-1500"),
            ytd_actual=D("-1750.50"),
            forecast_outturn=D("-2587"),
        )


def _grid_download(client, system):
    query = {"year": "2019/20", "month": 10, "format": "xlsx"}
    return exported(client.get(_url(system, "monthly-position-grid"), query))


def test_the_months_grid_imports_back_and_fills_in_a_blank_row(
    client, office, system, organisation, year, figures
):
    _position(office, system, figures, year)
    client.force_login(office)
    data = _grid_download(client, system)
    batch = _batch(client, system, "monthly-position-import", "october.xlsx", data)
    # The recorded position and the blank row still to fill in are both left alone.
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 2, "error": 0}
    filled = sorted([figures.name, organisation.name]).index(organisation.name) + 1
    for header, value in (
        ("Year-to-date plan", -100),
        ("Year-to-date actual", "(120)"),
        ("Forecast outturn", -300),
    ):
        data = edited(data, header, filled, value)
    batch = _batch(client, system, "monthly-position-import", "october.xlsx", data)
    assert batch.counts == {"create": 1, "change": 0, "unchanged": 1, "error": 0}
    response = client.post(_url(system, "monthly-position-import-confirm", pk=batch.pk))
    assert response.status_code == 302
    with scope([system]):
        position = MonthlyPosition.objects.get(organisation=organisation)
    assert (position.month, position.variance) == (date(2019, 10, 1), D("-20"))
    assert position.history.first().history_change_reason == "Imported from october.xlsx"


def test_a_position_corrected_in_the_file_is_one_change(client, office, system, year, figures):
    _position(office, system, figures, year)
    client.force_login(office)
    query = {"year": "2019/20", "table": "monthly-positions", "format": "csv"}
    data = exported(client.get(_url(system, "overview"), query))
    data = data.replace(b"-2587.00", b'"(2,600)"')
    batch = _batch(client, system, "monthly-position-import", "positions.csv", data)
    (row,) = batch.rows
    assert row["changes"] == [["Forecast outturn", "(2,587)", "(2,600)"]]
    assert (
        client.post(_url(system, "monthly-position-import-confirm", pk=batch.pk)).status_code == 302
    )
    with scope([system]):
        assert MonthlyPosition.objects.get(pk=row["pk"]).forecast_outturn == D("-2600")


def test_impossible_dates_and_months_outside_the_year_are_errors(
    client, office, system, year, figures
):
    client.force_login(office)
    header = ["Month", "Organisation", "Year", "Year-to-date plan", "Year-to-date actual"]
    header += ["Forecast outturn"]
    data = workbook(
        header,
        ["31/02/2019", figures.name, "2019/20", 1, 1, 1],
        [date(2020, 6, 1), figures.name, "2019/20", 1, 1, 1],
        [date(2019, 6, 1), figures.name, "2019/20", 1, None, 1],
    )
    batch = _batch(client, system, "monthly-position-import", "bad.xlsx", data)
    assert batch.counts["error"] == 3
    page = _preview_text(client, system, "monthly-position-import", batch)
    assert '"31/02/2019" is not a date: February 2019 has 28 days.' in page
    assert "June 2020 is not in the financial year 2019/20." in page
    assert "Give the year-to-date actual." in page
    with scope([system]):
        assert not MonthlyPosition.objects.exists()


@pytest.mark.parametrize("kind", ["control-total-import", "monthly-position-import"])
def test_only_the_programme_office_imports(client, system, lead, chair, regulator, outsider, kind):
    for user, status in ((lead, 403), (chair, 403), (regulator, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(_url(system, kind)).status_code == status, user
        assert client.get(_url(system, f"{kind}-template")).status_code == status, user
