"""A meeting is never added already cancelled: its cancellation needs a reason, given on the
meeting's page once it exists."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.scoping import unscoped
from governance import services
from governance.models import Meeting
from tests import factories


@pytest.fixture
def committee(system):
    with unscoped():
        return factories.CommitteeFactory(system=system, name="Provider Alliance Group")


def test_the_add_form_offers_no_cancelled_status(client, office, system, committee):
    client.force_login(office)
    url = reverse("governance:meeting-create", args=[system.slug])
    page = client.get(url).content.decode()
    assert 'value="cancelled"' not in page
    with unscoped():
        before = Meeting.objects.count()
    response = client.post(
        url,
        {
            "committee": committee.pk,
            "held_on_day": "3",
            "held_on_month": "3",
            "held_on_year": "2018",
            "status": "cancelled",
        },
    )
    assert response.status_code in (200, 400)
    assert "Choose one of the options offered" in response.content.decode()
    with unscoped():
        assert Meeting.objects.count() == before


def test_the_service_refuses_a_meeting_added_cancelled(office, committee):
    with unscoped(), pytest.raises(ValidationError) as refused:
        services.meeting_create(
            actor=office,
            committee=committee,
            held_on=date(2018, 3, 20),
            status=Meeting.Status.CANCELLED,
        )
    assert "then cancel it" in str(refused.value)
