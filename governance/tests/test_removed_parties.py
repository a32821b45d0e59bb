"""A party removed from an agreement (recorded in error, or it never signed) is kept, labelled,
but is no longer awaited: no "awaiting signatures" filter asks it to sign (the dashboard's and
the chair's report's: reports/tests), and no register counts it as a party. The API shows it
with the date and reason it was removed, as the agreement's page does, and a withdrawn
commitment likewise."""

from datetime import date

import pytest
from django.urls import reverse

from core.scoping import scope
from governance import recorded, services
from governance.models import Agreement
from tests.spreadsheets import column, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def removed(world, office):
    """The MoU's only party removed, and its commitment withdrawn; a second agreement whose
    party has not signed, still awaited."""
    with scope([world.system]):
        services.party_withdraw(
            actor=office, party=world.party, reason="Never will sign", withdrawn_on=date(2018, 5, 1)
        )
        services.commitment_withdraw(
            actor=office,
            commitment=world.mou.commitments.get(),
            reason="Superseded by clause 4",
        )
        waiting = services.agreement_create(
            actor=office, system=world.system, title="Estates MoU", kind="mou"
        )
        services.party_add(actor=office, agreement=waiting, organisation=world.partner)
    return waiting


def _register(client, world, **params):
    url = reverse("governance:agreement-list", args=[world.system.slug])
    return client.get(url, params)


def test_the_register_awaits_no_removed_party(client, office, world, removed):
    client.force_login(office)
    awaiting = _register(client, world, attention="unsigned").context["page"].object_list
    assert [a.pk for a in awaiting] == [removed.pk]
    # As recorded at the end of a day (core.as_recorded): the same.
    with scope([world.system]):
        visible = Agreement.objects.all()
        awaited = recorded.unsigned(visible, date.today())
        assert {row["agreement_id"] for row in awaited} == {removed.pk}


def test_the_register_and_its_export_count_only_the_parties_kept(client, office, world, removed):
    client.force_login(office)
    rows = {a.title: a for a in _register(client, world).context["page"].object_list}
    assert rows["PAG MoU"].kept_parties == []
    book = read_xlsx(_register(client, world, format="xlsx"))
    counts = dict(zip(column(book, "Agreement"), column(book, "Parties"), strict=True))
    assert counts == {"Estates MoU": 1, "PAG MoU": 0}


def test_the_api_filter_awaits_no_removed_party(api, world, removed):
    unsigned = api("/api/v1/agreements/", unsigned="true").json()["results"]
    assert [a["id"] for a in unsigned] == [removed.pk]
    signed = api("/api/v1/agreements/", unsigned="false").json()["results"]
    assert [a["id"] for a in signed] == [world.mou.pk]


def test_the_api_shows_a_removed_party_and_a_withdrawn_commitment(api, world, removed):
    listed = {a["id"]: a for a in api("/api/v1/agreements/").json()["results"]}
    detail = api(f"/api/v1/agreements/{world.mou.pk}/").json()
    for mou in (listed[world.mou.pk], detail):
        (party,) = mou["parties"]
        assert (party["withdrawn_on"], party["withdrawn_reason"]) == (
            "2018-05-01",
            "Never will sign",
        )
        (commitment,) = mou["commitments"]
        assert commitment["withdrawn_on"] == date.today().isoformat()
        assert commitment["withdrawn_reason"] == "Superseded by clause 4"
    (kept,) = listed[removed.pk]["parties"]
    assert (kept["withdrawn_on"], kept["withdrawn_reason"]) == (None, "")
