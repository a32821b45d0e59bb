"""The governance forms offer only this system's choices, and start from what is already there."""

import re

import pytest
from django.urls import reverse

from governance.tests.form_helpers import error_next_to
from tests import factories

pytestmark = pytest.mark.django_db


def test_forms_offer_only_this_systems_choices(client, office, world, other_system):
    theirs = factories.PersonFactory(system=other_system, name="Zed Elsewhere")
    elsewhere = factories.OrganisationFactory(name="Beta Only Trust")
    factories.PartnershipFactory(system=other_system, organisation=elsewhere)
    client.force_login(office)
    page = client.get(reverse("governance:membership-create", args=["alpha", world.pag.pk]))
    html = page.content.decode()
    assert "Col Council" in html and "Zed Elsewhere" not in html
    assert world.partner.name in html and "Beta Only Trust" not in html
    response = client.post(
        reverse("governance:party-sign", args=["alpha", world.party.pk]),
        {"signatory": theirs.pk, "signed_on": "2018-05-01"},
    )
    assert error_next_to(response.content.decode(), "signatory").startswith(
        "Choose one of the options offered"
    )


def test_committee_cannot_be_chosen_to_report_to_itself(client, office, world):
    client.force_login(office)
    page = client.get(reverse("governance:committee-edit", args=["alpha", world.board.pk]))
    html = page.content.decode()
    assert f'<option value="{world.pag.pk}"' in html
    assert f'<option value="{world.board.pk}"' not in html


def test_new_terms_start_from_the_latest_quorum_rule(client, office, world):
    client.force_login(office)
    html = client.get(reverse("governance:terms-create", args=["alpha", world.pag.pk])).content
    assert re.search(rf'name="minimum_{world.organisation.pk}" value="1"', html.decode()), (
        "the latest version's requirement is the starting value"
    )
