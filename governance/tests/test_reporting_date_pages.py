"""A governance page shows its derived facts as at its one reporting date (core.reporting_date,
``?as_at=``), not today: asked for a date on which the two disagree, the page says what held on
the date asked for."""

from datetime import date

import pytest
from django.urls import reverse

from core.scoping import scope
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mou(system):
    # The Cambridgeshire and Peterborough MoU runs to 31 March 2021 (seed 003): in effect as at
    # its paper's date, expired today.
    with scope([system]):
        return factories.AgreementFactory(
            system=system, effective_on=date(2017, 11, 1), expires_on=date(2021, 3, 31)
        )


def test_the_page_that_ends_an_agreement_gives_its_status_as_at_the_reporting_date(
    client, office, system, mou
):
    client.force_login(office)
    url = reverse("governance:agreement-end", args=[system.slug, mou.pk])
    for as_at, label in (("2017-11-30", "In effect"), ("2021-04-01", "Expired")):
        page = client.get(url, {"as_at": as_at})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Status today" not in html  # it is as at the date shown in the banner
        assert f'<dd class="nhsuk-summary-list__value">{label}</dd>' in html.replace("\n", "")
