"""People from a spreadsheet: an export imports back unchanged, one edited cell is one change
with its history, and a new row adds a person at a partner organisation."""

import html

import pytest
from django.urls import reverse

from core.models import ImportBatch
from core.scoping import scope
from partners.models import Person
from tests import factories
from tests.import_helpers import batch_id, edited, exported, upload, workbook

pytestmark = pytest.mark.django_db


def _url(system, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"slug": system.slug, **kwargs})


def _batch(client, system, name, data):
    pk = batch_id(upload(client, _url(system, "person-import"), name, data))
    with scope([system]):
        return ImportBatch.objects.get(pk=pk)


@pytest.fixture
def people(system, organisation):
    organisation.short_name = "AHFT"
    organisation.save()
    return [
        factories.PersonFactory(
            system=system, name="Ann Lead", title="Chief Executive", organisation=organisation
        ),
        factories.PersonFactory(
            system=system, name="", title="Director of Finance", organisation=organisation
        ),
    ]


def test_an_export_imports_back_unchanged_and_one_edit_is_one_change(
    client, office, system, people
):
    client.force_login(office)
    # Listed by name: the post-only entry first, then Ann Lead (row 2).
    data = exported(client.get(_url(system, "person-list"), {"format": "xlsx"}))
    assert _batch(client, system, "p.xlsx", data).counts["unchanged"] == 2
    book = _batch(client, system, "people.xlsx", edited(data, "Post", 2, "Chief Officer"))
    (row,) = [r for r in book.rows if r["action"] == "change"]
    assert row["changes"] == [["Post", "Chief Executive", "Chief Officer"]]
    assert client.post(_url(system, "person-import-confirm", pk=book.pk)).status_code == 302
    with scope([system]):
        person = Person.objects.get(pk=people[0].pk)
        assert person.title == "Chief Officer"
        assert person.history.first().history_change_reason == "Imported from people.xlsx"


def test_new_people_and_unknown_organisations(client, office, system, people):
    client.force_login(office)
    header = ["ID", "Name", "Post", "Organisation"]
    batch = _batch(
        client,
        system,
        "new.xlsx",
        workbook(
            header,
            [None, "Bea New", "Clinical Lead", "AHFT"],
            [None, "", "Director of Finance", "AHFT"],
            [None, "Cy Stranger", "", "Nowhere Trust"],
            [None, "", "", "AHFT"],
        ),
    )
    assert [r["action"] for r in batch.rows] == ["create", "unchanged", "error", "error"]
    page = html.unescape(client.get(_url(system, "person-import-preview", pk=batch.pk)).text)
    assert 'There is no partner organisation "Nowhere Trust" here.' in page
    assert "Give the person's name or, if it is not known, their post." in page
