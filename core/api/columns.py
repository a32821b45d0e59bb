"""Lists whose rows are read from columns, written from ``.values()``.

A page of 100 read as model instances and written by a ModelSerializer builds 100 instances (and
their related ones) and calls each field's ``get_attribute`` and ``to_representation`` for every
row; for a serializer that reads nothing but columns, the same rows come from ``.values()`` and
the same fields' ``to_representation``. Columns are the model's own, a related row's read by
its slug (``SlugRelatedField``: ``fk__column``), and what a method field declares it reads
(``reads``: its method is given the row as an instance would read it, ``RowView``). Which
serializers qualify is decided from the serializer's own fields (``column_writer``), once per
serializer class; every list request of such an endpoint takes this way, filtered, sorted and
paged as any other. The detail keeps the serializer, and ``tests/test_api_column_rows.py``
holds every such list's rows equal to what DRF's own serializer writes for the instances.
"""

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import FunctionType, MethodType

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

# Fields whose ``to_representation`` depends only on the value they are given (no request, no
# related object): the exact classes, so that a subclass with its own behaviour is not taken
# for one of them.
_PLAIN_FIELDS = frozenset(
    {
        serializers.BigIntegerField,
        serializers.BooleanField,
        serializers.CharField,
        serializers.ChoiceField,
        serializers.DateField,
        serializers.DateTimeField,
        serializers.DecimalField,
        serializers.EmailField,
        serializers.FloatField,
        serializers.IntegerField,
        serializers.SlugField,
        serializers.URLField,
        serializers.UUIDField,
    }
)


def _plain_kind(field) -> type | None:
    """The plain field class the field writes as: its own, or the one a subclass derives from
    that reads and writes as it does (a NamedEnumField only documents its choices)."""
    kind = type(field)
    base = next((base for base in kind.__mro__ if base in _PLAIN_FIELDS), None)
    if base is None or kind is base:
        return base
    same = kind.to_representation is base.to_representation
    return base if same and kind.get_attribute is base.get_attribute else None


@dataclass(frozen=True)
class ColumnWriter:
    """The columns a serializer's row reads (``values()`` names) and how it writes them: a
    column's value by its writer, and a method field declared with ``reads`` by the method,
    given the row as its model's instance would read (``RowView``)."""

    model: type
    # (output name, column, writer); for a method field (output name, None, method's name)
    fields: tuple[tuple[str, str | None, Callable | str | None], ...]
    method_reads: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        named = (column for _, column, _ in self.fields if column is not None)
        return tuple(dict.fromkeys([*named, *self.method_reads]))

    def write(self, rows, serializer) -> list[dict]:
        """The rows as ``serializer`` writes them: None stays None (as DRF writes an empty
        value); a value goes through the field's own ``to_representation`` (or its equal,
        ``value_writer``); a method field calls the serializer's method with the row."""
        return self.bind(serializer)(rows)

    def bind(self, serializer) -> Callable[[list], list[dict]]:
        """``write`` for ``serializer``, its fields bound once (for the children of every row
        of a list)."""
        fields, model = _bound(self.fields, serializer), self.model

        def write(rows) -> list[dict]:
            written = []
            for row in rows:
                item, view = {}, None
                for name, column, write in fields:
                    if column is None:
                        view = view or RowView(row, model)
                        item[name] = write(view)
                        continue
                    value = row[column]
                    item[name] = value if write is None or value is None else write(value)
                written.append(item)
            return written

        return write


def reads(*columns: str) -> Callable:
    """Declares what a ``SerializerMethodField``'s method reads of its record: columns as
    ``values()`` names (a related row's as ``fk__column``, with ``fk_id`` to know when there is
    none), directly or through the model's properties and methods. A list whose other fields
    are all columns then calls the method with its ``.values()`` row read as an instance
    (``RowView``) instead of building one; the detail still passes the instance."""

    def declare(method):
        method.reads = columns
        return method

    return declare


