"""An import in two steps: a preview that writes nothing but the batch, and a confirmation that
applies the whole file through the app's services, atomically, or nothing.

A kind of record (``ImportKind``, declared in its app's ``imports.py``) says which columns it
takes (the export's), how a row finds its record (a natural key), what a row would change, and
which service call makes the change. Here, the same for every kind:

- **preview**: the file is read (``core.imports``) and each cell parsed (``core.import_fields``);
  the kind loads, in a constant number of queries, the records the rows name and the names
  they use; each row is then a *create*, a *change* (each field old -> new), *unchanged*, or an
  *error* (its row, column and a plain message). The batch keeps the parsed rows and, for each
  matched record, its latest history id (its fingerprint).
- **confirm**: in one transaction, the matched records are locked and their fingerprints read
  again: if any changed since the preview (or a record now matches a row that was to create
  one), the import is refused naming the rows. Otherwise each row's change goes through the
  kind's service with the user as actor and "Imported from <file name>" as the history's
  reason. A service's refusal rolls everything back and names the row.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from core.files import sha256_of
from core.import_fields import DATE, DERIVED, MONEY, CellError, Field, shown
from core.imports import FileRefused, Table, read_table
from core.models import ImportBatch

CREATE, CHANGE, UNCHANGED, ERROR = "create", "change", "unchanged", "error"
ACTIONS = (CREATE, CHANGE, UNCHANGED, ERROR)


class Refusal(Exception):
    """The confirmation is refused: the message says why, ``rows`` which rows."""

    def __init__(self, message: str, rows: Iterable[int] = ()):
        super().__init__(message)
        self.rows = list(rows)


@dataclass
class Row:
    """One row of the file as the preview reads it."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    record: models.Model | None = None
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)
    # The values as the service takes them (records for names), set by the kind's ``changes``.
    new: dict = field(default_factory=dict)
    # Set by the kind's ``match`` for a row that names no record and gives nothing to record
    # (a blank line of a return to fill in): left alone, neither created nor an error.
    empty: bool = False

    def error(self, header: str, message: str) -> None:
        self.errors.append((header, message))

    def corrected(self) -> dict:
        """The new values of what the row changes, as a service's ``**changes``."""
        return {name: new for name, (_, new) in self.changes.items()}


class ImportKind(ABC):
    """What an app declares for each kind of record it imports. ``fields`` are the export's
    columns in its order (``DERIVED`` where the export computes them), then any the import
    adds (a reason); ``model`` is the record's model, its history gives the fingerprints."""

    key: str = ""
    title: str = ""
    fields: tuple[Field, ...] = ()
    model: type[models.Model]
    key_help: str = ""

    @abstractmethod
    def prepare(self, system, rows: list[Row], lock: bool = False) -> object:
        """Load what the rows need (their records, the names they use) in a constant number
        of queries, whatever the number of rows; ``lock`` at confirmation."""

    @abstractmethod
    def match(self, context, row: Row) -> models.Model | None:
        """The record this row is about, or None to create one; may add errors to the row."""

    @abstractmethod
    def changes(self, context, row: Row) -> dict[str, tuple[object, object]]:
        """What the row would change: field name -> (old, new), as the service takes them;
        may add errors to the row (a name not found, a reason missing)."""

    @abstractmethod
    def apply(self, *, actor, system, context, row: Row, reason: str) -> None:
        """Create or change the row's record through the app's services."""

    def versions(self, records: list) -> dict[str, object]:
        """Each matched record's version (by its pk as text), read at the preview and again at
        confirmation: a record whose version moved changed in between. Its latest history id;
        a kind whose rows also stand for a parent (a route's steps) adds the parent's."""
        return fingerprints(self.model, [record.pk for record in records])

    def why(self, row: Row, reason: str) -> str:
        """The history's reason: the row's own Reason, if it gives one, and the import's."""
        given = (row.values.get("reason") or "").strip()
        return f"{given} ({reason.lower()})" if given else reason

    def label(self, row: Row) -> str:
        """How a row that adds a record is named in the preview."""
        return str(row.values.get("title") or row.values.get("reference") or "")

    def shown(self, name: str, value) -> str:
        """A value as the preview shows it: a choice by its label, as the export words it."""
        spec = next((f for f in self.fields if f.name == name), None)
        if spec is not None and spec.choices:
            return str(dict(spec.choices).get(value, shown(value)))
        return shown(value)

    def header(self, name: str) -> str:
        return next((f.header for f in self.fields if f.name == name), name)


