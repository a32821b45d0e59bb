"""Who changed what and when, field by field, from django-simple-history, for detail pages."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat

from core.audit import display_name


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
    instance: models.Model, limit: int = 50, records: models.QuerySet | None = None
) -> list[HistoryRow]:
    """The instance's history, newest first, each change against the version before it.

    ``records`` narrows the history to the versions the reader may see (e.g. a report's
    published versions only); each change is then against the previous version they may see,
    so nothing of a hidden version shows through a diff."""
    if records is None:
        records = instance.history.all()
    records = list(records.select_related("history_user").order_by("-history_date")[: limit + 1])
    rows = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if len(rows) == limit:
            break
        changes: tuple[Change, ...] = ()
        if previous is not None:
            delta = record.diff_against(previous)
            changes = tuple(Change(c.field, c.old, c.new) for c in delta.changes)
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
    return _shown(instance._meta, rows)


def _shown(meta, rows: list[HistoryRow]) -> list[HistoryRow]:
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
