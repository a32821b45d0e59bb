"""Lists as XLSX workbooks (core.exports): openpyxl's write-only workbook, which keeps written
rows in a temporary file, not in memory; typed cells (dates, numbers, money in £'000 with
brackets for negatives, percentages), the header row frozen, columns sized, and a sheet "About
this export". Text that Excel would run as a formula is written as a string cell.

A module of its own so that openpyxl (some 8 MB of a process) is imported only where a workbook
is written, not by every process that loads the apps.
"""

import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import ABOUT_SHEET, DATE, NUMBER, NUMBER_FORMATS, Export


def workbook_file(spec: Export, rows: Iterator, about: list[tuple[str, Any]]):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(spec.title))
    # Write-only sheets take their panes and widths before the first row.
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    sheet.append([text_cell(sheet, column.header, font=bold) for column in spec.columns])
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, c.kind, c.read(row)) for c in spec.columns])
        count += 1
    write_about(workbook.create_sheet(ABOUT_SHEET), [("Rows", count), *about], bold)
    # Handed to FileResponse, which closes it (and so removes it) when the download ends.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def sheet_title(title: str) -> str:
    # Excel's limit is 31 characters and none of []:*?/\ in a sheet's name.
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Export"


def text_cell(sheet, value: str, font=None) -> WriteOnlyCell:
    """A string cell whatever the text: openpyxl would take "=..." for a formula, so the type
    is set after the value."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def xlsx_cell(sheet, kind: str, value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (date, int, float, Decimal)):
        cell = WriteOnlyCell(sheet, value=value)
        style = NUMBER_FORMATS.get(DATE if isinstance(value, date) else kind)
        if isinstance(value, datetime):
            style = "d mmm yyyy hh:mm"
        if style:
            cell.number_format = style
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    # openpyxl reads only a leading "=" as a formula: other text is a string cell as it is.
    return text_cell(sheet, text) if text.startswith("=") else text


def write_about(sheet, lines: list[tuple[str, Any]], bold) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80
    for label, value in lines:
        kind = DATE if isinstance(value, date) else NUMBER
        sheet.append([text_cell(sheet, label, font=bold), xlsx_cell(sheet, kind, value)])
