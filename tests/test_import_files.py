"""Hostile and awkward spreadsheets, uploaded to the milestone import: each is refused with a
plain message (the whole file, or the rows, with their column) and nothing is written."""

import html
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from core.models import ImportBatch
from core.scoping import scope
from governance.tests.paper_files import expanding_zip
from milestones.models import Milestone
from tests import factories
from tests.import_helpers import batch_id, repacked, upload, workbook

pytestmark = pytest.mark.django_db
HEADER = ["ID", "Milestone", "Workstream", "Baseline"]


@pytest.fixture
def workstream(system):
    plan = factories.PlanFactory(system=system)
    return factories.WorkstreamFactory(plan=plan, code="A", name="Urgent care")


@pytest.fixture
def importing(client, office, system, workstream):
    client.force_login(office)
    address = reverse("milestones:milestone-import", kwargs={"slug": system.slug})

    def post(name: str, data: bytes):
        with scope([system]):
            before = (Milestone.objects.count(), ImportBatch.objects.count())
        response = upload(client, address, name, data)
        with scope([system]):
            after = (Milestone.objects.count(), ImportBatch.objects.count())
        return response, before, after

    return post


def _book(*rows, **options) -> bytes:
    return workbook(HEADER, *rows, **options)


def _saved(workbook_bytes: bytes) -> bytes:
    """Every formula given the value Excel would have saved with it."""
    return repacked(
        workbook_bytes,
        {
            "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
                b'<c r="B2"><f>"Ward "&amp;"rounds"</f><v /></c>',
                b'<c r="B2" t="str"><f>"Ward "&amp;"rounds"</f><v>Ward rounds</v></c>',
            )
        },
    )


def _merged() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([None, "Plan agreed", "A. Urgent care", date(2019, 3, 31)])
    sheet.merge_cells("B2:C2")
    return _save(book)