class RowView:
    """A ``.values()`` row read as its model's instance: a column by its name, a property or a
    method of the model computed over the row, and a related row (its ``fk__column`` keys) as
    a RowView of its own, or None when the foreign key is (a property's value is kept in the
    row once computed); ``str()`` is the model's own. Anything the row lacks is an
    AttributeError naming it (add it to the method's ``reads``)."""

    __slots__ = ("_model", "_prefix", "_row")

    def __init__(self, row: dict, model, prefix: str = ""):
        self._row, self._model, self._prefix = row, model, prefix

    def __str__(self) -> str:
        return self._model.__str__(self)

    def __getattr__(self, name: str):
        key = self._prefix + name
        if key in self._row:
            return self._row[key]
        kind, attribute = _model_attribute(self._model, name)
        if kind == "property":
            # Kept in the row: the methods of one row read each other's properties (a rating
            # reads the score), computed once over the same columns.
            value = self._row[key] = attribute(self)
            return value
        if kind == "method":
            return MethodType(attribute, self)
        if kind == "value":
            return attribute
        if f"{key}_id" in self._row:
            if self._row[f"{key}_id"] is None:
                return None
            related = self._model._meta.get_field(name).related_model
            # Kept in the row too: a row's methods often read the same related row.
            view = self._row[key] = RowView(self._row, related, f"{key}__")
            return view
        raise AttributeError(f"{self._model.__name__}'s row was not read with {key!r}")


@functools.cache
def _model_attribute(model, name: str) -> tuple[str, object]:
    """What the model's class holds under ``name``, for a row to read: a property's getter, a
    method's function, a plain value (a constant, a choices class, ``_meta``), or ("", None)
    for a field's descriptor or nothing (the row must hold its column)."""
    attribute = inspect.getattr_static(model, name, None)
    if isinstance(attribute, property):
        return "property", attribute.fget
    if isinstance(attribute, FunctionType):
        return "method", attribute
    if isinstance(attribute, staticmethod | classmethod):
        return "value", getattr(model, name)
    if attribute is None or hasattr(type(attribute), "__get__"):
        return "", None
    return "value", attribute


class _DateTimeWriter:
    """DRF's ``DateTimeField.to_representation`` in ISO 8601 (``…Z`` for UTC), in the time zone
    that is current when a list is written: read once for the list (``bind``), not for each
    value, which cost more than writing the value."""

    def __init__(self, field):
        self.field = field

    def bind(self) -> Callable:
        zone = timezone.get_current_timezone()

        def write(value):
            if isinstance(value, str) or timezone.is_naive(value):
                return self.field.to_representation(value)
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text

        return write


def _bound(fields, serializer=None):
    """The plan's fields with each per-list writer bound for this list (and each method field
    to the serializer's method)."""
    bound = []
    for name, column, write in fields:
        if isinstance(write, _DateTimeWriter | _RelatedRow):
            write = write.bind()
        elif isinstance(write, _Children | _SameRow):
            write = write.bind(serializer)
        elif column is None and isinstance(write, str):
            write = getattr(serializer, write)
        bound.append((name, column, write))
    return tuple(bound)


def _decimal_writer(field) -> Callable:
    """DRF's ``DecimalField.to_representation`` as a string: a value that already has the
    field's places (as the database gives a column of that scale) and fits its digits is
    written as it is, since quantizing would not change it; any other goes through DRF.

    Both are read from the value's text: with places, it has exactly that many figures after
    its point, and its figures (leading zeros of a value under 1 included, so never fewer than
    the value's digits) within the field's digits."""
    places, digits, slow = field.decimal_places, field.max_digits, field.to_representation
    if places <= 0:
        return slow
    point = -places - 1  # where a value with the field's places has its point
    longest = None if digits is None else digits + 1  # its figures and the point

    def write(value):
        if type(value) is Decimal:
            text = f"{value:f}"
            if text[point : point + 1] == "." and (
                longest is None or len(text) - (text[0] == "-") <= longest
            ):
                return text
        return slow(value)

    return write


def _date_writer(field) -> Callable:
    """DRF's ``DateField.to_representation`` in ISO 8601: a date is its ``isoformat()`` (a
    date-time, a string, or an empty value go through DRF)."""
    slow = field.to_representation

    def write(value):
        return value.isoformat() if type(value) is date else slow(value)

    return write


def value_writer(field) -> Callable:
    """How a plain field writes a value: its own ``to_representation``, or an equal writer for
    the kinds that cost most per value (decimals, dates and date-times) when the field writes
    them the default way."""
    if (
        type(field) is serializers.DecimalField
        and field.decimal_places is not None
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and not field.localize
        and not field.normalize_output
    ):
        return _decimal_writer(field)
    if (
        type(field) is serializers.DateTimeField
        and settings.USE_TZ
        and not hasattr(field, "timezone")
        and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() == ISO_8601
    ):
        return _DateTimeWriter(field)
    if (
        type(field) is serializers.DateField
        and str(getattr(field, "format", api_settings.DATE_FORMAT)).lower() == ISO_8601
    ):
        return _date_writer(field)
    return field.to_representation


