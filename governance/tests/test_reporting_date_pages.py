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


def test_the_agreement_list_names_the_date_its_statuses_are_as_at(client, office, system, mou):
    client.force_login(office)
    url = reverse("governance:agreement-list", args=[system.slug])
    html = client.get(url, {"as_at": "2017-11-30"}).content.decode()
    assert "Status as at 30 Nov 2017</th>" in html
    assert "Status today" not in html
    assert "In effect</strong>" in html


def test_the_committee_page_names_the_date_its_terms_are_in_force_on(client, office, system):
    with scope([system]):
        committee = factories.CommitteeFactory(system=system)
        factories.TermsOfReferenceFactory(
            committee=committee,
            version="1.0",
            effective_from=date(2017, 1, 1),
            quorum_minimum_total=3,
        )
    client.force_login(office)
    url = reverse("governance:committee-detail", args=[system.slug, committee.pk])
    html = client.get(url, {"as_at": "2017-11-30"}).content.decode()
    assert "terms of reference 1.0 in force as at 30 November 2017," in html
    assert "in force today" not in html


def test_attendance_redraws_its_quorum_as_at_the_pages_date(client, office, world):
    # The PAG met on 1 February 2018: as at the day before, it has not yet been held.
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[world.system.slug, world.meeting.pk])
    page = client.get(url, {"as_at": "2018-01-31"})
    assert page.context["outcome"].not_yet_held
    html = page.content.decode()
    (redraw,) = {part.split('"')[1] for part in html.split("hx-post=")[1:]}
    assert redraw == f"{url}?as_at=2018-01-31"
    with scope([world.system]):
        membership = world.pag.memberships.get()
    panel = client.post(redraw, {f"status-{membership.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert panel.context["outcome"].not_yet_held
