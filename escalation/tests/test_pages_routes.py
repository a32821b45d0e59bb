"""Setting up routes in the pages: created (also from an agreement's dispute clause), corrected,
withdrawn; steps added, corrected, reordered and removed. Bad input is shown next to its field
and saves nothing."""

import pytest

from escalation import services
from escalation.models import EscalationRoute, EscalationStep
from escalation.tests.page_helpers import action_url, reload
from tests import factories
from tests.form_html import form_with

pytestmark = pytest.mark.django_db


def url(system, tail: str) -> str:
    return f"/s/{system.slug}/escalations/{tail}"


@pytest.fixture
def bare_route(system, office, in_scope):
    route = services.route_create(actor=office, system=system, name="Dispute resolution")
    for role in ("The involved Parties", "Provider Alliance Group"):
        services.step_append(actor=office, route=route, escalate_to_role=role)
    return route


def roles(route) -> list[str]:
    steps = EscalationStep.objects.filter(route=route).order_by("order")
    return list(steps.values_list("escalate_to_role", flat=True))


def test_office_creates_a_route_and_is_taken_to_it(client, office, system, in_scope):
    client.force_login(office)
    data = form_with(client.get(url(system, "routes/new/")), "form_token")
    data.update(name="Dispute resolution", clause="16 (Dispute Resolution)")
    response = client.post(url(system, "routes/new/"), data, follow=True)
    route = EscalationRoute.objects.get(system=system, name="Dispute resolution")
    assert response.redirect_chain[-1][0] == url(system, f"routes/{route.pk}/")
    assert "now add its steps in order" in response.content.decode()
    assert route.history.get().history_user == office


