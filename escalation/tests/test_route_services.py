"""Routes corrected and withdrawn, and their steps kept numbered 1..n through every change:
added at the end, moved up and down, removed; refused once cases rely on the numbering."""

import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.models import EscalationRoute, EscalationStep
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_route(system, office, in_scope):
    """A route with three steps and no case raised on it."""
    route = services.route_create(actor=office, system=system, name="Dispute resolution")
    for role in ("The involved Parties", "Provider Alliance Group", "A regulatory body"):
        services.step_append(actor=office, route=route, escalate_to_role=role)
    return route


def roles(route) -> list[tuple[int, str]]:
    return list(
        EscalationStep.objects.filter(route=route)
        .order_by("order")
        .values_list("order", "escalate_to_role")
    )


def step(route, order: int) -> EscalationStep:
    return EscalationStep.objects.get(route=route, order=order)


def test_steps_are_appended_in_order(bare_route):
    assert roles(bare_route) == [
        (1, "The involved Parties"),
        (2, "Provider Alliance Group"),
        (3, "A regulatory body"),
    ]


def test_moving_a_step_up_swaps_it_with_the_one_before(bare_route, office):
    moved = services.step_move(actor=office, step=step(bare_route, 3), up=True)
    assert moved.order == 2
    assert roles(bare_route) == [
        (1, "The involved Parties"),
        (2, "A regulatory body"),
        (3, "Provider Alliance Group"),
    ]


def test_moving_down_then_up_restores_the_order(bare_route, office):
    before = roles(bare_route)
    first = step(bare_route, 1)
    services.step_move(actor=office, step=first, up=False)
    services.step_move(actor=office, step=first, up=True)
    assert roles(bare_route) == before


def test_each_moved_step_records_one_change_and_no_parked_place(bare_route, office):
    first, second = step(bare_route, 1), step(bare_route, 2)
    services.step_move(actor=office, step=second, up=True, reason="As the MoU orders them")
    for moved, old, new in ((second, 2, 1), (first, 1, 2)):
        latest, previous = moved.history.order_by("-history_id")[:2]
        assert (previous.order, latest.order) == (old, new)
        assert latest.history_change_reason == "As the MoU orders them"
        assert latest.history_user == office


@pytest.mark.parametrize(("order", "up", "message"), [(1, True, "first"), (3, False, "last")])
def test_moving_past_either_end_is_refused(bare_route, office, order, up, message):
    before = roles(bare_route)
    with pytest.raises(ValidationError, match=f"already the {message} step"):
        services.step_move(actor=office, step=step(bare_route, order), up=up)
    assert roles(bare_route) == before


def test_removing_a_step_closes_the_gap(bare_route, office):
    services.step_remove(actor=office, step=step(bare_route, 1), reason="Not in the final MoU")
    assert roles(bare_route) == [(1, "Provider Alliance Group"), (2, "A regulatory body")]
    removed = EscalationStep.history.filter(history_type="-").get()
    assert removed.escalate_to_role == "The involved Parties"
    assert removed.history_change_reason == "Not in the final MoU"


def test_removing_needs_a_reason_and_leaves_one_step_at_least(bare_route, office):
    with pytest.raises(ValidationError) as refused:
        services.step_remove(actor=office, step=step(bare_route, 2), reason=" ")
    assert "reason" in refused.value.error_dict
    services.step_remove(actor=office, step=step(bare_route, 3), reason="Duplicate")
    services.step_remove(actor=office, step=step(bare_route, 2), reason="Duplicate")
    with pytest.raises(ValidationError, match="at least one step"):
        services.step_remove(actor=office, step=step(bare_route, 1), reason="Duplicate")
    assert roles(bare_route) == [(1, "The involved Parties")]


def test_once_a_case_is_raised_steps_keep_their_places(case, office):
    route = case.route
    before = roles(route)
    with pytest.raises(ValidationError, match="keep their places"):
        services.step_move(actor=office, step=step(route, 2), up=True)
    with pytest.raises(ValidationError, match="keep their places"):
        services.step_remove(actor=office, step=step(route, 2), reason="Not needed")
    assert roles(route) == before
    # Correcting a step and adding one at the end stay open.
    services.step_update(actor=office, step=step(route, 2), escalate_to_role="Chair")
    services.step_append(actor=office, route=route, escalate_to_role="Regulator")
    assert [order for order, _ in roles(route)] == [1, 2, 3]


