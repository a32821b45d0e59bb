"""Serializer fields and documentation helpers every app's API shares: choice fields documented
as one named enum, list examples, and rows' addresses."""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers


def list_example(name: str, value: dict):
    """An example row for a list endpoint's documentation (shown inside a cursor page)."""
    example = OpenApiExample(name, value=value, response_only=True)
    return extend_schema_view(list=extend_schema(examples=[example]))


class RowAddresses:
    """Each row's address by a named URL whose last argument is the row's id, absolute when a
    request is given: reversed once for each set of the other arguments (a list's rows share
    them), not once a row. ``addresses(pk, *others)``.

    The addresses of ids 1 and 2 differ only where the id is written; what comes before and
    after it holds for any id when ids 2 and 10 are written there too. An address that does
    not split that way (a converter that pads ids) is reversed for each row."""

    def __init__(self, name: str, request=None):
        self.name = name
        self.request = request
        self._parts: dict[tuple, tuple[str, str] | None] = {}

    def __call__(self, pk: int, *others) -> str:
        if others not in self._parts:
            self._parts[others] = self._split(others)
        parts = self._parts[others]
        if parts is None:
            return self._address(pk, others)
        before, after = parts
        return f"{before}{pk}{after}"

    def _split(self, others: tuple) -> tuple[str, str] | None:
        one, two = self._address(1, others), self._address(2, others)
        cut = next((i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b), len(one))
        before, after = one[:cut], one[cut + 1 :]
        if any(self._address(pk, others) != f"{before}{pk}{after}" for pk in (2, 10)):
            return None
        return before, after

    def _address(self, pk: int, others: tuple) -> str:
        address = reverse(self.name, args=[*others, pk])
        return self.request.build_absolute_uri(address) if self.request else address


class NamedEnumField(serializers.ChoiceField):
    """A choice field documented as the enum component ``enum_name``. The schema's automatic
    enum naming gives a choice set used by several fields (a case's status and its events'
    from/to statuses) several names and warns; this names it once."""

    def __init__(self, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedEnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedEnumField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        choices = [(value, label) for value, label in field.choices.items() if value != ""]
        enum = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "type": "string",
                "enum": [value for value, _ in choices],
                "description": build_choice_description_list(choices),
            },
        )
        auto_schema.registry.register_on_missing(enum)
        if not field.allow_blank:
            return enum.ref
        blank = ResolvedComponent(
            name="BlankEnum",
            type=ResolvedComponent.SCHEMA,
            object="BlankEnum",
            schema={"enum": [""]},
        )
        auto_schema.registry.register_on_missing(blank)
        return {"oneOf": [enum.ref, blank.ref]}