def test_a_duplicate_name_is_refused_next_to_the_field(client, office, system, bare_route):
    client.force_login(office)
    data = form_with(client.get(url(system, "routes/new/")), "form_token")
    data.update(name="Dispute resolution")
    response = client.post(url(system, "routes/new/"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "This system already has a route with this name."
    ]
    assert 'id="id_name-error"' in response.content.decode()
    assert EscalationRoute.objects.filter(system=system).count() == 1


def test_a_route_for_a_kind_no_party_is_refused_and_nothing_saved(client, office, system, in_scope):
    client.force_login(office)
    data = form_with(client.get(url(system, "routes/new/")), "form_token")
    data.update(name="NHS trusts", covers_organisation_kind="ambulance_trust")
    response = client.post(url(system, "routes/new/"), data)
    assert "covers_organisation_kind" in response.context["form"].errors
    assert not EscalationRoute.objects.filter(system=system).exists()


def test_the_agreements_clause_prefills_a_new_route(client, office, system, in_scope):
    agreement = factories.AgreementFactory(
        system=system,
        title="PAG MoU",
        dispute_resolution=["Resolved by the Parties.", "Then the PAG."],
    )
    client.force_login(office)
    detail = client.get(f"/s/{system.slug}/agreements/{agreement.pk}/").content.decode()
    assert f"escalations/routes/new/?agreement={agreement.pk}" in detail
    page = client.get(url(system, f"routes/new/?agreement={agreement.pk}"))
    form = page.context["form"]
    assert form.initial == {"agreement": agreement.pk, "name": "PAG MoU dispute resolution"}
    assert "Then the PAG." in page.content.decode()


def test_another_systems_agreement_is_not_found(client, office, system, other_system, in_scope):
    agreement = factories.AgreementFactory(system=other_system, dispute_resolution=["Talk."])
    client.force_login(office)
    assert client.get(url(system, f"routes/new/?agreement={agreement.pk}")).status_code == 404
    assert client.get(url(system, "routes/new/?agreement=x")).status_code == 400


def test_a_step_is_added_at_the_end(client, office, system, bare_route):
    client.force_login(office)
    address = url(system, f"routes/{bare_route.pk}/steps/new/")
    data = form_with(client.get(address), "form_token")
    data.update(escalate_to_role="A regulatory body", step_up_after_months="")
    response = client.post(address, data)
    assert response.status_code == 302
    assert roles(bare_route)[-1] == "A regulatory body"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"escalate_to_role": ""}, "escalate_to_role"),
        ({"step_up_after_days": "5", "step_up_after_months": "1"}, "step_up_after_days"),
        ({"response_due_days": "-1"}, "response_due_days"),
        ({"response_due_days": "99999999999"}, "response_due_days"),
    ],
)
def test_a_bad_step_is_refused_next_to_its_field(client, office, system, bare_route, bad, field):
    client.force_login(office)
    address = url(system, f"routes/{bare_route.pk}/steps/new/")
    data = form_with(client.get(address), "form_token")
    data.update({"escalate_to_role": "Board", **bad})
    response = client.post(address, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert len(roles(bare_route)) == 2


def test_steps_are_reordered_from_the_route_page(client, office, system, bare_route):
    client.force_login(office)
    second = EscalationStep.objects.get(route=bare_route, order=2)
    page = client.get(url(system, f"routes/{bare_route.pk}/")).content.decode()
    assert url(system, f"steps/{second.pk}/move-up/") in page
    response = client.post(url(system, f"steps/{second.pk}/move-up/"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"routes/{bare_route.pk}/#step-{second.pk}")
    assert roles(bare_route) == ["Provider Alliance Group", "The involved Parties"]


def test_a_refused_move_says_why(client, office, system, case):
    client.force_login(office)
    second = EscalationStep.objects.get(route=case.route, order=2)
    response = client.post(url(system, f"steps/{second.pk}/move-up/"), follow=True)
    assert "keep their places" in response.content.decode()
    assert reload(case).current_step.order == 1


def test_a_step_is_corrected_with_its_reason_in_the_routes_history(
    client, office, system, bare_route
):
    client.force_login(office)
    first = EscalationStep.objects.get(route=bare_route, order=1)
    address = url(system, f"steps/{first.pk}/edit/")
    data = form_with(client.get(address), "opened_version")
    data.update(response_due_days="14", reason="As signed")
    assert client.post(address, data).status_code == 302
    page = client.get(url(system, f"routes/{bare_route.pk}/")).content.decode()
    assert "Step 1: Response due days" in page
    assert "Reason: As signed" in page


def test_a_step_is_removed_with_a_reason(client, office, system, bare_route):
    client.force_login(office)
    first = EscalationStep.objects.get(route=bare_route, order=1)
    address = url(system, f"steps/{first.pk}/remove/")
    refused = client.post(address, {"reason": ""})
    assert refused.context["form"].errors["reason"] == ["Say why the step is being removed."]
    assert len(roles(bare_route)) == 2
    assert client.post(address, {"reason": "Not in the final MoU"}).status_code == 302
    assert roles(bare_route) == ["Provider Alliance Group"]
    page = client.get(url(system, f"routes/{bare_route.pk}/")).content.decode()
    assert "Step 1 deleted" in page and "Not in the final MoU" in page


def test_a_route_is_corrected_and_withdrawn(client, office, system, bare_route):
    client.force_login(office)
    address = url(system, f"routes/{bare_route.pk}/edit/")
    data = form_with(client.get(address), "opened_version")
    data.update(clause="Para 16", reason="Clause named")
    assert client.post(address, data).status_code == 302
    withdraw = url(system, f"routes/{bare_route.pk}/withdraw/")
    refused = client.post(withdraw, {"reason": " "})
    assert refused.context["form"].errors["reason"] == ["Say why the route is being withdrawn."]
    assert client.post(withdraw, {"reason": "Superseded"}).status_code == 302
    stored = EscalationRoute.objects.get(pk=bare_route.pk)
    assert (stored.clause, stored.withdrawal_reason) == ("Para 16", "Superseded")
    detail = client.get(url(system, f"routes/{bare_route.pk}/")).content.decode()
    assert "Withdrawn" in detail and "Superseded" in detail
    assert url(system, f"routes/{bare_route.pk}/edit/") not in detail
    listing = client.get(url(system, "routes/")).content.decode()
    assert 'nhsuk-tag--grey">Withdrawn' in listing
    raise_page = client.get(url(system, "new/"))
    assert stored not in raise_page.context["form"].fields["route"].queryset


def test_a_case_is_withdrawn_with_a_reason_on_its_page(client, office, system, case):
    client.force_login(office)
    assert "Withdraw the case" in client.get(url(system, f"{case.pk}/")).content.decode()
    refused = client.post(action_url(system, case, "withdraw"), {"withdraw-note": ""})
    assert refused.context["actions"]["withdraw"].errors["note"] == [
        "Say why the case is being withdrawn."
    ]
    assert reload(case).status == "awaiting_response"
    done = client.post(action_url(system, case, "withdraw"), {"withdraw-note": "Raised in error"})
    assert done.status_code == 302
    assert reload(case).status == "withdrawn"
    assert "Raised in error" in client.get(url(system, f"{case.pk}/")).content.decode()


def test_others_see_the_route_but_not_its_controls(client, lead, system, bare_route):
    client.force_login(lead)
    page = client.get(url(system, f"routes/{bare_route.pk}/"))
    assert page.status_code == 200
    assert "Move up" not in page.content.decode()
    assert client.post(url(system, f"routes/{bare_route.pk}/withdraw/")).status_code == 403
