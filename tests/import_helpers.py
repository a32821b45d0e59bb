"""Spreadsheets built in tests for imports: workbooks written with openpyxl, CSV as bytes, and
the upload, preview and confirm steps through the pages."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.exports import ABOUT_SHEET


def workbook(header: list, *rows: list, about: bool = False, formulas: bool = False) -> bytes:
    """A workbook of one sheet; text starting with "=" is a text cell (as Excel keeps text
    typed after an apostrophe, and as the export writes it) unless ``formulas``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if not formulas:
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    if about:
        book.create_sheet(ABOUT_SHEET).append(["What", "An export"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def exported(response) -> bytes:
    """An export's download as bytes, ready to upload back."""
    return b"".join(response.streaming_content)


def edited(data: bytes, header: str, row: int, value) -> bytes:
    """The workbook with one cell changed (``row`` counted from 1 under the header), as a
    user would change it in Excel and save."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=row + 1, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, address: str, name: str, data: bytes):
    return client.post(address, {"file": SimpleUploadedFile(name, data)})


def previewed(client, system, address: str, name: str, data: bytes):
    """The batch an upload of ``data`` as ``name`` to the import page ``address`` previewed."""
    from core.models import ImportBatch
    from core.scoping import scope

    pk = batch_id(upload(client, address, name, data))
    with scope([system]):
        return ImportBatch.objects.get(pk=pk)


def batch_id(response) -> int:
    found = re.search(r'nhsuk-error-message"[^>]*>(.*?)</span>\s*<input', response.text, re.S)
    assert response.status_code == 302, found.group(1) if found else response.status_code
    return int(re.search(r"/import/(\d+)/", response["Location"]).group(1))


def repacked(data: bytes, changes: dict) -> bytes:
    """The workbook's zip with members replaced or added (``changes``: member path to its
    bytes, or to a function of the old bytes)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    members = {name: source.read(name) for name in source.namelist()}
    for name, change in changes.items():
        members[name] = change(members[name]) if callable(change) else change
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()
