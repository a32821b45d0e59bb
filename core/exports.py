"""Lists as spreadsheets: the rows a list page's filters select, in its order, as XLSX or CSV.

Each register declares its columns once (``Export``, next to its queryset, in the app's
``exports.py``); the list view builds its queryset as for the page, and when ``?format=xlsx``
or ``?format=csv`` is asked for, hands it here instead of paginating it. So an export is a read
of the page: the same scoping, role checks, filters and order, every page at once.

- CSV streams (``StreamingHttpResponse``), the rows read ``CHUNK_SIZE`` at a time, in UTF-8
  with a byte-order mark so that Excel reads it as UTF-8.
- XLSX goes through openpyxl's write-only workbook (core.xlsx, imported by the first
  workbook asked for), which keeps written rows in a temporary file, not in memory: typed
  cells (dates, numbers, money in £'000 with brackets for negatives, percentages), the header
  row frozen, columns sized, and a sheet "About this export".
- Text that a spreadsheet would run as a formula (OWASP "CSV injection") stays text: in CSV it
  is prefixed with a single quote, in XLSX it is written as a string cell, never a formula.
- ``?format=print`` is the same rows as a page to print: every page of the list at once (up to
  ``PRINT_ROWS``), the same columns, with what it shows stated above the table (the register,
  the system, the reporting date, the filters), as the About sheet states them.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from contextvars import copy_context
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import models
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format

from core.params import parse_choice

TEXT, DATE, NUMBER, MONEY, PERCENTAGE = "text", "date", "number", "money", "percentage"
FORMATS = ("xlsx", "csv", "print")
# The most rows a printed list shows: beyond them it says so and points to the spreadsheet.
PRINT_ROWS = 5000
PARAMETER = "format"
# Rows read from the database at a time: enough to keep queries few, few enough for memory.
CHUNK_SIZE = 2000
# The characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    DATE: "d mmm yyyy",
    NUMBER: "#,##0",
    # £'000 as in the seed papers' tables: negatives in brackets.
    MONEY: "#,##0;(#,##0)",
    # To a tenth at least, to a thousandth where the figure has it (a cost share's 33.333%).
    PERCENTAGE: "0.0##%",
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
ABOUT_SHEET = "About this export"
# Query parameters that are not filters: the page, the format, and the date (stated apart).
NOT_FILTERS = {"page", PARAMETER, "as_at"}


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read its value from a row (a dotted attribute path such
    as ``"workstream.name"`` or ``"get_status_display"``, or a function of the row), its type
    (``TEXT``, ``DATE``, ``NUMBER``, ``MONEY`` in £'000, ``PERCENTAGE`` as a fraction) and
    its width in characters."""

    header: str
    value: str | Callable[[Any], Any]
    kind: str = TEXT
    width: int = 20

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        value = row
        for name in self.value.split("."):
            value = getattr(value, name, None)
            if callable(value):
                value = value()
            if value is None:
                return None
        return value


@dataclass(frozen=True)
class Export:
    """A register's spreadsheet: ``register`` names the file (``<system>-<register>-<date>``),
    ``title`` the sheet and the About sheet's first line."""

    register: str
    title: str
    columns: tuple[Column, ...]


def requested_format(request: HttpRequest) -> str:
    """``"xlsx"``, ``"csv"``, ``"print"``, or ``""`` for the page itself; anything else is a
    400."""
    return parse_choice(request, PARAMETER, FORMATS)


def filters_in_words(form) -> list[tuple[str, str]]:
    """A bound filter form's chosen values as (label, value shown): choices by their labels,
    records by their names, ticked boxes as "Yes". Unchosen and invalid fields are left out."""
    if form is None or not form.is_bound:
        return []
    form.is_valid()  # the valid fields are in cleaned_data even when another is not
    chosen = getattr(form, "cleaned_data", {})
    words = []
    for name, field in form.fields.items():
        value = chosen.get(name)
        if name in NOT_FILTERS or value in (None, "", [], False):
            continue
        choices = dict(getattr(field, "choices", None) or ()) if _plain_choices(field) else {}
        if value is True:
            shown = "Yes"
        elif isinstance(value, date):
            shown = _date_words(value)
        else:
            shown = str(choices.get(value, value))
        words.append((str(field.label or name.replace("_", " ").capitalize()), shown))
    return words


def _plain_choices(field) -> bool:
    # A ModelChoiceField's choices would run a query; its cleaned value is the record itself.
    return hasattr(field, "choices") and not hasattr(field, "queryset")


def export_response(
    request: HttpRequest,
    spec: Export,
    rows: Iterable,
    *,
    file_format: str,
    filters: Iterable[tuple[str, str]] = (),
    row: Callable[[Any], Any] | None = None,
):
    """The download of ``rows`` (a queryset in the page's order, or any iterable; see
    ``rows_of``) as ``file_format``; ``filters`` are the page's filters in words, for the About
    sheet; ``row``, if given, turns each record into what the columns read (a page's row
    object with its derived facts)."""
    # A page across the user's systems (My tasks) has none chosen: the file says so.
    system = getattr(request, "system", None)
    records = rows_of(rows)
    if row is not None:
        records = map(row, records)
    if file_format == "print":
        return _printed(request, spec, records, list(filters))
    stamp = timezone.localdate().isoformat()
    prefix = system.slug if system is not None else "all-systems"
    filename = f"{prefix}-{spec.register}-{stamp}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            _in_request_context(_csv_lines(spec, records)),
            content_type=CONTENT_TYPES["csv"],
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # openpyxl is loaded by the first workbook, not by every process that imports this module
    # (a worker rendering reports never writes one).
    from core.xlsx import workbook_file

    about = _about(request, spec, list(filters))
    return FileResponse(
        workbook_file(spec, records, about),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES["xlsx"],
    )


