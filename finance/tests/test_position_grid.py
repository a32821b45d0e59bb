"""A month's positions on one grid: every organisation with a control total, saved all or none,
recorded positions pre-filled and corrected with their history."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from finance import services
from finance.models import MonthlyPosition
from finance.tests.page_helpers import add_control_total, add_partner
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db
OCTOBER = date(2019, 10, 1)


def grid_url(system, year="2019/20", month=10):
    return (
        f"{reverse('finance:monthly-position-grid', args=[system.slug])}?year={year}&month={month}"
    )


@pytest.fixture
def partners(office, system, organisation, year, in_scope):
    """Two organisations with control totals, and a partner without one (not on the grid)."""
    second = add_partner(system, kind="ccg")
    add_partner(system, kind="local_authority")
    add_control_total(office, system, organisation, year, "-54340")
    add_control_total(office, system, second, year, "2180")
    return organisation, second


def cells(organisation, plan="-1,500", actual="(1,750.50)", outturn="£2,587"):
    return {
        f"ytd_plan-{organisation.pk}": plan,
        f"ytd_actual-{organisation.pk}": actual,
        f"forecast_outturn-{organisation.pk}": outturn,
    }


def record(office, system, year, figures, reason=""):
    return services.monthly_positions_record(
        actor=office, system=system, year=year, month=OCTOBER, figures=figures, reason=reason
    )


FIGURES = {"ytd_plan": D("-1500"), "ytd_actual": D("-1750"), "forecast_outturn": D("-2587")}


# -- the service ---------------------------------------------------------------------------------


def test_the_service_creates_and_corrects_with_a_reason(office, system, year, partners):
    trust, ccg = partners
    record(office, system, year, {trust: FIGURES})
    record(
        office,
        system,
        year,
        {trust: {**FIGURES, "ytd_actual": D("-1800")}, ccg: FIGURES},
        "Restated",
    )
    position = MonthlyPosition.objects.get(organisation=trust)
    assert position.ytd_actual == D("-1800")
    latest, first = position.history.all()[:2]
    assert (latest.history_change_reason, latest.history_user) == ("Restated", office)
    assert first.ytd_actual == D("-1750")
    assert MonthlyPosition.objects.filter(organisation=ccg).exists()


def test_the_service_saves_nothing_when_one_row_is_refused(office, system, year, partners):
    trust, ccg = partners
    huge = {**FIGURES, "forecast_outturn": D("1e15")}
    with pytest.raises(ValidationError) as error:
        record(office, system, year, {trust: FIGURES, ccg: huge})
    assert f"forecast_outturn-{ccg.pk}" in error.value.message_dict
    assert not MonthlyPosition.objects.exists()


def test_the_service_refuses_a_month_outside_the_year(office, system, year, partners):
    with pytest.raises(ValidationError, match="2019/20"):
        services.monthly_positions_record(
            actor=office, system=system, year=year, month=date(2020, 4, 1), figures={}
        )


def test_the_service_changes_only_the_figures(office, system, other_system, year, partners):
    with pytest.raises(TypeError, match="system"):
        record(office, system, year, {partners[0]: {**FIGURES, "system": other_system}})
    assert not MonthlyPosition.objects.exists()


# -- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_uses_the_grid(client_for, role, system, year, partners):
    client = client_for(role)
    assert client.get(grid_url(system)).status_code == 403
    assert client.post(grid_url(system), cells(partners[0])).status_code == 403
    assert not MonthlyPosition.objects.exists()


def test_the_grid_lists_organisations_with_a_control_total(client, office, system, partners):
    client.force_login(office)
    response = client.get(grid_url(system))
    rows = [organisation for organisation, _ in response.context["form"].rows()]
    assert rows == sorted(partners, key=lambda o: o.name)
    assert "October 2019" in response.content.decode()


def test_the_grid_saves_every_row_at_once(client, office, system, partners):
    trust, ccg = partners
    client.force_login(office)
    response = client.post(
        grid_url(system), cells(trust) | cells(ccg, "0", "10", "20"), follow=True
    )
    assert "2 positions for October 2019 saved." in response.content.decode()
    position = MonthlyPosition.objects.get(organisation=trust)
    assert (position.ytd_plan, position.ytd_actual, position.forecast_outturn) == (
        D("-1500"),
        D("-1750.50"),
        D("2587"),
    )
    assert position.month == OCTOBER
    assert MonthlyPosition.objects.get(organisation=ccg).forecast_outturn == D("20")


def test_a_blank_row_records_nothing(client, office, system, partners):
    trust, ccg = partners
    client.force_login(office)
    client.post(grid_url(system), cells(trust) | cells(ccg, "", "", ""))
    assert list(MonthlyPosition.objects.values_list("organisation", flat=True)) == [trust.pk]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"actual": "a lot"}, "Enter an amount"),
        ({"actual": "--5"}, "Enter an amount"),
        ({"outturn": ""}, "Give the forecast outturn too, or leave the row blank."),
        ({"plan": "99,999,999,999,999"}, "no more than 12 digits"),
    ],
)
def test_a_bad_cell_is_shown_next_to_it_and_nothing_is_saved(
    client, office, system, partners, bad, message
):
    trust, ccg = partners
    client.force_login(office)
    response = client.post(grid_url(system), cells(trust) | cells(ccg, **bad))
    assert response.status_code == 200
    field = {"plan": "ytd_plan", "actual": "ytd_actual", "outturn": "forecast_outturn"}[
        next(iter(bad))
    ]
    cell = f"{field}-{ccg.pk}"
    assert any(message in e for e in response.context["form"].errors[cell])
    content = response.content.decode()
    assert f'id="id_{cell}-error"' in content
    assert "nhsuk-input--error" in content
    # The summary says whose figure it is: the messages repeat from row to row.
    assert f"for {ccg.name} (£&#x27;000): " in content
    assert not MonthlyPosition.objects.exists()


def test_recorded_positions_are_prefilled_and_corrected(client, office, system, year, partners):
    trust, _ = partners
    record(office, system, year, {trust: FIGURES})
    client.force_login(office)
    form = client.get(grid_url(system)).context["form"]
    assert form[f"ytd_actual-{trust.pk}"].value() == "(1,750)"
    data = cells(trust, "-1,500", "-1,800", "-2,587") | {"reason": "Restated by the trust"}
    client.post(grid_url(system), data)
    position = MonthlyPosition.objects.get()
    assert position.ytd_actual == D("-1800")
    assert position.history.first().history_change_reason == "Restated by the trust"
    assert position.history.count() == 2


def test_a_recorded_position_is_not_blanked(client, office, system, year, partners):
    trust, _ = partners
    record(office, system, year, {trust: FIGURES})
    client.force_login(office)
    response = client.post(grid_url(system), cells(trust, "", "", ""))
    assert "corrected, not blanked" in response.content.decode()
    assert MonthlyPosition.objects.get().ytd_plan == D("-1500")


@pytest.mark.parametrize("query", ["?year=2040/41&month=10", "?year=2019/20&month=13"])
def test_an_unknown_month_is_refused_next_to_the_chooser(client, office, system, partners, query):
    client.force_login(office)
    url = reverse("finance:monthly-position-grid", args=[system.slug]) + query
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert response.context["chooser"].errors
    assert client.post(url, cells(partners[0])).status_code == 200
    assert not MonthlyPosition.objects.exists()


def test_the_grid_opens_at_the_latest_recorded_month(client, office, system, year, partners):
    record(office, system, year, {partners[0]: FIGURES})
    client.force_login(office)
    response = client.get(reverse("finance:monthly-position-grid", args=[system.slug]))
    assert response.context["month"] == OCTOBER
