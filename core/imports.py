"""Spreadsheets in: an uploaded XLSX or CSV read safely into rows of cells, or refused plainly.

The file is judged before it is parsed, and nothing in it is ever run:

- its size (``IMPORT_MAX_MB``) and, as it is read, its rows (``IMPORT_MAX_ROWS``);
- a workbook must be an .xlsx zip whose members expand to no more than ``ZIP_MAX_BYTES`` and
  no more than ``ZIP_MAX_RATIO`` times their packed size (``core.zipfiles``: a "zip bomb" is
  refused before openpyxl opens it), with no macros (a VBA project; .xlsm is refused by name);
- openpyxl reads it in read-only mode with ``data_only=True``: a formula gives the value Excel
  last calculated and saved with it, never evaluated here; a formula with no saved value is an
  error naming its cell; XML is parsed by openpyxl through defusedxml when it is installed;
- merged cells and hidden sheets are refused (what is on screen would not be what is read), and
  a workbook holds one sheet of data, besides the "About this export" sheet an export adds;
- a CSV is UTF-8 (with or without a byte-order mark) or Windows-1252, else refused, and a
  leading single quote that an export put before text starting like a formula is taken off.

The cells come back as found (text, numbers, dates); ``core.import_fields`` parses them by the
type each column declares, and ``core.import_batches`` turns the rows into a preview.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings

from core.exports import ABOUT_SHEET, FORMULA_STARTS
from core.zipfiles import Refused, checked_archive, has_vba_project

# Far beyond any register a programme office keeps, far below what would hurt a worker.
ZIP_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAX_MEMBERS = 1_000
# A real workbook's XML packs about 10 to 30 times; a bomb packs a thousand times and more.
ZIP_MAX_RATIO = 200
# Sheet XML is scanned for merged cells and formulas this many bytes at a time.
SCAN_CHUNK = 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")
# A worksheet's last column (XFD): no spreadsheet is wider, and no column letter names one that is.
MAX_COLUMNS = 16_384


class FileRefused(Exception):
    """The whole file cannot be read: the message says why and what to do instead."""


@dataclass(frozen=True)
class Table:
    """What a file holds: its header row and its rows, each a (row number as the spreadsheet
    numbers it, {header: cell}) pair; blank rows are left out."""

    headers: tuple[str, ...]
    rows: list[tuple[int, dict[str, object]]]
    letters: dict[str, str]  # header -> column letter, for messages


def max_bytes() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024


def extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def read_upload(upload) -> tuple[bytes, str]:
    """The upload's bytes and its extension, or FileRefused for a kind or size not taken."""
    name = upload.name or ""
    kind = extension(name)
    if kind in (".xlsm", ".xltm", ".xlsb"):
        raise FileRefused(
            "Macro-enabled workbooks are not accepted. Save it as an Excel Workbook (.xlsx) "
            "and upload that."
        )
    if kind not in EXTENSIONS:
        raise FileRefused("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
    limit = max_bytes()
    too_big = f"The file is larger than {settings.IMPORT_MAX_MB} MB. Split it and upload each part."
    if upload.size is not None and upload.size > limit:
        raise FileRefused(too_big)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(too_big)
    if not data:
        raise FileRefused("The file is empty.")
    return data, kind


def read_table(data: bytes, kind: str) -> Table:
    """The file's header row and rows (see ``Table``), or FileRefused."""
    if kind == ".csv":
        return _csv_table(data)
    return _xlsx_table(data)


def _too_many_rows() -> FileRefused:
    return FileRefused(
        f"The file has more than {settings.IMPORT_MAX_ROWS:,} rows. Split it and upload each part."
    )


def _table(lines, letters_of) -> Table:
    """Headers from the first non-blank line, then the rows under them."""
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, dict[str, object]]] = []
    limit = settings.IMPORT_MAX_ROWS
    for number, cells in lines:
        if len(cells) > MAX_COLUMNS:
            raise FileRefused(
                f"Row {number} has more than {MAX_COLUMNS:,} columns, more than a spreadsheet "
                "holds. Keep only the register's columns and upload it again."
            )
        if all(_blank(c) for c in cells):
            continue
        if headers is None:
            headers = tuple("" if c is None else str(c).strip() for c in cells)
            continue
        if len(rows) >= limit:
            raise _too_many_rows()
        row = {h: cells[i] if i < len(cells) else None for i, h in enumerate(headers) if h}
        extra = [i for i in range(len(headers), len(cells)) if not _blank(cells[i])]
        if extra:
            raise FileRefused(
                f"Row {number} has a value in column {letters_of(extra[0])}, which has no "
                "header. Give every column a header in the first row."
            )
        rows.append((number, row))
    if headers is None:
        raise FileRefused("The file has no header row: its first row must name the columns.")
    while headers and not headers[-1]:
        headers = headers[:-1]
    letters = {h: letters_of(i) for i, h in enumerate(headers) if h}
    return Table(headers, rows, letters)


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# --- CSV ------------------------------------------------------------------------------------