# Fields whose ``to_representation`` gives back the very value a column of these kinds reads:
# ``str(value)`` of text, ``int(value)`` of an integer, a boolean as itself. Their columns are
# written as read, without a call for every value.
_AS_READ = (
    (
        (
            serializers.CharField,
            serializers.EmailField,
            serializers.SlugField,
            serializers.URLField,
        ),
        (models.CharField, models.TextField),
    ),
    ((serializers.IntegerField, serializers.BigIntegerField), (models.IntegerField,)),
    ((serializers.BooleanField,), (models.BooleanField,)),
)


def _as_read(field, model_field) -> bool:
    """Whether the field writes the column's values as the database reads them."""
    kind = _plain_kind(field)
    if kind is serializers.ChoiceField:
        # A value among string choices is written as its choice, that is, as itself.
        return isinstance(model_field, models.CharField | models.TextField) and all(
            key == value for key, value in field.choice_strings_to_values.items()
        )
    return any(kind in kinds and isinstance(model_field, columns) for kinds, columns in _AS_READ)


def _writes_rows_as_declared(serializer_class) -> bool:
    """Whether the serializer writes each field as DRF's Serializer does (this module's
    ColumnSerializer included), from the fields its class declares."""
    return serializer_class.to_representation in _DECLARED_WRITERS and (
        serializer_class.get_fields is serializers.ModelSerializer.get_fields
    )


def _column(field, model_field) -> tuple[str, Callable | None] | None:
    """The column a serializer field reads and how it writes it (None: as read), or None when
    the field reads anything but one of the model's own columns."""
    if model_field is None or getattr(model_field, "upload_to", None) is not None:
        return None
    if type(field) is serializers.PrimaryKeyRelatedField and model_field.is_relation:
        write = None if field.pk_field is None else field.pk_field.to_representation
        return model_field.attname, write
    if _plain_kind(field) is not None and (
        not model_field.is_relation or field.source == model_field.attname
    ):
        # A foreign key's id by its column; a value the field would give back as it is, as read.
        write = None if _as_read(field, model_field) else value_writer(field)
        return model_field.attname, write
    if type(field) is serializers.JSONField and not field.binary and not model_field.is_relation:
        return model_field.attname, None  # written as the column's decoder read it
    if (
        type(field) is serializers.ListField
        and _plain_kind(field.child) is not None
        and isinstance(model_field, models.JSONField)
    ):
        return model_field.attname, field.to_representation  # each item by the child field
    return None


@functools.cache
def _plan(serializer_class) -> tuple[tuple[str, str | None, Callable | None], ...]:
    """Each readable field of the class: (name, column, writer) for a model column, (name,
    None, None) for any other field (written by DRF's own field)."""
    model = serializer_class.Meta.model
    concrete = _concrete(model)
    plan = []
    for name, field in serializer_class().fields.items():
        if field.write_only:
            continue
        column = _column(field, concrete.get(field.source))
        plan.append((name, None, None) if column is None else (name, *column))
    return tuple(plan)


def _row_field(serializer_class, field, children) -> tuple[str | None, object, tuple] | None:
    """How a field that is not one of the model's own columns reads a ``.values()`` row:
    (column, writer, reads) for a related row's column by its slug or by a dotted source
    through a foreign key that is never null (``fk__column``), (None, method's name, its
    reads) for a method declared with ``reads``, (None, writer, reads) for a nested serializer
    of the row itself (``source="*"``), of a related row, or of the row's children (a list
    the view sets under a name in ``children``); None for any other."""
    related = _through_foreign_key(serializer_class.Meta.model, field)
    if related is not None:
        return related
    if isinstance(field, serializers.SlugRelatedField) and (
        type(field).to_representation is serializers.SlugRelatedField.to_representation
    ):
        model_field = _concrete(serializer_class.Meta.model).get(field.source)
        if model_field is not None and model_field.many_to_one:
            slug = _concrete(model_field.related_model).get(field.slug_field)
            if slug is not None and not slug.is_relation:
                return f"{field.source}__{slug.attname}", None, ()
    if type(field) is serializers.SerializerMethodField:
        method = getattr(serializer_class, field.method_name or f"get_{field.field_name}", None)
        columns = getattr(method, "reads", None)
        if columns is not None:
            return None, method.__name__, columns
    if isinstance(field, ColumnSerializer) and _writes_rows_as_declared(type(field)):
        if field.source == "*":
            return _same_row(serializer_class, field, children)
        return _related_row(serializer_class, field)
    if type(field) is serializers.ListSerializer and field.source in children:
        child = type(field.child)
        model = getattr(getattr(child, "Meta", None), "model", None)
        return None, _Children(field.source, child, column_writer(child, model, children)), ()
    return None