def _hidden(state: str = "hidden", extra: bool = True) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    if extra:
        other = book.create_sheet("Old figures")
        other.append(["x"])
        other.sheet_state = state
    return _save(book)


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Whole files refused: (file name, bytes, words of the message).
REFUSED = {
    "xlsm": ("tracker.xlsm", b"PK\x03\x04", "Macro-enabled workbooks are not accepted"),
    "macros inside": (
        "tracker.xlsx",
        repacked(_book(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}),
        "contains macros",
    ),
    "unknown column": (
        "t.xlsx",
        workbook([*HEADER, "Colour"], [None, "A", "A. Urgent care", None, "red"]),
        'Column E is headed "Colour", which is not a column of milestones',
    ),
    "missing column": (
        "t.xlsx",
        workbook(["ID", "Milestone"], [None, "A"]),
        "no column Workstream",
    ),
    "merged cells": ("t.xlsx", _merged(), "merged cells (B2:C2)"),
    "hidden sheet": ("t.xlsx", _hidden(), 'hidden sheet ("Old figures")'),
    "two data sheets": ("t.xlsx", _hidden("visible"), "one sheet of data"),
    "formula without a saved value": (
        "t.xlsx",
        _book([None, '="Ward "&"rounds"', "A. Urgent care", None], formulas=True),
        "Cell B2 holds a formula with no value saved",
    ),
    "not a workbook": ("t.xlsx", b"MZ\x90\x00" + b"\x00" * 64, "not an Excel workbook"),
    "zip bomb": (
        "t.xlsx",
        expanding_zip(
            "xl/worksheets/sheet1.xml", 120 * 1024 * 1024, **{"xl/workbook.xml": b"<w/>"}
        ),
        "expand to far more than its size on disk",
    ),
    "packed a thousand times": (
        "t.xlsx",
        expanding_zip("xl/worksheets/sheet1.xml", 30 * 1024 * 1024, **{"xl/workbook.xml": b"<w/>"}),
        "expand to far more than its size on disk",
    ),
    "csv neither utf-8 nor windows-1252": (
        "t.csv",
        b"ID,Milestone,Workstream\r\n,Caf\x81,A. Urgent care\r\n",
        "neither UTF-8 nor Windows-1252",
    ),
    "cell past the last column": (
        "t.xlsx",
        repacked(
            _book([None, "Plan agreed", "A. Urgent care", "x"]),
            {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b'r="D2"', b'r="ZZZZ2"')},
        ),
        "damaged or not a workbook Excel saved",
    ),
    "csv with binary": ("t.csv", b"ID,Milestone\x00\x01", "holds binary data"),
    # Wider than any spreadsheet (Excel stops at column XFD, the 16,384th): no column letter
    # names it, in the header row or in a row under it.
    "csv wider than a spreadsheet": (
        "t.csv",
        b",".join([b"ID", b"Milestone", b"Workstream", *[b"C%d" % n for n in range(20_000)]]),
        "more than 16,384 columns",
    ),
    "csv row wider than a spreadsheet": (
        "t.csv",
        b"ID,Milestone,Workstream\r\n,Plan agreed,A. Urgent care" + b"," * 20_000 + b"x\r\n",
        "more than 16,384 columns",
    ),
    "empty": ("t.csv", b"", "file is empty"),
    "pdf": ("t.pdf", b"%PDF-1.4", "Upload an Excel workbook (.xlsx) or a CSV file"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_hostile_file_is_refused_plainly_and_changes_nothing(importing, case):
    name, data, words = REFUSED[case]
    response, before, after = importing(name, data)
    assert response.status_code == 200
    assert words in html.unescape(response.text)
    assert before == after


def test_too_large_and_too_long_files_are_refused(importing, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [[None, f"M{n}", "A. Urgent care", None] for n in range(6)]
    response, before, after = importing("t.xlsx", _book(*rows))
    assert "more than 5 rows" in html.unescape(response.text) and before == after
    settings.IMPORT_MAX_MB = 1
    response, before, after = importing("t.csv", b"ID,Milestone\r\n" + b"x" * 1024 * 1024)
    assert "larger than 1 MB" in response.text and before == after


# Rows with errors: the preview names the row, the column and the trouble; confirming refuses.
ROW_ERRORS = {
    "impossible date": (
        [None, "Plan agreed", "A. Urgent care", "31/02/2019"],
        'Baseline: "31/02/2019" is not a date: February 2019 has 28 days.',
    ),
    "implausible date": (
        [None, "Plan agreed", "A. Urgent care", "31/03/9019"],
        "Baseline: Enter a date between",
    ),
    "number in a text column": (
        [None, 42, "A. Urgent care", None],
        "Milestone: This column takes text, not the number 42.",
    ),
    "text in a number column": (
        ["twelve", "Plan agreed", "A. Urgent care", None],
        'ID: This column takes a whole number, not the text "twelve".',
    ),
    "unknown workstream": (
        [None, "Plan agreed", "Z. Nowhere", None],
        'Workstream: There is no workstream "Z. Nowhere" in this system.',
    ),
    "unknown id": (
        [999999, "Plan agreed", "A. Urgent care", None],
        "There is no milestone with ID",
    ),
    "blank title": ([None, None, "A. Urgent care", None], "Milestone: Give the milestone"),
}


@pytest.mark.parametrize("case", ROW_ERRORS, ids=list(ROW_ERRORS))
def test_a_row_error_names_its_row_and_column_and_nothing_applies(client, importing, system, case):
    row, words = ROW_ERRORS[case]
    good = [None, "Another milestone", "A. Urgent care", date(2019, 3, 31)]
    response, before, _ = importing("t.xlsx", _book(good, row))
    pk = batch_id(response)
    page = client.get(reverse("milestones:milestone-import-preview", args=[system.slug, pk]))
    assert words in html.unescape(page.text)
    with scope([system]):
        stored = ImportBatch.objects.get(pk=pk).rows
    assert [r["row"] for r in stored if r["action"] == "error"] == [3]
    confirm = reverse("milestones:milestone-import-confirm", args=[system.slug, pk])
    refused = client.post(confirm)
    assert refused.status_code == 409 and "Rows 3 have errors" in refused.text
    with scope([system]):
        assert Milestone.objects.count() == before[0]


def test_readable_variants_are_read(client, importing, system):
    """A formula's saved value, day-first and ISO text dates, CSV in Windows-1252 or UTF-8
    with a byte-order mark, the export's quote before formula-like text."""
    saved = _saved(
        _book([None, '="Ward "&"rounds"', "A. Urgent care", "2019-03-31"], formulas=True)
    )
    pk = batch_id(importing("t.xlsx", saved)[0])
    with scope([system]):
        (row,) = ImportBatch.objects.get(pk=pk).rows
    assert row["values"]["title"] == "Ward rounds" and row["values"]["baseline_on"] == "2019-03-31"
    for data in (
        "ID,Milestone,Workstream,Baseline\r\n,Café £5,A. Urgent care,31/3/2019\r\n".encode(
            "cp1252"
        ),
        "\ufeffID,Milestone,Workstream,Baseline\r\n,'=1+1,A. Urgent care,31 Mar 2019\r\n".encode(),
    ):
        pk = batch_id(importing("t.csv", data)[0])
        with scope([system]):
            (row,) = ImportBatch.objects.get(pk=pk).rows
        assert row["action"] == "create", row
        assert row["values"]["title"] in ("Café £5", "=1+1")
        assert row["values"]["baseline_on"] == "2019-03-31"
