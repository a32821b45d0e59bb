"""Who changed what and when, field by field, from django-simple-history, for detail pages."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from core.audit import display_name


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


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
            changes = tuple(Change(_label(instance, c.field), c.old, c.new) for c in delta.changes)
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
    return rows


def _label(instance: models.Model, field_name: str) -> str:
    try:
        return str(instance._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:
        return field_name
