"""core.exports by behaviour: every column type written as a spreadsheet reads it back, text a
spreadsheet would run stays text, and the About sheet says what, who, when and which filters."""

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from openpyxl import load_workbook

from core.exports import (
    DATE,
    MONEY,
    NUMBER,
    PERCENTAGE,
    Column,
    Export,
    export_response,
    requested_format,
    safe_text,
)
from core.params import BadParameter
from tests.spreadsheets import read_csv


@dataclass
class Line:
    name: str
    on: date | None
    count: int | None
    amount: Decimal | None
    share: float | None


SPEC = Export(
    register="lines",
    title="Lines: a [test]",
    columns=(
        Column("Name", "name"),
        Column("On", "on", DATE),
        Column("Count", "count", NUMBER),
        Column("£'000", "amount", MONEY),
        Column("Share", "share", PERCENTAGE),
    ),
)
LINES = [
    Line("=1+1", date(2019, 3, 31), 3, Decimal("-1250"), 0.45),
    Line("\tTabbed", None, None, None, None),
    Line("Plain, with a comma", date(2019, 4, 1), 0, Decimal("300"), 1),
    Line("A third", None, None, None, Decimal("0.33333")),
    Line("Nothing", None, None, None, 0),
]


class User(AnonymousUser):
    def get_full_name(self):
        return "Ann Able"


def _request(**params):
    request = RequestFactory().get("/", params)
    request.system = SimpleNamespace(slug="alpha", name="Alpha STP")
    request.user = User()
    request.as_at = date(2019, 6, 1)
    return request


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_workbook_types_each_column():
    response = export_response(
        _request(), SPEC, LINES, file_format="xlsx", filters=[("Kind", "Trust")]
    )
    assert 'filename="alpha-lines-' in response["Content-Disposition"]
    book = _workbook(response)
    sheet = book.worksheets[0]
    assert sheet.title == "Lines a test"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 20
    name, on, count, amount, share = (cell for cell in sheet[2])
    assert (name.value, name.data_type) == ("=1+1", "s")
    assert on.value == datetime(2019, 3, 31) and on.is_date
    assert (count.value, count.number_format) == (3, "#,##0")
    assert (amount.value, amount.number_format) == (-1250, "#,##0;(#,##0)")
    assert (share.value, share.number_format) == (0.45, "0.0##%")
    assert sheet["A3"].value == "\tTabbed" and sheet["A3"].data_type == "s"
    assert [c.value for c in sheet[3]][1:] == [None, None, None, None]
    about = dict(book["About this export"].iter_rows(values_only=True))
    assert about["Rows"] == 5
    assert about["What"] == "Lines: a [test], Alpha STP"
    assert about["Exported by"] == "Ann Able"
    assert about["As at (reporting date)"] == datetime(2019, 6, 1)
    assert about["Filters"] == "Kind: Trust"


def test_the_csv_keeps_formulas_as_text_and_numbers_plain():
    rows = read_csv(export_response(_request(), SPEC, LINES, file_format="csv"))
    assert rows[0] == {
        "Name": "'=1+1",
        "On": "2019-03-31",
        "Count": "3",
        "£'000": "-1250",
        "Share": "45%",
    }
    assert rows[1]["Name"] == "'\tTabbed"
    assert rows[2]["Name"] == "Plain, with a comma"
    assert [row["Share"] for row in rows[2:]] == ["100%", "33.333%", "0%"]


@pytest.mark.parametrize("text", ["=A1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_each_formula_start_is_guarded(text):
    assert safe_text(text) == f"'{text}"


def test_ordinary_text_is_left_alone():
    assert safe_text("Board 1 = quorate") == "Board 1 = quorate"


def test_only_the_two_formats_are_asked_for():
    assert requested_format(_request()) == ""
    assert requested_format(_request(format="csv")) == "csv"
    with pytest.raises(BadParameter):
        requested_format(_request(format="xlsm"))
