"""Recording a monthly position: only the programme office, and refused input shown next to its
field."""

from datetime import date
from decimal import Decimal as D

import pytest

from core.roles import Role
from finance.forms import month_in_year
from finance.models import MonthlyPosition
from finance.tests.page_helpers import (
    add_partner,
    create_url,
    overview_url,
    position_data,
)
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db


# -- recording a monthly position ----------------------------------------------------------------


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_records_positions(
    client_for, role, system, organisation, year, in_scope
):
    client = client_for(role)
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
        ("ytd_plan", "a lot", "Enter an amount"),
        ("forecast_outturn", "", "Enter the forecast outturn for the year"),
        ("month", "13", "Choose one of the options offered."),
        ("organisation", "", "Choose the organisation"),
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
