"""Who changed what and when, field by field, from django-simple-history, for detail pages."""

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import dateformat
from django.utils.text import slugify

from core.audit import display_name
from core.exports import DATE, Column, Export, export_response, requested_format
from core.params import BadParameter, parse_choice


@dataclass(frozen=True)
class Change:
    """One field's change: ``old`` and ``new`` as stored (an id for a related record, a
    choice's value), ``old_shown`` and ``new_shown`` as a person reads them (the record's
    name, the choice's label, a date written out; empty for a blank value)."""

    field: str
    old: object
    new: object
    old_shown: str = ""
    new_shown: str = ""


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: str
    kind: str  # Created / Changed / Deleted
    reason: str
    changes: tuple[Change, ...]


KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_rows(
    instance: models.Model,
    limit: int | None = 50,
    records: models.QuerySet | None = None,
    fields: Collection[str] | None = None,
) -> list[HistoryRow]:
    """The instance's history, newest first, each change against the version before it (the
    latest ``limit`` versions; every one with None, as a download of the history has them).

    ``records`` narrows the history to the versions the reader may see (e.g. a report's
    published versions only); each change is then against the previous version they may see,
    so nothing of a hidden version shows through a diff. ``fields`` narrows the changes to those
    fields (the ones the reader is shown, e.g. by an API endpoint): a change of any other
    field (a person's e-mail address) is left out, the version itself still listed. The
    model's ``copied_fields`` are always left out."""
    if records is None:
        records = instance.history.all()
    records = records.select_related("history_user").order_by("-history_date")
    records = list(records if limit is None else records[: limit + 1])
    rows = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if len(rows) == limit:
            break
        changes: tuple[Change, ...] = ()
        if previous is not None:
            # A model's copied fields (kept from other records, never changed by anyone, e.g. a
            # milestone's original baseline) are no change of its own.
            delta = record.diff_against(
                previous, excluded_fields=getattr(instance, "copied_fields", ())
            )
            changes = tuple(
                Change(c.field, c.old, c.new)
                for c in delta.changes
                if fields is None or c.field in fields
            )
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=display_name(user) if user else "Unknown",
                kind=KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return readable(instance._meta, rows)


def readable(meta, rows: list[HistoryRow]) -> list[HistoryRow]:
    """Each change labelled by its field's name and its values as a person reads them; the
    records a change names are read once per kind of record for the whole history."""
    fields = {}
    for row in rows:
        for change in row.changes:
            try:
                fields[change.field] = meta.get_field(change.field)
            except FieldDoesNotExist:
                fields[change.field] = None
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for row in rows:
        for change in row.changes:
            field = fields[change.field]
            if field is not None and field.is_relation and not field.many_to_many:
                wanted[field.related_model].update(v for v in (change.old, change.new) if v)
    names = {
        model: {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }

    def shown(field, value) -> str:
        if value is None or value == "":
            return ""
        if field is None:
            return str(value)
        if field.is_relation:
            return names.get(field.related_model, {}).get(_pk(field, value), f"#{value}")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, date) and not isinstance(value, datetime):
            return dateformat.format(value, "j M Y")
        return str(value)

    return [
        replace(
            row,
            changes=tuple(
                Change(
                    _label(fields[c.field], c.field),
                    c.old,
                    c.new,
                    shown(fields[c.field], c.old),
                    shown(fields[c.field], c.new),
                )
                for c in row.changes
            ),
        )
        for row in rows
    ]


def _pk(field, value):
    try:
        return field.related_model._meta.pk.to_python(value)
    except Exception:  # a value the key cannot hold shows as it was stored
        return value


def _label(field, field_name: str) -> str:
    if field is None:
        return field_name
    return str(field.verbose_name).capitalize()


# --- The history as a spreadsheet -------------------------------------------------------------


@dataclass(frozen=True)
class ChangeLine:
    """One line of a history's download: a version and one of its changes (or none)."""

    when: datetime
    who: str
    kind: str
    reason: str
    field: str = ""
    old: str = ""
    new: str = ""


def change_lines(rows: list[HistoryRow]):
    """Each version's changes one per line, newest version first; a version with no field
    changed (created, deleted) is one line with the field blank."""
    for row in rows:
        if not row.changes:
            yield ChangeLine(row.when, row.who, row.kind, row.reason)
        for change in row.changes:
            yield ChangeLine(
                row.when,
                row.who,
                row.kind,
                row.reason,
                change.field,
                _value(change.old_shown, change.old),
                _value(change.new_shown, change.new),
            )


def _value(shown: str, stored) -> str:
    if shown:
        return shown
    return "" if stored is None else str(stored)


# "When" is a date and time; "What" is Created / Changed / Deleted (and, for a record whose
# page gathers its parts' histories, which part); "Field", "Old value" and "New value" are as
# the page words them.
HISTORY = Export(
    register="history",
    title="History of changes",
    columns=(
        Column("When", "when", DATE, width=18),
        Column("Who", "who", width=28),
        Column("What", "kind", width=30),
        Column("Field", "field", width=30),
        Column("Old value", "old", width=40),
        Column("New value", "new", width=40),
        Column("Reason", "reason", width=50),
    ),
)
HISTORY_TABLE = "history"


def history_download(
    request: HttpRequest, record: models.Model, history: Callable[[], list[HistoryRow]]
) -> HttpResponse | None:
    """A record's page asked for its history as a spreadsheet (``?table=history&format=``):
    every version ``history()`` gives (called only then), one change a line. None when the
    page itself is asked for."""
    file_format = requested_format(request)
    if not file_format or request.method != "GET":
        return None
    if parse_choice(request, "table", [HISTORY_TABLE]) != HISTORY_TABLE:
        raise BadParameter("table", "Say which table to download: history.")
    kind = record._meta.verbose_name
    spec = replace(
        HISTORY,
        register=f"{slugify(kind)}-{record.pk}-history",
        title=f"History of the {kind}",
    )
    return export_response(
        request,
        spec,
        change_lines(history()),
        file_format=file_format,
        filters=[(str(kind).capitalize(), str(record))],
    )