def rows_of(rows: Iterable) -> Iterator:
    """A queryset read ``CHUNK_SIZE`` rows at a time (its prefetches too), or any iterable."""
    if isinstance(rows, models.QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


def _in_request_context(lines: Iterator[str]) -> Iterator[str]:
    """The stream is read after the view has returned, outside the request's system scope
    (``core.scoping``, a context variable): read each chunk inside a copy of the view's context
    (taken now, not when the stream starts) so prefetches are scoped as the page's were."""
    context = copy_context()

    def chunks() -> Iterator[str]:
        while True:
            try:
                yield context.run(next, lines)
            except StopIteration:
                return

    return chunks()


# --- CSV ------------------------------------------------------------------------------------


class _Echo:
    """A file for ``csv.writer`` that hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(spec: Export, rows: Iterator) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.header for column in spec.columns])
    for row in rows:
        yield writer.writerow([_csv_value(c.kind, c.read(row)) for c in spec.columns])


def _csv_value(kind: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value.tzinfo else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if kind == PERCENTAGE and isinstance(value, (int, float, Decimal)):
        # To a thousandth at most, without trailing zeros: 45%, 3.99%, 33.333%.
        text = f"{value * 100:.3f}".rstrip("0").rstrip(".")
        return f"{text or '0'}%"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return safe_text(str(value))


def safe_text(text: str) -> str:
    """CSV text that no spreadsheet runs as a formula: a leading single quote where needed."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _about(request: HttpRequest, spec: Export, filters: list[tuple[str, str]]) -> list:
    user = request.user
    who = user.get_full_name() or user.get_username()
    now = timezone.localtime()
    what, *described = _described(request, spec, filters)
    exported = [
        ("Exported by", who),
        ("Exported at", f"{_date_words(now.date())} at {now:%H:%M}"),
    ]
    return [what, *exported, *described]


def _described(request: HttpRequest, spec: Export, filters: list[tuple[str, str]]) -> list:
    """What a list's rows are, as a file or a print states it: the register and the systems,
    the reporting date, the day recorded (core.as_recorded) and the filters in words."""
    shown = "; ".join(f"{label}: {value}" for label, value in filters)
    described = [
        ("What", f"{spec.title}, {_systems_named(request)}"),
        ("As at (reporting date)", request.as_at),
    ]
    recorded_on = getattr(request, "recorded_on", None)
    if recorded_on is not None:
        described.append(("As recorded on", recorded_on))
    return [*described, ("Filters", shown or "None: every row the page lists")]


def _systems_named(request: HttpRequest) -> str:
    system = getattr(request, "system", None)
    return system.name if system is not None else "every system you may see"


def _date_words(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


# --- A page to print ------------------------------------------------------------------------


def _printed(request: HttpRequest, spec: Export, rows: Iterator, filters: list):
    shown = list(islice(rows, PRINT_ROWS + 1))
    more = len(shown) > PRINT_ROWS
    columns = [(column.header, column.kind in NUMERIC) for column in spec.columns]
    context = {
        "title": spec.title,
        "described": [
            (label, _date_words(value) if isinstance(value, date) else value)
            for label, value in _described(request, spec, filters)
        ],
        "columns": columns,
        "rows": [
            [(_printed_value(c.kind, c.read(row)), c.kind in NUMERIC) for c in spec.columns]
            for row in shown[:PRINT_ROWS]
        ],
        "more": more,
        "limit": PRINT_ROWS,
        "back": _with_format(request, None),
        "spreadsheet": _with_format(request, "xlsx"),
    }
    return render(request, "core/printed_list.html", context)


NUMERIC = (NUMBER, MONEY, PERCENTAGE)


def _printed_value(kind: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = timezone.localtime(value) if value.tzinfo else value
        return f"{_date_words(local.date())} {local:%H:%M}"
    if isinstance(value, date):
        return _date_words(value)
    if kind == PERCENTAGE and isinstance(value, (int, float, Decimal)):
        return _csv_value(kind, value)
    if kind in (NUMBER, MONEY) and isinstance(value, (int, float, Decimal)):
        # £'000 as the papers print them: thousands separated, negatives in brackets.
        text = number_format(abs(value), force_grouping=True)
        return f"({text})" if kind == MONEY and value < 0 else ("-" if value < 0 else "") + text
    return str(value)


def _with_format(request: HttpRequest, file_format: str | None) -> str:
    """This list's address in another format (``None``: the list's own page)."""
    query = request.GET.copy()
    query.pop(PARAMETER, None)
    if file_format:
        query[PARAMETER] = file_format
    return f"{request.path}?{query.urlencode()}" if query else request.path