def by_names(records, *labels) -> dict[str, object]:
    """Records by each of their names (``labels``: functions of a record), lower case, so a
    row may name one as the export wrote it or by its other name; the first of a name wins."""
    found: dict[str, object] = {}
    for record in records:
        for label in labels:
            name = (label(record) or "").strip().lower()
            if name:
                found.setdefault(name, record)
    return found


def locked(queryset: models.QuerySet, lock: bool) -> list:
    """The records a kind's ``prepare`` reads, locked (their own rows) at confirmation."""
    return list(queryset.select_for_update(of=("self",)) if lock else queryset)


def once(seen: set, row: Row, key, header: str) -> None:
    """A row about the same record as an earlier row of the file is an error (``seen``: the
    keys of the rows before it)."""
    if key in seen:
        row.error(header, "An earlier row of the file is about the same record.")
    seen.add(key)


def corrections(record, new: dict, names) -> dict[str, tuple[object, object]]:
    """Of the fields ``names``, those ``new`` gives a value that differs from ``record``'s:
    name -> (old, new), as a kind's ``changes`` returns them."""
    return {
        name: (getattr(record, name), new[name])
        for name in names
        if name in new and differs(getattr(record, name), new[name])
    }


def differs(old, new) -> bool:
    """Whether a row changes a value: text as a form would save it (spaces around it are not
    a change: a stored text loaded verbatim from a paper may have them)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() != new.strip()
    return old != new


# --- reading ----------------------------------------------------------------------------------


def _check_headers(kind: ImportKind, table: Table) -> None:
    known = {f.header.lower(): f for f in kind.fields}
    seen: set[str] = set()
    for header in table.headers:
        letter = table.letters.get(header, "")
        if not header:
            continue
        if header.lower() not in known:
            columns = ", ".join(f.header for f in kind.fields)
            raise FileRefused(
                f'Column {letter} is headed "{header}", which is not a column of '
                f"{kind.title.lower()}. The columns are: {columns}."
            )
        if header.lower() in seen:
            raise FileRefused(f'Column {letter}: "{header}" is a second column of that name.')
        seen.add(header.lower())
    missing = [f.header for f in kind.fields if f.required and f.header.lower() not in seen]
    if missing:
        raise FileRefused(f"The file has no column {' or '.join(missing)}; it is needed.")


def parse_rows(kind: ImportKind, table: Table) -> list[Row]:
    _check_headers(kind, table)
    by_header = {f.header.lower(): f for f in kind.fields}
    rows = []
    for number, cells in table.rows:
        row = Row(number)
        for header, cell in cells.items():
            spec = by_header[header.lower()]
            if spec.kind == DERIVED:
                continue
            try:
                row.values[spec.name] = spec.parse(cell)
            except CellError as error:
                row.error(spec.header, str(error))
        for spec in kind.fields:  # a required column present but its cell absent
            if spec.required and spec.name not in row.values and not _has_error(row, spec):
                row.error(spec.header, f"Give the {spec.header.lower()}: it cannot be blank.")
        rows.append(row)
    return rows


def _has_error(row: Row, spec: Field) -> bool:
    return any(header == spec.header for header, _ in row.errors)


# --- preview ----------------------------------------------------------------------------------


def fingerprints(model: type[models.Model], pks: Iterable[int]) -> dict[str, int]:
    """Each record's latest history id, in one query."""
    pks = list(pks)
    if not pks:
        return {}
    latest = (
        model.history.filter(id__in=pks)
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
    )
    return {str(pk): version for pk, version in latest}


def _judge(kind: ImportKind, context, rows: list[Row]) -> None:
    for row in rows:
        if row.errors:
            continue
        row.record = kind.match(context, row)
        if not row.errors:
            row.changes = kind.changes(context, row)


def _action(row: Row) -> str:
    if row.errors:
        return ERROR
    if row.record is None:
        return UNCHANGED if row.empty else CREATE
    return CHANGE if row.changes else UNCHANGED


def _stored(kind: ImportKind, row: Row) -> dict:
    return {
        "row": row.number,
        "action": _action(row),
        "pk": row.record.pk if row.record is not None else None,
        "label": str(row.record) if row.record is not None else kind.label(row),
        "values": {name: _json(value) for name, value in row.values.items()},
        "changes": [
            [kind.header(name), kind.shown(name, old), kind.shown(name, new)]
            for name, (old, new) in row.changes.items()
        ]
        if row.record is not None
        else [
            [f.header, "", kind.shown(f.name, row.new[f.name])]
            for f in kind.fields
            if row.new.get(f.name) not in (None, "", False)
        ],
        "errors": [list(error) for error in row.errors],
    }


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if isinstance(value, date) else value


