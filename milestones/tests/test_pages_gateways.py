"""The gateway pages: list, add, correct (with a reason) and withdraw."""

from datetime import date

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import Gateway
from milestones.tests.form_helpers import error_next_to, url
from tests import record_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(plan, in_scope):
    return record_factories.GatewayFactory(plan=plan, number=1, name="Mobilisation")


def _gateway(system, **lookup):
    with scope([system]):
        return Gateway.objects.get(**lookup)


def test_office_adds_a_gateway(client, office, system, plan):
    client.force_login(office)
    data = {
        "plan": plan.pk,
        "number": "2",
        "name": "Delivery",
        "from_date": "2019-04-01",
        "objectives": "Go live.",
    }
    response = client.post(url(system, "gateway-create"), data, follow=True)
    gateway = _gateway(system, name="Delivery")
    assert response.redirect_chain[-1][0] == url(system, "gateway-detail", pk=gateway.pk)
    assert (gateway.plan, gateway.number, gateway.from_date) == (plan, 2, date(2019, 4, 1))
    listing = client.get(url(system, "gateway-list")).content.decode()
    assert "Gateway 2: Delivery" in listing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "1", "already has a gateway with this number"),
        ("number", "x", "Enter a whole number"),
        ("name", "", "Enter the gateway's name"),
        ("from_date", "2019-02-31", ""),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_added(
    client, office, system, plan, gateway, field, value, message
):
    client.force_login(office)
    data = {"plan": plan.pk, "number": "3", "name": "Closure", "from_date": "", "objectives": ""}
    data[field] = value
    response = client.post(url(system, "gateway-create"), data)
    assert response.status_code == 200
    assert message in error_next_to(response.content.decode(), field)
    with scope([system]):
        assert Gateway.objects.count() == 1


def test_office_corrects_a_gateway_with_a_reason_shown_in_its_history(
    client, office, system, gateway
):
    client.force_login(office)
    data = {"number": "1", "name": "Mobilise", "from_date": "", "objectives": "", "reason": "Typo"}
    response = client.post(url(system, "gateway-edit", pk=gateway.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "gateway-detail", pk=gateway.pk)
    page = response.content.decode()
    assert "Typo" in page and "Mobilisation" in page  # the reason and the old name
    assert _gateway(system, pk=gateway.pk).name == "Mobilise"


def test_office_withdraws_a_gateway_kept_and_no_longer_offered(
    client, office, system, gateway, milestone
):
    services.milestone_update(actor=office, milestone=milestone, gateway=gateway)
    client.force_login(office)
    response = client.post(url(system, "gateway-withdraw", pk=gateway.pk), {"reason": ""})
    assert "Say why the gateway" in error_next_to(response.content.decode(), "reason")
    assert not _gateway(system, pk=gateway.pk).is_withdrawn
    response = client.post(
        url(system, "gateway-withdraw", pk=gateway.pk), {"reason": "Restructured"}, follow=True
    )
    page = response.content.decode()
    assert "Withdrawn</strong>" in page and "Restructured" in page
    assert milestone.title in page  # its milestones keep it
    assert _gateway(system, pk=gateway.pk).is_withdrawn
    assert str(gateway) not in client.get(url(system, "gateway-list")).content.decode()
    listing = client.get(url(system, "gateway-list"), {"withdrawn": "include"}).content.decode()
    assert str(gateway) in listing
    assert str(gateway) not in client.get(url(system, "milestone-create")).content.decode()
    # The milestone that has it keeps it as a choice.
    edit = client.get(url(system, "milestone-edit", pk=milestone.pk)).content.decode()
    assert str(gateway) in edit


def test_a_reader_sees_gateways_but_no_buttons(client, lead, system, gateway):
    client.force_login(lead)
    page = client.get(url(system, "gateway-detail", pk=gateway.pk)).content.decode()
    assert "Mobilisation" in page
    assert url(system, "gateway-edit", pk=gateway.pk) not in page
    assert client.get(url(system, "gateway-create")).status_code == 403
