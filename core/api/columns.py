"""Lists whose rows are only their model's own columns, written from ``.values()``.

A page of 100 read as model instances and written by a ModelSerializer builds 100 instances and
calls each field's ``get_attribute`` and ``to_representation`` for every row; for a serializer
that reads nothing but the model's columns, the same rows come from ``.values()`` and the same
fields' ``to_representation``. Which serializers qualify is decided from the serializer's own
fields (``column_writer``), once per serializer class; every list request of such an endpoint
takes this way, filtered, sorted and paged as any other. The detail keeps the serializer, and
``tests/test_api_column_rows.py`` holds every such list's rows equal to the detail's.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
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


@dataclass(frozen=True)
class ColumnWriter:
    """The columns a serializer's row reads (``values()`` names) and how it writes them."""

    fields: tuple[tuple[str, str, Callable | None], ...]  # (output name, column, writer)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for _, column, _ in self.fields)

    def write(self, rows) -> list[dict]:
        """The rows as the serializer writes them: None stays None (as DRF writes an empty
        value); a value goes through the field's own ``to_representation`` (or its equal,
        ``_writer``)."""
        fields = _bound(self.fields)
        return [
            {
                name: row[column] if write is None or row[column] is None else write(row[column])
                for name, column, write in fields
            }
            for row in rows
        ]


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


def _bound(fields):
    """The plan's fields with each per-list writer bound for this list."""
    return tuple(
        (name, column, write.bind() if isinstance(write, _DateTimeWriter) else write)
        for name, column, write in fields
    )


def _decimal_writer(field) -> Callable:
    """DRF's ``DecimalField.to_representation`` as a string: a value that already has the
    field's places (as the database gives a column of that scale) and fits its digits is
    written as it is, since quantizing would not change it; any other goes through DRF."""
    places, digits, slow = -field.decimal_places, field.max_digits, field.to_representation

    def write(value):
        if type(value) is Decimal:
            _, numerals, exponent = value.as_tuple()
            if exponent == places and (digits is None or len(numerals) <= digits):
                return f"{value:f}"
        return slow(value)

    return write


def _writer(field) -> Callable:
    """How a plain field writes a value: its own ``to_representation``, or an equal writer for
    the two kinds that cost most per value (decimals and date-times) when the field writes
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
    return field.to_representation


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
    if type(field) in _PLAIN_FIELDS and not model_field.is_relation:
        return model_field.attname, _writer(field)
    return None


@functools.cache
def _plan(serializer_class) -> tuple[tuple[str, str | None, Callable | None], ...]:
    """Each readable field of the class: (name, column, writer) for a model column, (name,
    None, None) for any other field (written by DRF's own field)."""
    model = serializer_class.Meta.model
    concrete = {field.name: field for field in model._meta.concrete_fields}
    plan = []
    for name, field in serializer_class().fields.items():
        if field.write_only:
            continue
        column = _column(field, concrete.get(field.source))
        plan.append((name, None, None) if column is None else (name, *column))
    return tuple(plan)


@functools.cache
def column_writer(serializer_class, model) -> ColumnWriter | None:
    """How to write ``serializer_class``'s rows from ``model``'s columns, or None when one of
    its fields reads anything else (a method, a related object, a list, a property, a file) or
    the serializer writes rows its own way."""
    if not (
        issubclass(serializer_class, serializers.ModelSerializer)
        and _writes_rows_as_declared(serializer_class)
        and serializer_class.Meta.model is model
    ):
        return None
    plan = _plan(serializer_class)
    if any(column is None for _, column, _ in plan):
        return None
    return ColumnWriter(plan)


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
            # DRF's Serializer.to_representation, for this one field.
            fields = self.fields if fields is None else fields
            field = fields[name]
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            empty = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            row[name] = None if empty is None else field.to_representation(attribute)
        return row


_DECLARED_WRITERS = (
    serializers.Serializer.to_representation,
    ColumnSerializer.to_representation,
)