def _restore(spec: Field | None, value):
    """A stored value as the parse gave it (JSON keeps dates and amounts as text)."""
    if spec is None or value in (None, ""):
        return value
    if spec.kind == DATE:
        return date.fromisoformat(value)
    if spec.kind == MONEY:
        return Decimal(value)
    return value


def preview(kind: ImportKind, *, system, actor, file_name: str, data: bytes, file_kind: str):
    """Read the file and store what it would do as an ImportBatch; FileRefused if it cannot
    be read at all. Writes nothing else."""
    rows = parse_rows(kind, read_table(data, file_kind))
    context = kind.prepare(system, rows)
    _judge(kind, context, rows)
    stored = [_stored(kind, row) for row in rows]
    matched = [row.record for row in rows if row.record is not None]
    counts = {action: sum(1 for r in stored if r["action"] == action) for action in ACTIONS}
    return ImportBatch.objects.create(
        system=system,
        kind=kind.key,
        file_name=file_name[:255],
        sha256=sha256_of(data),
        uploaded_by=actor,
        rows=stored,
        fingerprints=kind.versions(matched),
        counts=counts,
    )


# --- confirm ----------------------------------------------------------------------------------


def _rows_of(kind: ImportKind, batch: ImportBatch) -> list[Row]:
    specs = {f.name: f for f in kind.fields}
    return [
        Row(
            stored["row"],
            {name: _restore(specs.get(name), value) for name, value in stored["values"].items()},
        )
        for stored in batch.rows
    ]


def _row_list(numbers: list[int]) -> str:
    shown_rows = ", ".join(str(n) for n in numbers[:20])
    return shown_rows + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def confirm(kind: ImportKind, *, batch: ImportBatch, actor) -> ImportBatch:
    """Apply the previewed batch as it was shown, atomically; Refusal names the rows that stop
    it (errors, records changed since the preview, a service's refusal)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.applied_at is not None:
            raise Refusal("This file has already been imported.")
        failed = [r["row"] for r in batch.rows if r["action"] == ERROR]
        if failed:
            raise Refusal(
                f"Rows {_row_list(failed)} have errors. Correct the file and upload it again.",
                failed,
            )
        rows = _rows_of(kind, batch)
        context = kind.prepare(batch.system, rows, lock=True)
        _judge(kind, context, rows)
        _check_unchanged(kind, batch, rows)
        reason = f"Imported from {batch.file_name}"
        for row in rows:
            if (row.record is None and not row.empty) or row.changes:
                try:
                    kind.apply(
                        actor=actor, system=batch.system, context=context, row=row, reason=reason
                    )
                except ValidationError as error:
                    raise Refusal(
                        f"Row {row.number}: {' '.join(error.messages)} Nothing was imported.",
                        [row.number],
                    ) from error
        batch.applied_at = timezone.now()
        batch.applied_by = actor
        batch.save(update_fields=["applied_at", "applied_by"])
    return batch


def _check_unchanged(kind: ImportKind, batch: ImportBatch, rows: list[Row]) -> None:
    """Every matched record is still at the version the preview read, and each row still
    matches what it matched then."""
    now = kind.versions([row.record for row in rows if row.record is not None])
    stale = []
    for row, stored in zip(rows, batch.rows, strict=True):
        pk = row.record.pk if row.record is not None else None
        if (
            row.errors
            or pk != stored["pk"]
            or (pk is not None and now.get(str(pk)) != batch.fingerprints.get(str(pk)))
        ):
            stale.append(row.number)
    if stale:
        raise Refusal(
            f"Rows {_row_list(stale)} changed since the preview (someone edited the records "
            "they match, or created them). Nothing was imported: upload the file again to see "
            "what it would change now.",
            stale,
        )


def batches_prune(*, now=None) -> int:
    """Delete the batches uploaded more than ``IMPORT_BATCH_KEEP_DAYS`` ago, applied or not:
    a preview is a working copy of a file, and what an applied one changed is in the records'
    history. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_BATCH_KEEP_DAYS)
    deleted, _ = ImportBatch._base_manager.filter(uploaded_at__lt=cutoff).delete()
    return deleted