def _csv_text(data: bytes) -> str:
    if b"\x00" in data:
        raise FileRefused("The file is not a CSV text file: it holds binary data.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(
            "The CSV file's characters are neither UTF-8 nor Windows-1252. Save it from Excel "
            'as "CSV UTF-8 (Comma delimited)" and upload that.'
        ) from None


def _unquote(cell: str) -> str:
    """An export's CSV puts a single quote before text a spreadsheet would run as a formula
    (``core.exports.safe_text``): take it off again."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _csv_table(data: bytes) -> Table:
    from openpyxl.utils import get_column_letter

    reader = csv.reader(io.StringIO(_csv_text(data), newline=""))
    try:
        lines = [
            (number, [_unquote(c) for c in cells]) for number, cells in enumerate(reader, start=1)
        ]
    except csv.Error as error:
        raise FileRefused(f"The CSV file cannot be read: {error}.") from None
    return _table(lines, lambda index: get_column_letter(index + 1))


# --- XLSX -----------------------------------------------------------------------------------

DAMAGED = (
    "The workbook cannot be opened: it is damaged or not a workbook Excel saved. Save it "
    "again from Excel as an .xlsx and upload that."
)
TOO_BIG = (
    "The workbook would expand to far more than its size on disk (or has too many parts "
    "inside), so it is not opened. Save it again from Excel as an .xlsx and upload that."
)
MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = checked_archive(
            data,
            too_big=TOO_BIG,
            max_bytes=ZIP_MAX_BYTES,
            max_members=ZIP_MAX_MEMBERS,
            max_ratio=ZIP_MAX_RATIO,
        )
    except Refused as refused:
        raise FileRefused(str(refused)) from None
    if archive is None or "xl/workbook.xml" not in archive.namelist():
        raise FileRefused(
            "The file is not an Excel workbook, whatever its name says. Save it from Excel as "
            "an .xlsx (or as a CSV) and upload that."
        )
    if has_vba_project(archive.namelist()):
        archive.close()
        raise FileRefused(
            "The workbook contains macros (a VBA project), which are not accepted. Save it as "
            "an Excel Workbook (.xlsx), without macros, and upload that."
        )
    return archive


def _scan(archive: zipfile.ZipFile, member: str) -> tuple[str | None, bool]:
    """The first merged range in a sheet's XML, and whether it has any formula, read a chunk
    at a time (the member's size was bounded by ``_archive``)."""
    merged, formulas, tail = None, False, b""
    with archive.open(member) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            text = tail + chunk
            found = MERGE.search(text)
            if found:
                merged = found.group(1).decode()
                break
            formulas = formulas or bool(FORMULA.search(text))
            tail = text[-200:]
    return merged, formulas


def _data_sheet(workbook):
    sheets = workbook.worksheets
    hidden = [s.title for s in sheets if s.sheet_state != "visible"]
    if hidden:
        raise FileRefused(
            f'The workbook has a hidden sheet ("{hidden[0]}"). Unhide it and delete it, or copy '
            "the data sheet to a new workbook, and upload that: what is imported must be what "
            "you can see."
        )
    data = [s for s in sheets if s.title != ABOUT_SHEET]
    if len(data) != 1:
        names = ", ".join(f'"{s.title}"' for s in data) or "none"
        raise FileRefused(
            f"The workbook must have one sheet of data (besides “{ABOUT_SHEET}”); it has "
            f"{len(data)}: {names}. Keep the sheet to import and delete the others."
        )
    return data[0]


def _sheet_member(archive: zipfile.ZipFile, workbook, sheet) -> str:
    """The zip member holding ``sheet`` (openpyxl knows it; read-only sheets keep its path)."""
    path = getattr(sheet, "_worksheet_path", None) or getattr(sheet, "worksheet_path", None)
    names = archive.namelist()
    if path and path.lstrip("/") in names:
        return path.lstrip("/")
    index = workbook.worksheets.index(sheet) + 1
    return f"xl/worksheets/sheet{index}.xml"


def _xlsx_table(data: bytes) -> Table:
    # openpyxl (some 8 MB) is imported by the first import read, not by every process that
    # loads the tasks (a worker rendering reports never reads a spreadsheet).
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    archive = _archive(data)
    with archive:
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a malformed package
            raise FileRefused(DAMAGED) from error
        try:
            sheet = _data_sheet(workbook)
            member = _sheet_member(archive, workbook, sheet)
            if member not in archive.namelist():
                raise FileRefused(
                    "The workbook's data sheet cannot be found inside it, so it cannot be "
                    "checked. Save it again from Excel as an .xlsx and upload that."
                )
            merged, formulas = _scan(archive, member)
            if merged:
                raise FileRefused(
                    f'The sheet "{sheet.title}" has merged cells ({merged}). Unmerge them so '
                    "each row has its own values, and upload it again."
                )
            lines = _sheet_lines(sheet)
            table = _table(lines, lambda index: get_column_letter(index + 1))
        finally:
            workbook.close()
        if formulas:
            _check_saved_values(data, sheet.title, table)
    return table


def _sheet_lines(sheet):
    # Blank rows are skipped but still read: a sheet of millions of formatted, empty rows is
    # refused as too long rather than read to its end.
    limit = 2 * settings.IMPORT_MAX_ROWS + 100
    for number, row in enumerate(_rows(sheet), start=1):
        if number > limit:
            raise _too_many_rows()
        yield number, [_cell(c) for c in row]


def _rows(sheet):
    """The sheet's rows as openpyxl reads them (a read-only sheet parses its XML as it goes),
    a malformed one (a cell at column "ZZZZ") refused as a damaged workbook."""
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # openpyxl raises many kinds on malformed sheet XML
            raise FileRefused(DAMAGED) from error
        yield row


def _cell(value):
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _check_saved_values(data: bytes, title: str, table: Table) -> None:
    """A formula is taken at the value Excel saved with it; one with none saved (a file written
    by a program that does not calculate) is refused naming its cell, never calculated here."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        values = dict(table.rows)
        for row in workbook[title].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                header = _header_at(table, cell.column - 1)
                saved = values.get(cell.row, {}).get(header) if header else None
                if saved is None:
                    raise FileRefused(
                        f"Cell {cell.coordinate} holds a formula with no value saved with it. "
                        "Open the file in Excel and save it (Excel saves each formula's value), "
                        "or type the value in place of the formula."
                    )
    finally:
        workbook.close()


def _header_at(table: Table, index: int) -> str | None:
    return table.headers[index] if index < len(table.headers) else None


def as_text(value) -> str:
    """A cell shown in a message or a preview: dates as 31/03/2019, the rest as typed."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
