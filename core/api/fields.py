"""Serializer fields and documentation helpers every app's API shares: choice fields documented
as one named enum, list examples, and rows' addresses."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers


def list_example(name: str, value: dict):
    """An example row for a list endpoint's documentation (shown inside a cursor page)."""
    example = OpenApiExample(name, value=value, response_only=True)
    return extend_schema_view(list=extend_schema(examples=[example]))


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
