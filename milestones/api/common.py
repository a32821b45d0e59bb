"""API helpers the milestones and escalation endpoints share: scoped filter choices, a
system filter documented as an id, list examples, and choice fields documented as one named
enum."""

import django_filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from core import authz
from core.api.base import SystemFilterSet, draws_filter_form


def scoped_choices(model):
    """A filter's choices: only the rows of ``model`` the request's user may see, so a filter
    never names (or confirms the existence of) another system's object."""

    def queryset(request):
        return authz.scoped(getattr(request, "user", None), model)

    queryset.model = model
    return queryset


class ScopedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter on ``scoped_choices(model)`` whose scoped queryset is built only when
    the request gives the filter a value: a list request builds its filter form whole, and
    scoping every absent filter's choices cost more than the page's own query."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=scoped_choices(model), **kwargs)

    def get_queryset(self, request):
        data = getattr(self.parent, "data", None)
        # The browsable API draws the filter form, every choice included.
        lazy = data is not None and not draws_filter_form(request)
        if lazy and self.field_name not in data:
            return self.queryset.model._base_manager.none()
        return super().get_queryset(request)


class ScopedFilterSet(SystemFilterSet):
    """SystemFilterSet with ``system`` documented as an id: these models reach their system
    through a path the schema generator cannot follow."""

    @extend_schema_field(OpenApiTypes.INT)
    def filter_system(self, queryset, name, value):
        return super().filter_system(queryset, name, value)


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
