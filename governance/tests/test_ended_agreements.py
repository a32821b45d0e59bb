"""An agreement terminated by its parties (or superseded) is kept, labelled, with why it ended,
but asks nothing more: the register's "Expiring within 90 days" and "Awaiting signatures"
leave it out, as the dashboard (reports/tests), the chair's report and the reminders do."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.scoping import scope
from governance import services

pytestmark = pytest.mark.django_db

SOON = date.today() + timedelta(days=30)


@pytest.fixture
def ended(world, office):
    """Beside the world's draft MoU (one party unsigned): an MoU expiring soon, in effect, and
    one expiring soon with an unsigned party but terminated."""
    with scope([world.system]):
        expiring = services.agreement_create(
            actor=office,
            system=world.system,
            title="Estates MoU",
            kind="mou",
            effective_on=date(2019, 1, 1),
        )
        services.agreement_update(
            actor=office, agreement=expiring, expires_on=SOON, status="in_effect"
        )
        terminated = services.agreement_create(
            actor=office, system=world.system, title="Ended MoU", kind="mou"
        )
        services.agreement_update(actor=office, agreement=terminated, expires_on=SOON)
        services.party_add(actor=office, agreement=terminated, organisation=world.partner)
        services.agreement_terminate(
            actor=office,
            agreement=terminated,
            terminated_on=date.today() - timedelta(days=1),
            reason="Replaced by the ICS constitution",
        )
    return expiring, terminated


def _register(client, world, **params):
    url = reverse("governance:agreement-list", args=[world.system.slug])
    return [a.title for a in client.get(url, params).context["page"].object_list]


def test_the_register_neither_awaits_nor_expires_a_terminated_agreement(
    client, office, world, ended
):
    client.force_login(office)
    assert _register(client, world, attention="expiring") == ["Estates MoU"]
    assert _register(client, world, attention="unsigned") == ["PAG MoU"]
    # Still listed, labelled, among all agreements.
    assert "Ended MoU" in _register(client, world)