def _through_foreign_key(model, field) -> tuple[str, object, tuple] | None:
    """A plain field whose source is a related row's column through a foreign key that is
    never null (``current_step.order``): the ``fk__column`` key, as the column would write."""
    if _plain_kind(field) is None or len(field.source_attrs) != 2:
        return None
    name, attribute = field.source_attrs
    model_field = _concrete(model).get(name)
    if model_field is None or not model_field.many_to_one or model_field.null:
        return None
    related = _concrete(model_field.related_model).get(attribute)
    if related is None or related.is_relation:
        return None
    column = _column(field, related)
    return None if column is None else (f"{name}__{column[0]}", column[1], ())


def _same_row(serializer_class, field, children) -> tuple[None, Callable, tuple] | None:
    """A nested serializer of the record itself (``source="*"``, e.g. a case's response or a
    quorum rule) that reads the row as its parent may (``column_writer``): written from the
    same row."""
    model = serializer_class.Meta.model
    nested = column_writer(type(field), model, children)
    return None if nested is None else (None, _SameRow(type(field), nested), nested.columns)


def _related_row(serializer_class, field) -> tuple[None, Callable, tuple] | None:
    """A nested serializer of a related row (a foreign key) whose fields are all that row's
    columns: written from the ``fk__column`` keys, None when the key is."""
    model_field = _concrete(serializer_class.Meta.model).get(field.source)
    if model_field is None or not model_field.many_to_one:
        return None
    plan = _plan(type(field))
    if any(column is None for _, column, _ in plan):
        return None
    keyed = tuple((name, f"{field.source}__{column}", write) for name, column, write in plan)
    related = _RelatedRow(model_field.attname, keyed)
    return None, related, (related.key, *(column for _, column, _ in keyed))


@dataclass(frozen=True)
class _RelatedRow:
    """Writes a related row's columns (``fk__column`` keys) as its nested serializer would, or
    None where the foreign key (``key``) is None; its writers bound once a list (``bind``)."""

    key: str
    fields: tuple

    def bind(self) -> Callable:
        key, fields = self.key, _bound(self.fields)

        def write(view: RowView):
            row = view._row
            if row[key] is None:
                return None
            return {
                name: row[column] if write is None or row[column] is None else write(row[column])
                for name, column, write in fields
            }

        return write


@dataclass(frozen=True)
class _SameRow:
    """Writes the row again by a nested serializer of the record itself (``source="*"``), its
    method fields bound to that nested serializer."""

    serializer: type
    writer: ColumnWriter

    def bind(self, serializer) -> Callable:
        # Given the list's context, as DRF gives a nested serializer its parent's.
        write_rows = self.writer.bind(self.serializer(context=serializer.context))
        return lambda view: write_rows((view._row,))[0]


@dataclass(frozen=True)
class _Children:
    """Writes the children the view set on the row (``core.api.children.ChildRows``) as the
    nested list serializer does, each by its child serializer (``child``, given the list's
    context): ``.values()`` rows by the child's ColumnWriter (``writer``), any other row
    (an instance, a named row) by the child itself."""

    attr: str
    child: type
    writer: ColumnWriter | None

    def bind(self, serializer) -> Callable:
        attr, child = self.attr, self.child(context=serializer.context)
        write_rows = self.writer.bind(child) if self.writer else None
        write_one = child.to_representation

        def write(view: RowView) -> list:
            rows = view._row[attr]
            if write_rows is not None and (not rows or type(rows[0]) is dict):
                return write_rows(rows)
            return [write_one(row) for row in rows]

        return write


def _concrete(model) -> dict:
    """The model's concrete fields by name, and by column (a foreign key's ``<name>_id``)."""
    fields = model._meta.concrete_fields
    return {field.name: field for field in fields} | {field.attname: field for field in fields}


