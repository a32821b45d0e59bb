"""A person's data, gathered from every app, as one file (a subject access request).

Each app says what it holds about a person with ``@section`` in its ``personal_data.py``: a
function of the ``Subject`` (their person records, their account, the systems asked about)
returning rows, each a dict of column to value. ``subject_access_zip`` puts every section in a
ZIP: the same rows as JSON (for a machine) and as a workbook, a sheet a section (for a person).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from core.exports import NUMBER, TEXT


@dataclass(frozen=True)
class Subject:
    people: tuple  # their person records (partners.Person) in the systems asked about
    user: object | None  # their account, if any
    system_ids: frozenset[int] | None  # None: every system (a platform operator's request)

    @property
    def person_ids(self) -> list[int]:
        return [person.pk for person in self.people]

    def in_systems(self, path: str) -> dict:
        """A filter on ``path`` (a lookup to a system's id) to the systems asked about."""
        return {} if self.system_ids is None else {f"{path}__in": self.system_ids}


Rows = list[dict]
Reader = Callable[[Subject], Rows]
_SECTIONS: dict[str, tuple[int, Reader]] = {}


def section(title: str, order: int = 50) -> Callable[[Reader], Reader]:
    def register(reader: Reader) -> Reader:
        _SECTIONS[title] = (order, reader)
        return reader

    return register


def gather(subject: Subject) -> dict[str, Rows]:
    ordered = sorted(_SECTIONS.items(), key=lambda item: (item[1][0], item[0]))
    return {title: reader(subject) for title, (_, reader) in ordered}


def subject_access_zip(subject: Subject, *, about: list[tuple[str, str]]) -> bytes:
    """The ZIP: ``personal-data.json``, ``personal-data.xlsx`` and ``README.txt``."""
    sections = gather(subject)
    made = timezone.localtime()
    document = {
        "about": dict(about),
        "made_at": made.isoformat(),
        "sections": sections,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "personal-data.json",
            json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
        archive.writestr("personal-data.xlsx", _workbook(sections, about))
        archive.writestr("README.txt", _readme(sections, about))
    return buffer.getvalue()


def _workbook(sections: dict[str, Rows], about: list[tuple[str, str]]) -> bytes:
    # Imported here: every process loads this module (each app's personal_data.py), few write
    # a subject access file, and openpyxl is some 8 MB.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.xlsx import sheet_title, text_cell, xlsx_cell

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    summary = workbook.create_sheet("About this file")
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 80
    for label, value in [*about, *((title, len(rows)) for title, rows in sections.items())]:
        kind = NUMBER if isinstance(value, int) else TEXT
        summary.append([text_cell(summary, label, font=bold), xlsx_cell(summary, kind, value)])
    for title, rows in sections.items():
        sheet = workbook.create_sheet(sheet_title(title))
        headers = list(rows[0]) if rows else ["None held"]
        sheet.append([text_cell(sheet, header, font=bold) for header in headers])
        for row in rows:
            sheet.append([xlsx_cell(sheet, _kind(v), _plain(v)) for v in row.values()])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _kind(value) -> str:
    return NUMBER if isinstance(value, (int, float)) and not isinstance(value, bool) else TEXT


def _plain(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, (str, int, float, bool, date, datetime)) or value is None:
        return value
    return str(value)


def _readme(sections: dict[str, Rows], about: list[tuple[str, str]]) -> str:
    lines = [f"{label}: {value}" for label, value in about]
    lines += ["", "What this file holds (personal-data.json and personal-data.xlsx):"]
    lines += [f"- {title}: {len(rows)}" for title, rows in sections.items()]
    return "\n".join(lines) + "\n"
