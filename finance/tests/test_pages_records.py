"""Control totals and efficiency plans from the finance pages: recorded, corrected with their
history, withdrawn (kept and labelled, no longer summed), by the programme office only."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from finance import services
from finance.models import ControlTotal, EfficiencyPlan, RecordStatus
from finance.tests.page_helpers import add_control_total, add_efficiency, overview_url
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db


def url(system, name, record=None):
    return reverse(f"finance:{name}", args=[system.slug, *([record.pk] if record else [])])


@pytest.fixture
def control_total(office, system, organisation, year, in_scope):
    return add_control_total(office, system, organisation, year, "-54340", psf="33649")


@pytest.fixture
def plan(office, system, organisation, year, in_scope):
    return add_efficiency(office, system, organisation, year, "22146", "4454", "643043")


def control_total_data(partner, financial_year, **overrides):
    data = {
        "organisation": partner.pk,
        "year": financial_year.pk,
        "allocation_or_income": "643,043",
        "plan_surplus_deficit": "(54,340)",
        "psf": "£33,649",
        "frf": "",
        "mret": "",
        "support_not_split": "",
    }
    return data | overrides


# -- recording -----------------------------------------------------------------------------------


def test_the_office_records_a_control_total(client, office, system, organisation, year, in_scope):
    client.force_login(office)
    response = client.post(
        url(system, "control-total-create"), control_total_data(organisation, year), follow=True
    )
    row = ControlTotal.objects.get()
    assert (row.plan_surplus_deficit, row.psf, row.frf) == (D("-54340"), D("33649"), D("0"))
    assert "(20,691)" in response.content.decode()  # the net on its page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("plan_surplus_deficit", "a deficit", "Enter an amount"),
        ("allocation_or_income", "", "Enter the allocation (commissioners) or income"),
        ("organisation", "", "Choose the organisation"),
    ],
)
def test_bad_input_is_shown_next_to_the_field(
    client, office, system, organisation, year, in_scope, field, value, message
):
    client.force_login(office)
    data = control_total_data(organisation, year, **{field: value})
    response = client.post(url(system, "control-total-create"), data)
    assert any(message in error for error in response.context["form"].errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not ControlTotal.objects.exists()


def test_a_second_control_total_for_the_year_is_refused_by_the_organisation(
    client, office, system, organisation, year, control_total
):
    client.force_login(office)
    response = client.post(
        url(system, "control-total-create"), control_total_data(organisation, year)
    )
    assert response.context["form"].errors["organisation"] == [
        "This organisation already has a control total this year."
    ]
    assert ControlTotal.objects.count() == 1


def test_a_zero_denominator_is_refused_next_to_it(
    client, office, system, organisation, year, in_scope
):
    client.force_login(office)
    data = {
        "organisation": organisation.pk,
        "year": year.pk,
        "recurrent": "1",
        "non_recurrent": "-",
        "denominator": "0",
    }
    response = client.post(url(system, "efficiency-plan-create"), data)
    assert "non_recurrent" in response.context["form"].errors
    response = client.post(url(system, "efficiency-plan-create"), data | {"non_recurrent": "0"})
    assert response.context["form"].errors["denominator"] == [
        "The denominator must be more than zero."
    ]
    assert not EfficiencyPlan.objects.exists()


# -- correcting ----------------------------------------------------------------------------------


def test_a_correction_keeps_the_old_figures_who_and_why(client, office, system, control_total):
    client.force_login(office)
    data = {
        "allocation_or_income": "100,000",
        "plan_surplus_deficit": "(54,000)",
        "psf": "33,649",
        "reason": "Revised plan, May",
    }
    client.post(url(system, "control-total-detail", control_total), data)
    control_total.refresh_from_db()
    assert control_total.plan_surplus_deficit == D("-54000")
    page = client.get(url(system, "control-total-detail", control_total)).content.decode()
    assert "Reason: Revised plan, May" in page
    assert "-54340.00" in page  # the old figure, in the history


def test_the_correction_form_shows_the_figures_as_printed(client, office, system, control_total):
    client.force_login(office)
    form = client.get(url(system, "control-total-detail", control_total)).context["form"]
    assert (form["plan_surplus_deficit"].value(), form["psf"].value()) == ("(54,340)", "33,649")


def test_a_correction_without_a_reason_is_accepted(client, office, system, plan):
    client.force_login(office)
    data = {"recurrent": "22,000", "non_recurrent": "4,454", "denominator": "643,043"}
    client.post(url(system, "efficiency-plan-detail", plan), data)
    plan.refresh_from_db()
    assert plan.recurrent == D("22000")
    assert plan.history.first().history_change_reason is None


def test_a_bad_correction_is_shown_and_saves_nothing(client, office, system, plan):
    client.force_login(office)
    data = {"recurrent": "(twelve)", "non_recurrent": "1", "denominator": "1"}
    response = client.post(url(system, "efficiency-plan-detail", plan), data)
    assert response.status_code == 200
    assert 'id="id_recurrent-error"' in response.content.decode()
    plan.refresh_from_db()
    assert (plan.recurrent, plan.denominator) == (D("22146"), D("643043"))


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_office_corrects_or_withdraws(client_for, role, system, control_total):
    client = client_for(role)
    page = client.get(url(system, "control-total-detail", control_total))
    assert page.status_code == 200
    assert "Correct the figures" not in page.content.decode()
    data = {"allocation_or_income": "1", "plan_surplus_deficit": "1"}
    assert client.post(url(system, "control-total-detail", control_total), data).status_code == 403
    withdraw = url(system, "control-total-withdraw", control_total)
    assert client.post(withdraw, {"withdraw-reason": "x"}).status_code == 403
    control_total.refresh_from_db()
    assert control_total.status == RecordStatus.CURRENT
    assert control_total.history.count() == 1


# -- withdrawing ---------------------------------------------------------------------------------


def test_a_withdrawn_control_total_is_kept_labelled_and_not_summed(
    client, office, system, organisation, year, control_total
):
    client.force_login(office)
    withdraw = url(system, "control-total-withdraw", control_total)
    response = client.post(
        withdraw, {"withdraw-reason": "Replaced by the revised plan"}, follow=True
    )
    assert "Withdrawn" in response.content.decode()
    control_total.refresh_from_db()
    assert control_total.status == RecordStatus.WITHDRAWN
    assert control_total.history.first().history_change_reason == "Replaced by the revised plan"
    overview = client.get(overview_url(system, year="2019/20")).content.decode()
    assert "(20,691)" not in overview
    assert url(system, "control-total-detail", control_total) in overview
    # The organisation may now be given a new one for the year.
    client.post(url(system, "control-total-create"), control_total_data(organisation, year))
    assert ControlTotal.objects.filter(status=RecordStatus.CURRENT).count() == 1
    assert ControlTotal.objects.count() == 2


def test_withdrawing_needs_a_reason(client, office, system, plan):
    client.force_login(office)
    response = client.post(url(system, "efficiency-plan-withdraw", plan), {"withdraw-reason": " "})
    assert response.status_code == 200
    assert 'id="id_withdraw-reason-error"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == RecordStatus.CURRENT


def test_a_withdrawn_record_is_neither_corrected_nor_withdrawn_again(office, control_total):
    services.control_total_withdraw(actor=office, control_total=control_total, reason="Wrong")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.control_total_update(actor=office, control_total=control_total, psf=D(1))
    with pytest.raises(ValidationError, match="withdrawn"):
        services.control_total_withdraw(actor=office, control_total=control_total, reason="Again")


def test_another_systems_record_is_not_found(client, office, other_system, control_total):
    client.force_login(office)
    assert client.get(url(other_system, "control-total-detail", control_total)).status_code == 404
