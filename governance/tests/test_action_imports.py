"""The action log from a spreadsheet: an export imports back unchanged, a row marked done is
one change with its history, a new row adds an action to its meeting."""

import html
from datetime import date

import pytest
from django.urls import reverse

from core.models import ImportBatch
from core.scoping import scope
from governance.models import Action
from tests import factories, record_factories
from tests.import_helpers import batch_id, edited, exported, upload, workbook

pytestmark = pytest.mark.django_db


def _url(system, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"slug": system.slug, **kwargs})


@pytest.fixture
def meeting(system):
    committee = factories.CommitteeFactory(system=system, name="Programme Board", short_name="PB")
    return factories.MeetingFactory(committee=committee, held_on=date(2018, 2, 1))


@pytest.fixture
def actions(meeting, system, organisation):
    owner = factories.PersonFactory(system=system, name="Ann Owner", organisation=organisation)
    return [
        record_factories.ActionFactory(
            meeting=meeting,
            description="Circulate the diabetes paper",
            owner=owner,
            due_on=date(2018, 3, 1),
        ),
        record_factories.ActionFactory(meeting=meeting, description="Book the next venue"),
    ]


def _batch(client, system, name, data):
    pk = batch_id(upload(client, _url(system, "action-import"), name, data))
    with scope([system]):
        return ImportBatch.objects.get(pk=pk)


def test_an_export_imports_back_unchanged(client, office, system, actions):
    client.force_login(office)
    data = exported(client.get(_url(system, "action-list"), {"format": "xlsx"}))
    batch = _batch(client, system, "log.xlsx", data)
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 2, "error": 0}


def test_marking_one_done_is_one_change_with_its_history(client, office, system, actions):
    client.force_login(office)
    data = exported(client.get(_url(system, "action-list"), {"format": "xlsx"}))
    done = edited(edited(data, "Status", 1, "Done"), "Completed", 1, date(2018, 2, 20))
    batch = _batch(client, system, "log.xlsx", done)
    (row,) = [r for r in batch.rows if r["action"] == "change"]
    assert row["changes"] == [["Status", "Open", "Done"], ["Completed", "", "20/02/2018"]]
    assert client.post(_url(system, "action-import-confirm", pk=batch.pk)).status_code == 302
    with scope([system]):
        action = Action.objects.get(pk=row["pk"])
        assert (action.status, action.completed_on) == ("done", date(2018, 2, 20))
        assert action.history.first().history_change_reason == "Imported from log.xlsx"


def test_a_new_row_adds_an_action_and_unknown_names_are_errors(client, office, system, meeting):
    client.force_login(office)
    header = ["ID", "Action", "Committee", "Meeting", "Owner", "Due", "Status"]
    data = workbook(
        header,
        [None, "Write to the regulator", "PB", date(2018, 2, 1), None, date(2018, 4, 1), "Open"],
        [None, "Nobody's meeting", "PB", date(2018, 2, 2), None, None, None],
        [None, "Unknown owner", "Programme Board", date(2018, 2, 1), "Zed", None, None],
    )
    batch = _batch(client, system, "new.xlsx", data)
    assert [r["action"] for r in batch.rows] == ["create", "error", "error"]
    page = html.unescape(client.get(_url(system, "action-import-preview", pk=batch.pk)).text)
    assert "Programme Board has no meeting on 02/02/2018." in page
    assert 'There is no person "Zed" in this system.' in page
    good = _batch(client, system, "good.xlsx", workbook(header, data_row(meeting)))
    assert client.post(_url(system, "action-import-confirm", pk=good.pk)).status_code == 302
    with scope([system]):
        assert Action.objects.get(meeting=meeting).due_on == date(2018, 4, 1)
    again = _batch(client, system, "good.xlsx", workbook(header, data_row(meeting)))
    assert again.counts["unchanged"] == 1


def data_row(meeting):
    return [None, "Write to the regulator", "PB", meeting.held_on, None, date(2018, 4, 1), "Open"]
