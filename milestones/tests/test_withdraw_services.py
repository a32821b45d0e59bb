"""Withdrawing gateways, workstreams and milestones, and correcting gateways: kept, labelled,
never deleted, and left out of every count."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from core.scoping import scope
from milestones import querysets, services
from milestones.models import Gateway, Milestone
from tests import factories, record_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(plan, in_scope):
    return record_factories.GatewayFactory(plan=plan, number=1, name="Mobilisation")


def test_withdrawing_a_milestone_keeps_it_with_the_reason(office, milestone):
    services.milestone_withdraw(actor=office, milestone=milestone, reason=" Merged into another ")
    milestone.refresh_from_db()
    assert milestone.withdrawn_on == date.today()
    assert milestone.withdrawal_reason == "Merged into another"
    latest = milestone.history.first()
    assert latest.history_user == office
    assert Milestone.objects.filter(pk=milestone.pk).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_a_reason_and_changes_nothing_without_one(office, milestone, reason):
    with pytest.raises(ValidationError) as error:
        services.milestone_withdraw(actor=office, milestone=milestone, reason=reason)
    assert "reason" in error.value.message_dict
    milestone.refresh_from_db()
    assert milestone.withdrawn_on is None
    assert milestone.history.count() == 1


def test_a_withdrawn_milestone_is_not_withdrawn_again_nor_changed(office, milestone):
    services.milestone_withdraw(actor=office, milestone=milestone, reason="Duplicate")
    with pytest.raises(ValidationError, match="kept as it was"):
        services.milestone_withdraw(actor=office, milestone=milestone, reason="Again")
    with pytest.raises(ValidationError, match="kept as it was"):
        services.milestone_update(actor=office, milestone=milestone, title="Renamed")
    with pytest.raises(ValidationError, match="kept as it was"):
        services.milestone_rebaseline(
            actor=office, milestone=milestone, baseline_on=date(2021, 1, 1), reason="Later"
        )
    milestone.refresh_from_db()
    assert milestone.title != "Renamed"
    assert milestone.withdrawal_reason == "Duplicate"


def test_a_milestone_correction_keeps_its_reason_in_the_history(office, milestone):
    services.milestone_update(
        actor=office, milestone=milestone, title="SDEC 12/7", reason=" Shorter title "
    )
    latest = milestone.history.first()
    assert latest.title == "SDEC 12/7"
    assert latest.history_change_reason == "Shorter title"


def test_withdrawn_milestones_are_left_out_of_the_counts(
    office, system, milestone, partner_milestone, workstream
):
    services.milestone_withdraw(actor=office, milestone=milestone, reason="Duplicate")
    milestones = Milestone.objects.filter(workstream__plan__system=system)
    assert list(querysets.current(milestones)) == [partner_milestone]
    assert list(querysets.withdrawn(milestones)) == [milestone]


def test_a_withdrawn_workstreams_milestones_leave_the_counts_and_take_no_more(
    office, system, milestone, workstream
):
    services.workstream_withdraw(actor=office, workstream=workstream, reason="Merged with D")
    workstream.refresh_from_db()
    assert workstream.is_withdrawn
    assert workstream.withdrawal_reason == "Merged with D"
    milestones = Milestone.objects.filter(workstream__plan__system=system)
    assert not querysets.current(milestones).exists()
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=office, workstream=workstream, title="New", baseline_on=date(2021, 1, 1)
        )
    assert "workstream" in error.value.message_dict
    with pytest.raises(ValidationError, match="kept as it was"):
        services.workstream_update(actor=office, workstream=workstream, name="Renamed")


def test_a_gateway_is_corrected_with_a_reason_and_keeps_its_old_values(office, gateway):
    services.gateway_update(
        actor=office, gateway=gateway, name="Mobilise", from_date=date(2019, 4, 1), reason="Typo"
    )
    gateway.refresh_from_db()
    assert (gateway.name, gateway.from_date) == ("Mobilise", date(2019, 4, 1))
    newest, oldest = gateway.history.all()[:2]
    assert newest.history_change_reason == "Typo"
    assert oldest.name == "Mobilisation"


def test_a_gateway_correction_refuses_its_plan(office, gateway, plan, system):
    other_plan = factories.PlanFactory(system=system, title="Second plan")
    with pytest.raises(TypeError, match="plan"):
        services.gateway_update(actor=office, gateway=gateway, plan=other_plan, name="Moved")
    gateway.refresh_from_db()
    assert (gateway.plan_id, gateway.name) == (plan.pk, "Mobilisation")


def test_a_duplicate_gateway_number_is_refused_next_to_the_number(office, gateway, plan):
    second = services.gateway_create(actor=office, plan=plan, number=2, name="Delivery")
    with pytest.raises(ValidationError) as error:
        services.gateway_update(actor=office, gateway=second, number=1)
    assert "already has a gateway with this number" in str(error.value)
    second.refresh_from_db()
    assert second.number == 2


def test_a_withdrawn_gateway_is_kept_but_offered_to_no_new_milestone(
    office, gateway, workstream, milestone
):
    services.milestone_update(actor=office, milestone=milestone, gateway=gateway)
    services.gateway_withdraw(actor=office, gateway=gateway, reason="Plan restructured")
    gateway.refresh_from_db()
    milestone.refresh_from_db()
    assert gateway.is_withdrawn and milestone.gateway == gateway  # kept, still linked
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=office,
            workstream=workstream,
            title="Another",
            baseline_on=date.today() + timedelta(days=10),
            gateway=gateway,
        )
    assert "gateway" in error.value.message_dict
    with pytest.raises(ValidationError, match="kept as it was"):
        services.gateway_update(actor=office, gateway=gateway, name="Renamed")
    with scope([gateway.plan.system_id]):
        assert Gateway.objects.filter(pk=gateway.pk).exists()