def reads_only_own_columns(serializer_class) -> bool:
    """Whether every field of the serializer reads one of its model's own columns (so that a
    named row of those columns serves as well as an instance, ``core.api.children``)."""
    return _writes_rows_as_declared(serializer_class) and all(
        column is not None for _, column, _ in _plan(serializer_class)
    )


@functools.cache
def column_writer(
    serializer_class, model, children: frozenset[str] = frozenset()
) -> ColumnWriter | None:
    """How to write ``serializer_class``'s rows from ``.values()`` rows of ``model``, or None
    when one of its fields reads anything but the model's columns, a related row's column
    by its slug, methods declared with ``reads``, nested serializers of those columns and the
    lists of children the view sets on each row (``children``, their names), or the
    serializer writes rows its own way."""
    if not (
        issubclass(serializer_class, serializers.ModelSerializer)
        and _writes_rows_as_declared(serializer_class)
        and serializer_class.Meta.model is model
    ):
        return None
    fields, method_reads = [], []
    declared = serializer_class().fields
    for name, column, write in _plan(serializer_class):
        if column is None:
            found = _row_field(serializer_class, declared[name], children)
            if found is None:
                return None
            column, write, columns = found
            # What the view sets on each row (its children) is not read as a column.
            method_reads += (column for column in columns if column not in children)
        fields.append((name, column, write))
    return ColumnWriter(model, tuple(fields), tuple(method_reads))


class ColumnSerializer(serializers.ModelSerializer):
    """The project's ModelSerializer. Its rows are DRF's, written faster: a field that reads one
    of the model's own columns is read with ``getattr`` and written by the field's
    ``to_representation`` (as DRF would, without its lookups for each value); any other field
    (nested, a method, a related object's attribute) as DRF writes it. A list of rows that
    are all columns is read as ``.values()`` instead (``column_writer``)."""

    def to_representation(self, instance):
        if not _writes_rows_as_declared(type(self)):
            return super().to_representation(instance)
        row = {}
        fields = None
        # Bound once for this serializer (a list's rows share its child serializer).
        plan = self.__dict__.get("_bound_plan")
        if plan is None:
            plan = self._bound_plan = _bound(_plan(type(self)))
        for name, column, write in plan:
            if column is not None:
                value = getattr(instance, column)
                row[name] = value if write is None or value is None else write(value)
                continue
            fields = self.fields if fields is None else fields
            _write_as_drf(row, name, fields[name], instance)
        return row


_ABSENT = object()


class ValueSerializer(serializers.Serializer):
    """The project's Serializer of values the code builds (a summary's dicts, a quorum's
    outcome). Its rows are DRF's, written faster: a field that reads one key or attribute is
    read directly and written by its ``value_writer`` (a nested serializer by its own
    ``to_representation``), bound once for the serializer; any other field (a method, a dotted
    source, a missing value, a callable) as DRF writes it."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_value_plan")
        if plan is None:
            plan = self._value_plan = _value_plan(self._readable_fields)
        mapping = isinstance(instance, Mapping)
        row = {}
        for field, key, write in plan:
            if key is not None:
                try:
                    value = instance[key] if mapping else getattr(instance, key)
                except (KeyError, AttributeError, ObjectDoesNotExist):
                    value = _ABSENT  # DRF's way below says what a missing value is
                if value is not _ABSENT and not callable(value):
                    row[field.field_name] = None if value is None else write(value)
                    continue
            _write_as_drf(row, field.field_name, field, instance)
        return row


def _write_as_drf(row: dict, name: str, field, instance) -> None:
    """DRF's Serializer.to_representation, for one field: a skipped field leaves no key."""
    try:
        attribute = field.get_attribute(instance)
    except SkipField:
        return
    empty = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    row[name] = None if empty is None else field.to_representation(attribute)


def _value_plan(fields) -> tuple:
    """(field, key, writer) for each field: the key or attribute it reads when it reads one
    the default way (``Field.get_attribute``), else None."""
    plan = []
    for field in fields:
        key = field.source_attrs[0] if len(field.source_attrs) == 1 else None
        if type(field).get_attribute is not serializers.Field.get_attribute:
            key = None
        write = value_writer(field) if type(field) in _PLAIN_FIELDS else field.to_representation
        if isinstance(write, _DateTimeWriter):
            write = write.bind()
        plan.append((field, key, write))
    return tuple(plan)


_DECLARED_WRITERS = (
    serializers.Serializer.to_representation,
    ColumnSerializer.to_representation,
)
