"""Escalation routes from a spreadsheet: the route list's download (one row per step) imports
back unchanged, one edited cell is one change with its history, a new step goes at the end, a
new route is set up with its steps, hostile rows are refused with their messages and write
nothing, and only the programme office may import."""

import html

import pytest
from django.urls import reverse

from escalation import services
from escalation.models import EscalationRoute, EscalationStep
from tests import factories
from tests.import_helpers import edited, exported, previewed, workbook

pytestmark = pytest.mark.django_db
HEADER = ["Route", "Agreement", "Covers organisation", "Step", "Escalate to role"]
HEADER += ["Escalate to committee", "Response due (days)", "Step up after (days)"]


def _url(system, name, **kwargs):
    return reverse(f"escalation:{name}", kwargs={"slug": system.slug, **kwargs})


def _download(client, system, file_format="xlsx"):
    return exported(client.get(_url(system, "route-list"), {"format": file_format}))


def _batch(client, system, file_name, data):
    return previewed(client, system, _url(system, "route-import"), file_name, data)


def _confirm(client, system, batch):
    return client.post(_url(system, "route-import-confirm", pk=batch.pk))


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_routes_download_imports_back_unchanged(client, office, system, route, file_format):
    factories.EscalationRouteFactory(system=system, name="A route without steps")
    factories.EscalationRouteFactory(
        system=system, name="C withdrawn", withdrawn_on="2019-05-01", withdrawal_reason="Replaced"
    )
    client.force_login(office)
    batch = _batch(client, system, f"routes.{file_format}", _download(client, system, file_format))
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 4, "error": 0}


def test_one_edited_cell_is_one_change_with_its_history(client, office, system, route):
    client.force_login(office)
    data = edited(_download(client, system), "Response due (days)", 1, 10)
    batch = _batch(client, system, "routes.xlsx", data)
    assert batch.counts == {"create": 0, "change": 1, "unchanged": 1, "error": 0}
    (row,) = [r for r in batch.rows if r["action"] == "change"]
    assert row["changes"] == [["Response due (days)", "14", "10"]]
    assert _confirm(client, system, batch).status_code == 302
    step = EscalationStep.objects.get(route=route, order=1)
    assert step.response_due_days == 10
    assert step.history.first().history_change_reason == "Imported from routes.xlsx"


def test_a_route_column_is_changed_once_from_its_first_row(client, office, system, route):
    client.force_login(office)
    data = _download(client, system)
    for row in (1, 2):
        data = edited(data, "Source clause", row, "Schedule 3")
    batch = _batch(client, system, "routes.xlsx", data)
    assert batch.counts["change"] == 1
    assert _confirm(client, system, batch).status_code == 302
    route.refresh_from_db()
    assert route.clause == "Schedule 3"
    assert route.history.first().history_change_reason == "Imported from routes.xlsx"
    one_row_only = edited(data, "Source clause", 2, "Schedule 4")
    refused = _batch(client, system, "routes.xlsx", one_row_only)
    (error,) = [r for r in refused.rows if r["errors"]]
    assert "Row 2 gives this route a different source clause" in error["errors"][0][1]


def test_new_steps_go_at_the_end_and_a_new_route_is_set_up(client, office, system, route):
    client.force_login(office)
    data = workbook(
        HEADER,
        ["Trust actions", "Alpha MoU", "Alpha Hospital NHS Foundation Trust", 3, "Regulator"],
        ["Sponsors", None, None, 1, "Employing CEO", None, 14, 30],
        ["Sponsors", None, None, 2, None, "Local Oversight Group"],
    )
    batch = _batch(client, system, "new.xlsx", data)
    assert [r["action"] for r in batch.rows] == ["create"] * 3, batch.rows
    assert _confirm(client, system, batch).status_code == 302
    assert list(route.steps.values_list("order", "escalate_to_role")) == [
        (1, ""),
        (2, ""),
        (3, "Regulator"),
    ]
    sponsors = EscalationRoute.objects.get(system=system, name="Sponsors")
    steps = list(sponsors.steps.order_by("order"))
    assert [(s.order, s.escalate_to_label) for s in steps] == [
        (1, "Employing CEO"),
        (2, "Local Oversight Group"),
    ]
    assert sponsors.history.first().history_change_reason == "Imported from new.xlsx"
    again = _batch(client, system, "new.xlsx", data)
    assert again.counts == {"create": 0, "change": 0, "unchanged": 3, "error": 0}


def test_hostile_rows_are_refused_with_their_messages_and_nothing_written(
    client, office, system, route
):
    client.force_login(office)
    data = workbook(
        [*HEADER, "Withdrawn"],
        ["Trust actions", "Nobody's MoU", "Alpha Hospital NHS Foundation Trust", 1],
        ["Trust actions", "Alpha MoU", "Alpha Hospital NHS Foundation Trust", 5, "CEO"],
        ["New route", None, "Nowhere Trust", 1, "CEO"],
        ["Ten route", None, None, 1, "CEO", None, "ten"],
        ["Other route", None, None, 1, None, None, 14],
        ["Dated route", None, None, 1, "CEO", None, None, None, "31/02/2019"],
    )
    batch = _batch(client, system, "bad.xlsx", data)
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 0, "error": 6}
    page = html.unescape(client.get(_url(system, "route-import-preview", pk=batch.pk)).text)
    assert 'There is no agreement "Nobody\'s MoU" in this system.' in page
    assert "The next new step of this route is step 3" in page
    assert 'There is no partner organisation "Nowhere Trust" in this system.' in page
    assert 'This column takes a whole number, not the text "ten".' in page
    assert "Say whom the step escalates to." in page
    assert '"31/02/2019" is not a date: February 2019 has 28 days.' in page
    assert _confirm(client, system, batch).status_code == 409
    assert EscalationRoute.objects.filter(system=system).count() == 1
    assert route.steps.count() == 2
    assert route.history.count() == 1


def test_only_the_programme_office_imports(client, system, lead, chair, regulator, outsider):
    for user, status in ((lead, 403), (chair, 403), (regulator, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(_url(system, "route-import")).status_code == status, user
        assert client.get(_url(system, "route-import-template")).status_code == status


def test_a_route_corrected_since_the_preview_stops_the_import(client, office, system, route):
    client.force_login(office)
    data = edited(_download(client, system), "Response due (days)", 1, 10)
    batch = _batch(client, system, "routes.xlsx", data)
    services.route_update(actor=office, route=route, clause="Schedule 9", reason="Corrected")
    response = _confirm(client, system, batch)
    assert response.status_code == 409
    assert "Rows 2, 3 changed since the preview" in html.unescape(response.text)
    assert EscalationStep.objects.get(route=route, order=1).response_due_days == 14
