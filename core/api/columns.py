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

from rest_framework import serializers

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

    def write(self, row: dict) -> dict:
        """One row as the serializer writes it: None stays None (as DRF writes an empty
        value); a value goes through the field's own ``to_representation``."""
        return {
            name: row[column] if write is None or row[column] is None else write(row[column])
            for name, column, write in self.fields
        }


def _plain_to_representation(serializer_class) -> bool:
    return (
        serializer_class.to_representation is serializers.Serializer.to_representation
        and serializer_class.get_fields is serializers.ModelSerializer.get_fields
    )


@functools.cache
def column_writer(serializer_class, model) -> ColumnWriter | None:
    """How to write ``serializer_class``'s rows from ``model``'s columns, or None when one of
    its fields reads anything else (a method, a related object, a list, a property, a file) or
    the serializer writes rows its own way."""
    if not (
        issubclass(serializer_class, serializers.ModelSerializer)
        and _plain_to_representation(serializer_class)
        and serializer_class.Meta.model is model
    ):
        return None
    concrete = {field.name: field for field in model._meta.concrete_fields}
    fields = []
    for name, field in serializer_class().fields.items():
        if field.write_only:
            continue
        model_field = concrete.get(field.source)
        if model_field is None or getattr(model_field, "upload_to", None) is not None:
            return None
        if type(field) is serializers.PrimaryKeyRelatedField and model_field.is_relation:
            pk_field = field.pk_field
            fields.append(
                (
                    name,
                    model_field.attname,
                    None if pk_field is None else pk_field.to_representation,
                )
            )
        elif type(field) in _PLAIN_FIELDS and not model_field.is_relation:
            fields.append((name, model_field.attname, field.to_representation))
        else:
            return None
    return ColumnWriter(tuple(fields))
