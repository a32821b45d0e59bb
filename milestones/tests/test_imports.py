"""Milestones from a spreadsheet through the pages: the round trip of an export, one edited
cell, re-baselining with a reason, a stale preview, another system's batch."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ImportBatch
from core.scoping import scope
from milestones import services
from milestones.models import Milestone
from milestones.tests.page_helpers import TODAY, reload, url
from tests.import_helpers import batch_id, edited, exported, upload, workbook

pytestmark = pytest.mark.django_db


def _export(client, system) -> bytes:
    return exported(client.get(url(system, "milestone-list"), {"format": "xlsx"}))


def _preview(client, system, name, data):
    pk = batch_id(upload(client, url(system, "milestone-import"), name, data))
    return pk, client.get(url(system, "milestone-import-preview", pk=pk))


def test_the_list_links_to_import_for_the_programme_office_only(client, office, lead, system):
    client.force_login(office)
    assert url(system, "milestone-import") in client.get(url(system, "milestone-list")).text
    client.force_login(lead)
    assert url(system, "milestone-import") not in client.get(url(system, "milestone-list")).text


def test_an_unchanged_export_imports_as_no_changes(
    client, office, system, milestone, partner_milestone
):
    client.force_login(office)
    pk, page = _preview(client, system, "milestones.xlsx", _export(client, system))
    assert "No changes" in page.text
    with scope([system]):
        assert ImportBatch.objects.get(pk=pk).counts == {
            "create": 0,
            "change": 0,
            "unchanged": 2,
            "error": 0,
        }


def test_one_edited_cell_is_one_change_applied_with_its_history(
    client, office, system, milestone, partner_milestone
):
    client.force_login(office)
    data = _export(client, system)
    later = milestone.baseline_on + timedelta(days=10)
    row = 1 if _first_title(data) == milestone.title else 2
    pk, page = _preview(client, system, "tracker.xlsx", edited(data, "Forecast", row, later))
    assert "Forecast" in page.text and later.strftime("%d/%m/%Y") in page.text
    with scope([system]):
        batch = ImportBatch.objects.get(pk=pk)
    assert batch.counts["change"] == 1 and batch.counts["unchanged"] == 1
    assert [r["changes"] for r in batch.rows if r["action"] == "change"] == [
        [["Forecast", "", later.strftime("%d/%m/%Y")]]
    ]
    response = client.post(url(system, "milestone-import-confirm", pk=pk))
    assert response.status_code == 302
    saved = reload(milestone)
    assert saved.forecast_on == later
    with scope([system]):
        latest = saved.history.first()
    assert latest.history_change_reason == "Imported from tracker.xlsx"
    assert latest.history_user == office
    # The same file again changes nothing, and a batch is applied once.
    _, again = _preview(client, system, "tracker.xlsx", edited(data, "Forecast", row, later))
    assert "No changes" in again.text
    assert client.post(url(system, "milestone-import-confirm", pk=pk)).status_code == 409


def _first_title(data: bytes) -> str:
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).worksheets[0].cell(row=2, column=2).value


def test_a_formula_looking_title_comes_back_as_text(client, office, system, workstream):
    client.force_login(office)
    title = '=HYPERLINK("http://example.com","x")'
    data = workbook(
        ["ID", "Milestone", "Workstream", "Baseline"], [None, title, str(workstream), TODAY]
    )
    pk, _ = _preview(client, system, "new.xlsx", data)
    assert client.post(url(system, "milestone-import-confirm", pk=pk)).status_code == 302
    with scope([system]):
        created = Milestone.objects.get(workstream=workstream)
    assert created.title == title
    # Exported and imported back, it is the same milestone, unchanged.
    _, page = _preview(client, system, "again.xlsx", _export(client, system))
    assert "No changes" in page.text


def test_a_moved_baseline_needs_a_reason_and_re_baselines(client, office, system, milestone):
    client.force_login(office)
    moved = milestone.baseline_on + timedelta(days=30)
    header = ["ID", "Milestone", "Workstream", "Baseline"]
    row = [milestone.pk, milestone.title, str(milestone.workstream), moved]
    pk, page = _preview(client, system, "a.xlsx", workbook(header, row))
    assert "Reason: Say why the baseline moves" in page.text
    assert client.post(url(system, "milestone-import-confirm", pk=pk)).status_code == 409
    assert reload(milestone).baseline_on != moved
    pk, _ = _preview(
        client, system, "b.xlsx", workbook([*header, "Reason"], [*row, "Estates delay"])
    )
    assert client.post(url(system, "milestone-import-confirm", pk=pk)).status_code == 302
    saved = reload(milestone)
    assert saved.baseline_on == moved
    with scope([system]):
        assert saved.baselines.order_by("-set_at").first().reason.startswith("Estates delay")


def test_a_record_changed_since_the_preview_refuses_the_whole_file(
    client, office, system, milestone, partner_milestone
):
    client.force_login(office)
    data = _export(client, system)
    pk, _ = _preview(client, system, "t.xlsx", edited(data, "Milestone", 1, "Renamed"))
    with scope([system]):
        services.milestone_update(actor=office, milestone=reload(partner_milestone), is_key=True)
        services.milestone_update(
            actor=office, milestone=reload(milestone), forecast_on=TODAY + timedelta(days=5)
        )
    response = client.post(url(system, "milestone-import-confirm", pk=pk))
    assert response.status_code == 409
    assert "changed since the preview" in response.text and "Rows 2, 3" in response.text
    assert reload(milestone).title != "Renamed" and reload(partner_milestone).title != "Renamed"


def test_another_systems_batch_is_not_found(client, office, outsider, system, milestone):
    client.force_login(office)
    pk, _ = _preview(client, system, "t.xlsx", _export(client, system))
    client.force_login(outsider)
    assert client.get(url(system, "milestone-import-preview", pk=pk)).status_code == 404
    assert client.post(url(system, "milestone-import-confirm", pk=pk)).status_code == 404


def test_a_preview_reads_in_the_same_queries_whatever_the_rows(client, office, system, workstream):
    client.force_login(office)
    header = ["ID", "Milestone", "Workstream", "Baseline", "Forecast", "Key"]

    def queries(count: int) -> int:
        rows = [[None, f"M{n}", str(workstream), TODAY, TODAY, "Key"] for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            batch_id(
                upload(client, url(system, "milestone-import"), "q.xlsx", workbook(header, *rows))
            )
        return len(captured)

    queries(1)  # the first request after signing in reads the session once more
    # The session, user, access and system; the milestones, workstreams, partners, people and
    # this month's updates; the fingerprints (none: all new), and the batch: whatever the rows.
    assert queries(3) == queries(30) <= 12


def test_the_template_has_the_exports_columns_and_the_reason(client, office, system):
    import io

    from openpyxl import load_workbook

    client.force_login(office)
    response = client.get(url(system, "milestone-import-template"))
    book = load_workbook(io.BytesIO(exported(response)))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:3] == ["ID", "Milestone", "Workstream"] and header[-1] == "Reason"
    assert book.worksheets[0].max_row == 1


def test_the_csv_export_imports_back_unchanged(
    client, office, system, milestone, partner_milestone, in_scope
):
    services.milestone_update(actor=office, milestone=milestone, title="=1+1 beds")
    client.force_login(office)
    data = exported(client.get(url(system, "milestone-list"), {"format": "csv"}))
    _, page = _preview(client, system, "milestones.csv", data)
    assert "No changes" in page.text


def test_an_apply_costs_a_fixed_number_of_queries_per_batch_and_per_row(
    client, office, system, workstream
):
    client.force_login(office)

    def applied(count: int, start: int) -> int:
        rows = [[None, f"N{start + n}", str(workstream), TODAY] for n in range(count)]
        data = workbook(["ID", "Milestone", "Workstream", "Baseline"], *rows)
        pk = batch_id(upload(client, url(system, "milestone-import"), "a.xlsx", data))
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url(system, "milestone-import-confirm", pk=pk))
        assert response.status_code == 302
        return len(captured)

    applied(1, 0)
    two, four, six = applied(2, 100), applied(4, 200), applied(6, 300)
    # Each new row goes through milestone_create (the same queries every row); the batch's
    # reads (its lock, the milestones, names and fingerprints) are read once.
    assert four - two == six - four
