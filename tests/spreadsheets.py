"""Reading an export back as a spreadsheet program would: the workbook's cells with their types,
the CSV through the csv module."""

import csv
import io
from dataclasses import dataclass

from openpyxl import load_workbook

from core.exports import ABOUT_SHEET


@dataclass
class Workbook:
    header: list
    rows: list[list]
    about: dict
    sheet: object


def read_xlsx(response) -> Workbook:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames[1] == ABOUT_SHEET
    sheet = workbook.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    about = {label: value for label, value in workbook[ABOUT_SHEET].iter_rows(values_only=True)}
    # No cell anywhere is a live formula.
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    return Workbook(values[0], values[1:], about, sheet)


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def column(workbook: Workbook, header: str) -> list:
    index = workbook.header.index(header)
    return [row[index] for row in workbook.rows]
