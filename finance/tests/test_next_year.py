"""Starting the next financial year: its dates follow the last, no figure carries over, and the
organisations with last year's control totals are listed as still to record."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from finance import querysets, services
from finance.models import ControlTotal, FinancialYear
from finance.tests.page_helpers import add_control_total, add_partner, overview_url
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db


def start_url(system):
    return reverse("finance:year-start", args=[system.slug])


@pytest.fixture
def last_year(office, system, organisation, year, in_scope):
    add_control_total(office, system, organisation, year, "-54340")
    return year


def test_the_next_year_follows_the_last(office, year):
    following = services.financial_year_start_next(actor=office, after=year)
    assert (following.label, following.starts_on, following.ends_on) == (
        "2020/21",
        date(2020, 4, 1),
        date(2021, 3, 31),
    )
    assert following.history.get().history_user == office


def test_a_year_starts_once(office, year):
    services.financial_year_start_next(actor=office, after=year)
    with pytest.raises(ValidationError, match="2020/21 has already started"):
        services.financial_year_start_next(actor=office, after=year)
    assert FinancialYear.objects.count() == 2


def test_no_gap_year_is_started_behind_the_latest(office, year):
    """Years are every system's: a system whose figures stop at an older year cannot open a
    year between it and the latest."""
    older = services.financial_year_create(
        actor=office, label="2017/18", starts_on=date(2017, 4, 1), ends_on=date(2018, 3, 31)
    )
    with pytest.raises(ValidationError, match="2019/20 is the latest year"):
        services.financial_year_start_next(actor=office, after=older)
    assert not FinancialYear.objects.filter(label="2018/19").exists()


def test_a_year_is_not_started_more_than_a_year_ahead(office, year, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2019, 3, 31))
    with pytest.raises(ValidationError, match="2020/21 begins on 1 April 2020"):
        services.financial_year_start_next(actor=office, after=year)
    monkeypatch.setattr(timezone, "localdate", lambda: date(2019, 4, 1))
    assert services.financial_year_start_next(actor=office, after=year).label == "2020/21"


def test_the_new_year_lists_last_years_organisations_and_copies_no_figure(
    client, office, system, organisation, last_year
):
    add_partner(system)  # a partner without a control total is not listed
    client.force_login(office)
    response = client.post(start_url(system), follow=True)
    new_year = FinancialYear.objects.get(label="2020/21")
    assert response.redirect_chain[-1][0] == overview_url(system, year="2020%2F21")
    assert response.context["year"] == new_year
    assert response.context["still_to_record"] == [organisation]
    assert not ControlTotal.objects.filter(year=new_year).exists()
    create = reverse("finance:control-total-create", args=[system.slug])
    assert f"{create}?organisation={organisation.pk}&amp;year={new_year.pk}" in (
        response.content.decode()
    )
    form = client.get(f"{create}?organisation={organisation.pk}&year={new_year.pk}").context["form"]
    assert (form["organisation"].value(), form["year"].value()) == (organisation.pk, new_year.pk)


def test_a_recorded_control_total_leaves_the_list(office, system, organisation, last_year):
    new_year = services.financial_year_start_next(actor=office, after=last_year)
    add_control_total(office, system, organisation, new_year, "0")
    assert querysets.still_to_record(system, new_year, [last_year]) == []


def test_a_year_is_not_started_twice_ahead(client, office, system, last_year):
    client.force_login(office)
    client.post(start_url(system))
    response = client.post(start_url(system), follow=True)
    assert "2020/21 has already started." in response.content.decode()
    assert not FinancialYear.objects.filter(label="2021/22").exists()


def test_the_button_is_offered_until_the_next_year_starts(client, office, system, last_year):
    client.force_login(office)
    assert "Start the financial year 2020/21" in client.get(overview_url(system)).content.decode()
    client.post(start_url(system))
    assert "Start the financial year" not in client.get(overview_url(system)).content.decode()


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_starts_a_year(client_for, role, system, last_year):
    response = client_for(role).post(start_url(system))
    assert response.status_code == 403
    assert FinancialYear.objects.count() == 1