def test_a_step_is_corrected_with_a_reason_in_its_history(bare_route, office):
    first = step(bare_route, 1)
    services.step_update(
        actor=office, step=first, reason="Typo", response_due_days=14, step_up_after_months=1
    )
    first.refresh_from_db()
    assert (first.response_due_days, first.step_up_after_months) == (14, 1)
    assert first.history.first().history_change_reason == "Typo"


def test_a_step_cannot_be_moved_by_a_correction(bare_route, office):
    with pytest.raises(TypeError, match="order"):
        services.step_update(actor=office, step=step(bare_route, 1), order=3)


def test_a_step_to_another_systems_committee_is_refused(bare_route, office, other_system):
    committee = factories.CommitteeFactory(system=other_system)
    with pytest.raises(ValidationError) as refused:
        services.step_append(actor=office, route=bare_route, escalate_to_committee=committee)
    assert "escalate_to_committee" in refused.value.error_dict
    assert len(roles(bare_route)) == 3


def test_a_route_is_corrected_with_a_reason(bare_route, office):
    services.route_update(actor=office, route=bare_route, reason="Clause renumbered", clause="16")
    bare_route.refresh_from_db()
    assert bare_route.clause == "16"
    assert bare_route.history.first().history_change_reason == "Clause renumbered"


def test_a_route_cannot_name_another_systems_agreement(bare_route, office, other_system):
    agreement = factories.AgreementFactory(system=other_system)
    with pytest.raises(ValidationError) as refused:
        services.route_update(actor=office, route=bare_route, agreement=agreement)
    assert "agreement" in refused.value.error_dict


def test_withdrawing_keeps_the_route_and_freezes_it(bare_route, office):
    services.route_withdraw(actor=office, route=bare_route, reason="Superseded by the ICS MoU")
    stored = EscalationRoute.objects.get(pk=bare_route.pk)
    assert stored.is_withdrawn
    assert stored.withdrawal_reason == "Superseded by the ICS MoU"
    assert len(roles(stored)) == 3
    for change in (
        lambda: services.route_update(actor=office, route=stored, name="New"),
        lambda: services.step_append(actor=office, route=stored, escalate_to_role="Chair"),
        lambda: services.route_withdraw(actor=office, route=stored, reason="Again"),
    ):
        with pytest.raises(ValidationError, match="withdrawn"):
            change()


def test_withdrawing_needs_a_reason(bare_route, office):
    with pytest.raises(ValidationError) as refused:
        services.route_withdraw(actor=office, route=bare_route, reason="")
    assert "reason" in refused.value.error_dict
    assert not EscalationRoute.objects.get(pk=bare_route.pk).is_withdrawn


def test_a_route_with_open_cases_is_not_withdrawn(case, office):
    with pytest.raises(ValidationError, match="1 open case follows"):
        services.route_withdraw(actor=office, route=case.route, reason="Superseded")
    services.case_withdraw(actor=office, case=case, note="Raised in error")
    services.route_withdraw(actor=office, route=case.route, reason="Superseded")
    assert EscalationRoute.objects.get(pk=case.route.pk).is_withdrawn


def test_no_case_is_raised_on_a_withdrawn_route(bare_route, office):
    services.route_withdraw(actor=office, route=bare_route, reason="Superseded")
    with pytest.raises(ValidationError) as refused:
        services.case_raise(
            actor=office,
            route=bare_route,
            reason="Late",
            raised_on=factories.datetime.date(2020, 1, 6),
            subject_text="Plan",
        )
    assert "route" in refused.value.error_dict


def test_a_case_is_withdrawn_with_a_reason_and_logged(case, office):
    with pytest.raises(ValidationError) as refused:
        services.case_withdraw(actor=office, case=case, note=" ")
    assert "note" in refused.value.error_dict
    services.case_withdraw(actor=office, case=case, note="Raised against the wrong route")
    case.refresh_from_db()
    event = case.events.last()
    assert (case.status, event.action, event.note) == (
        "withdrawn",
        "withdraw",
        "Raised against the wrong route",
    )
    with pytest.raises(ValidationError, match="withdrawn cannot be"):
        services.case_close(actor=office, case=case, note="Done")
