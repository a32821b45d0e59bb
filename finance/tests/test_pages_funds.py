"""Funds, their rows and cost-sharing splits from the finance pages: recorded, corrected with
their history, withdrawn (kept, labelled, not summed), by the programme office only."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance import services
from finance.models import CostShare, CostShareLine, Fund, FundContribution, RecordStatus
from tests import factories, record_factories

pytestmark = pytest.mark.django_db


def url(system, name, record=None):
    return reverse(f"finance:{name}", args=[system.slug, *([record.pk] if record else [])])


@pytest.fixture
def fund(office, system, year, in_scope):
    return services.fund_create(
        actor=office,
        system=system,
        name="System Investment Fund (SIF)",
        kind="investment_fund",
        year=year,
    )


def test_the_office_records_a_fund(client, office, system, year, in_scope):
    client.force_login(office)
    data = {"name": "System Investment Fund (SIF)", "kind": "investment_fund", "year": year.pk}
    response = client.post(url(system, "fund-create"), data, follow=True)
    fund = Fund.objects.get()
    assert response.redirect_chain[-1][0] == url(system, "fund-detail", fund)
    assert "Record a contribution" in response.content.decode()


def test_a_fund_without_a_name_is_refused_next_to_the_field(client, office, system, in_scope):
    client.force_login(office)
    response = client.post(url(system, "fund-create"), {"name": "", "kind": "contingency"})
    assert 'id="id_name-error"' in response.content.decode()
    assert not Fund.objects.exists()


def test_a_contribution_in_brackets_or_pounds_is_read(client, office, system, fund, organisation):
    client.force_login(office)
    add = url(system, "fund-contribution-add", fund)
    data = {"organisation": organisation.pk, "amount": "£20,691"}
    client.post(add, data)
    assert FundContribution.objects.get().amount == D("20691")
    response = client.post(add, {"organisation": organisation.pk, "amount": "(1,500)"})
    assert "id_amount-error" in response.content.decode()  # a contribution is not negative
    assert FundContribution.objects.count() == 1


def test_a_correction_shows_in_the_history_and_a_bad_one_changes_nothing(
    client, office, system, fund, organisation
):
    row = services.fund_contribution_add(
        actor=office, fund=fund, organisation=organisation, amount=D("1500")
    )
    client.force_login(office)
    page = url(system, "fund-contribution-detail", row)
    response = client.post(page, {"amount": "two thousand", "reason": ""})
    assert response.context["form"].errors["amount"]
    row.refresh_from_db()
    assert row.amount == D("1500")
    response = client.post(page, {"amount": "1,750", "reason": "Per the revised plan"}, follow=True)
    row.refresh_from_db()
    assert row.amount == D("1750")
    assert "Per the revised plan" in response.content.decode()


def test_a_withdrawn_contribution_is_labelled_and_left_out_of_the_total(
    client, office, system, fund, organisation, partner
):
    services.fund_contribution_add(
        actor=office, fund=fund, organisation=organisation, amount=D("1500")
    )
    wrong = services.fund_contribution_add(
        actor=office, fund=fund, organisation=partner, amount=D("900")
    )
    client.force_login(office)
    withdraw = url(system, "fund-contribution-withdraw", wrong)
    response = client.post(withdraw, {"withdraw-reason": ""})
    assert response.context["withdraw_form"].errors["reason"]
    client.post(withdraw, {"withdraw-reason": "Not agreed"})
    wrong.refresh_from_db()
    assert wrong.status == RecordStatus.WITHDRAWN
    response = client.get(url(system, "fund-detail", fund))
    assert response.context["contributed"] == D("1500")
    assert "Withdrawn" in response.content.decode()


def test_a_drawdown_before_its_decision_is_refused_by_its_date(
    client, office, system, fund, in_scope
):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2019, 9, 1)
    )
    decision = record_factories.DecisionFactory(meeting=meeting, title="Diabetes investment")
    client.force_login(office)
    data = {
        "decision": decision.pk,
        "amount": "2,900",
        "purpose": "Diabetes programme",
        "drawn_on": "2019-08-01",
    }
    response = client.post(url(system, "fund-drawdown-add", fund), data)
    assert "before it was approved" in str(response.context["form"].errors["drawn_on"])
    assert not fund.drawdowns.exists()
    client.post(url(system, "fund-drawdown-add", fund), data | {"drawn_on": "2019-10-01"})
    assert fund.drawdowns.get().amount == D("2900")


def test_a_withdrawn_fund_is_kept_labelled_and_offers_no_forms(client, office, system, fund):
    client.force_login(office)
    client.post(url(system, "fund-withdraw", fund), {"withdraw-reason": "Recorded twice"})
    response = client.get(url(system, "fund-detail", fund))
    assert response.context["form"] is None and response.context["withdraw_form"] is None
    assert "Withdrawn" in response.content.decode()
    overview = client.get(reverse("finance:overview", args=[system.slug]) + "?year=2019/20")
    assert overview.context["overview"].funds == []


def test_a_lead_cannot_correct_a_fund(client, lead, system, fund):
    client.force_login(lead)
    response = client.post(
        url(system, "fund-detail", fund), {"name": "Renamed", "kind": "contingency"}
    )
    assert response.status_code == 403
    fund.refresh_from_db()
    assert fund.name == "System Investment Fund (SIF)"


def share_data(organisation, partner, first, second, **extra):
    return {
        "name": "SDU funding split",
        "year": "",
        "source": "",
        f"share-{organisation.pk}": first,
        f"share-{partner.pk}": second,
    } | extra


def test_a_split_that_does_not_add_up_says_its_total_by_the_shares(
    client, office, system, organisation, partner, in_scope
):
    client.force_login(office)
    response = client.post(
        url(system, "cost-share-create"), share_data(organisation, partner, "60", "30")
    )
    html = response.content.decode()
    assert "The shares add up to 90%, not 100%." in html
    first = min(organisation, partner, key=lambda o: o.name)
    assert f'id="id_share-{first.pk}-error"' in html
    assert not CostShare.objects.exists()


def test_a_split_is_recorded_corrected_and_withdrawn(
    client, office, system, organisation, partner, in_scope
):
    client.force_login(office)
    response = client.post(
        url(system, "cost-share-create"),
        share_data(organisation, partner, "62.5", "37.5"),
        follow=True,
    )
    share = CostShare.objects.get()
    assert response.context["total"] == D("100")
    page = url(system, "cost-share-detail", share)
    client.post(page, share_data(organisation, partner, "100", "", reason="Partner left"))
    assert CostShareLine.objects.get(organisation=partner).status == RecordStatus.WITHDRAWN
    response = client.get(page)
    assert response.context["total"] == D("100")
    client.post(url(system, "cost-share-withdraw", share), {"withdraw-reason": "Superseded"})
    share.refresh_from_db()
    assert share.status == RecordStatus.WITHDRAWN


def test_a_splits_correction_form_shows_the_shares_as_given(
    client, office, system, organisation, in_scope
):
    share = services.cost_share_create(
        actor=office, system=system, name="SDU funding", lines=[(organisation, D("100"))]
    )
    client.force_login(office)
    response = client.get(url(system, "cost-share-detail", share))
    assert response.context["form"][f"share-{organisation.pk}"].value() == "100"
