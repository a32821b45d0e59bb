"""The one base every API endpoint is built on: read-only by construction, scoped to the systems
the token's user may see (another system's object is 404), cursor-paginated, filterable, with a
per-object ``history/``."""

from collections.abc import Iterable

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.forms.widgets import ChoiceWidget
from django_filters.fields import ModelChoiceField
from django_filters.filters import (
    ChoiceFilter,
    Filter,
    FilterMethod,
    ModelChoiceFilter,
    MultipleChoiceFilter,
)
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import BooleanWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import authz
from core.api.columns import column_writer
from core.api.pagination import StableCursorPagination
from core.history import history_rows
from core.ordering import StableOrderingFilter, ordering_for
from core.params import as_id
from core.scoping import activate, deactivate, is_shared_across_systems, system_path
from core.tenancy import is_tenant, tenant_model


def visible_systems(request):
    return authz.visible_systems(request.user) if request else tenant_model().objects.none()


def draws_filter_form(request) -> bool:
    """Whether the response shows the filters' form with every choice: the browsable API (and
    the schema, which has no request). JSON only needs the filters the request gives."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", "api") == "api"


class VisibleSystemField(ModelChoiceField):
    """One of the user's systems, checked against the ids authorisation has already read for
    the request rather than by fetching the system again. Cleans to the system's id."""

    def __init__(self, *args, system_ids: frozenset[int] = frozenset(), **kwargs):
        self.system_ids = system_ids
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        system_id = as_id(value)
        if system_id not in self.system_ids:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return system_id


class VisibleSystemFilter(django_filters.ModelChoiceFilter):
    """``system``: one of the systems the user may see (their choices, in the browsable API)."""

    field_class = VisibleSystemField

    def __init__(self, **kwargs):
        super().__init__(queryset=visible_systems, **kwargs)

    def get_queryset(self, request):
        # A value is checked against the ids (VisibleSystemField), never the queryset: only the
        # browsable API's form needs the systems themselves.
        if not draws_filter_form(request):
            return tenant_model().objects.none()
        return super().get_queryset(request)

    @property
    def field(self):
        request = self.get_request()
        if request is not None:
            self.extra["system_ids"] = authz.visible_system_ids(request.user)
        return super().field


# How the widgets of ordinary filters read a request: the filter's own name only, and nothing
# (None, or an empty list) when the request does not give it. Checkboxes (absent is False) and
# ranges (suffixed names) read otherwise.
_READS_ITS_NAME_ONLY = {
    forms.Widget.value_from_datadict,
    ChoiceWidget.value_from_datadict,
    forms.SelectMultiple.value_from_datadict,
    forms.NullBooleanSelect.value_from_datadict,
    BooleanWidget.value_from_datadict,
}
# Filtering by an empty value changes nothing in these (method filters too: FilterMethod).
_EMPTY_IS_NO_FILTER = {
    Filter.filter,
    ChoiceFilter.filter,
    ModelChoiceFilter.filter,
    MultipleChoiceFilter.filter,
}


def _unneeded_when_absent(filter_: Filter) -> bool:
    """Whether a request that does not name this filter gets the same rows and errors without
    it: optional, read by its own name only, and doing nothing with an empty value."""
    if filter_.extra.get("required"):
        return False
    widget = filter_.extra.get("widget") or filter_.field_class.widget
    reader = (widget if isinstance(widget, type) else type(widget)).value_from_datadict
    applies = filter_.filter  # a bound method, or the FilterMethod of a method filter
    return reader in _READS_ITS_NAME_ONLY and (
        isinstance(applies, FilterMethod)
        or getattr(applies, "__func__", None) in _EMPTY_IS_NO_FILTER
    )


class SystemFilterSet(django_filters.FilterSet):
    """Filters whose choices are limited to what the user may see (no other system is named).

    A JSON request builds only the filters it gives (and any that act when absent): copying
    every filter, building a form field for each and validating them cost more than the page's
    query, and an absent filter filters nothing. The browsable API draws them all."""

    system = VisibleSystemFilter(method="filter_system", label="System")

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None and prefix is None and not draws_filter_form(request):
            # An instance attribute: the class's filters (and the schema's view of them) stay.
            applied = _applied_by_view(request, data)
            self.base_filters = {
                name: filter_
                for name, filter_ in self.base_filters.items()
                if (name in data and name not in applied)
                or (name not in data and not _unneeded_when_absent(filter_))
            }
        super().__init__(data, queryset, request=request, prefix=prefix)

    def is_valid(self):
        # Nothing to validate when the request gives no filter (building an empty form cost
        # more than the rest of the filtering).
        return not self.filters or super().is_valid()

    @property
    def qs(self):
        if not self.filters:
            return self.queryset.all()
        return super().qs

    # Documented as an id: most models reach their system through a path (or, systems and
    # shared organisations, none) the schema generator cannot follow.
    @extend_schema_field(OpenApiTypes.INT)
    def filter_system(self, queryset, name, value):
        model = queryset.model
        if is_tenant(model):
            return queryset.filter(pk=value)
        if is_shared_across_systems(model):
            # Reference data shared between systems: the rows the system links.
            return queryset.filter(pk__in=model._default_manager.in_systems({value}).values("pk"))
        return queryset.filter(**{system_path(model): value})


def _applied_by_view(request, data) -> frozenset[str]:
    """The filters the view has already applied: ``system``, when the view scoped its queryset
    to exactly the system it names, which the user may see (ScopedReadOnlyViewSet.named_system).
    Filtering again would change nothing; a system the user may not see (or not a number) is
    left to the filter, whose error the response gives."""
    view = getattr(request, "parser_context", {}).get("view")
    narrowed = getattr(view, "narrowed_to", None)
    if narrowed is None or len(narrowed) != 1 or "system" not in data:
        return frozenset()
    return frozenset({"system"}) if narrowed == {as_id(data["system"])} else frozenset()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField(allow_null=True)


class HistorySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    kind = serializers.CharField()
    reason = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and retrieve only. Subclasses set ``model``, ``serializer_class`` and optionally
    ``select``/``prefetch`` (what the serializer reads, so a page costs a fixed number of
    queries) and ``filterset_class``."""

    model = None
    select: tuple = ()
    prefetch: tuple = ()
    pagination_class = StableCursorPagination
    filterset_class = SystemFilterSet
    # ``ordering_fields`` (and any ``ordering_aliases``) say what a list may be sorted by: the
    # ordering filter adds nulls' place and the id, and the pagination's cursor follows it.
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Authentication happens here, after the middleware: scope to the token's user.
        self.visible_system_ids = authz.visible_system_ids(request.user)
        self._scope_token = activate(self.visible_system_ids)

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_scope_token", None)
        if token is not None:
            deactivate(token)
            self._scope_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # No endpoint forgets the system filter (its choices are the user's systems only).
        filterset = cls.filterset_class
        if not (
            isinstance(filterset, type)
            and issubclass(filterset, SystemFilterSet)
            and isinstance(filterset.base_filters.get("system"), VisibleSystemFilter)
        ):
            raise ImproperlyConfigured(
                f"{cls.__name__}.filterset_class must be a SystemFilterSet whose system filter "
                "is a VisibleSystemFilter."
            )

    # Read once the request is authenticated (initial).
    visible_system_ids: frozenset[int] | None = None
    # The systems get_queryset scoped the list to, when ?system= narrowed it (else None).
    narrowed_to: frozenset[int] | None = None

    def get_queryset(self):
        queryset = authz.scoped(self.request.user, self.model, within=self.within_named())
        if self.select:
            queryset = queryset.select_related(*self.select)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def list(self, request, *args, **kwargs):
        """A list whose serializer reads only the model's columns (and the children the view
        sets on each row, ``core.api.children``) is written from ``.values()`` rows
        (``core.api.columns``); any other through its serializer."""
        children = tuple(self.child_rows())
        writer = self.list_writer(children)
        if writer is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        # The pagination's cursor reads the ordering's columns from each row; the children
        # their parents' keys.
        keys = [key.name for key in ordering_for(request, self, self.model).keys]
        columns = dict.fromkeys([*writer.columns, *keys, *(child.key for child in children)])
        queryset = queryset.select_related(None).prefetch_related(None).values(*columns)
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        for child in children:
            child.attach(rows)
        written = writer.write(rows, self.get_serializer())
        return Response(written) if page is None else self.get_paginated_response(written)

    def list_writer(self, children: Iterable | None = None):
        """How the list is written from ``.values()`` rows given these children (the view's,
        by default), or None: through its serializer."""
        children = self.child_rows() if children is None else children
        names = frozenset().union(*(child.names() for child in children))
        return column_writer(self.get_serializer_class(), self.model, names)

    def child_rows(self) -> Iterable:
        """The children of the records the response writes, read after the page as rows
        (``core.api.children.ChildRows``): none unless the viewset names them."""
        return ()

    def within_named(self) -> tuple[int] | None:
        """The system ``?system=`` names (``named_system``), for reading the list's rows within
        it: recorded as ``narrowed_to``, so that the filter does not check it again."""
        named = self.named_system()
        # authz.scoped narrows every model but the systems themselves to the named system.
        if named is not None and self.visible_system_ids is not None and not is_tenant(self.model):
            self.narrowed_to = self.visible_system_ids.intersection(named)
        return named

    def named_system(self) -> tuple[int] | None:
        """The system ``?system=`` names, when the view filters by it (VisibleSystemFilter).
        The filter keeps only that system's rows, so scoping the queryset to it alone gives
        the same rows without listing every other visible system in each query; authz.scoped
        still keeps it only if the user may see it (and the filter refuses it if not)."""
        filterset = getattr(self, "filterset_class", None)
        if filterset is None or not isinstance(
            filterset.base_filters.get("system"), VisibleSystemFilter
        ):
            return None
        system_id = as_id(self.request.query_params.get("system"))
        return None if system_id is None else (system_id,)

    @extend_schema(responses=HistorySerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request, *args, **kwargs):
        """Who changed this record, when, and what changed, field by field (newest first)."""
        rows = self.history_rows(self.get_object())
        data = [
            {
                "when": r.when,
                "who": r.who,
                "kind": r.kind,
                "reason": r.reason,
                "changes": [
                    {"field": c.field, "old": _text(c.old), "new": _text(c.new)} for c in r.changes
                ],
            }
            for r in rows
        ]
        return Response(HistorySerializer(data, many=True).data)

    def history_rows(self, instance) -> list:
        """The rows ``history/`` lists: every version, with the changes of the fields the
        endpoint shows (``history_fields``); a viewset whose readers may see only some versions
        of a record narrows them here."""
        return history_rows(instance, limit=200, fields=self.history_fields())

    def history_fields(self) -> set[str]:
        """The record's fields the endpoint's serializer shows: a change of any other (a
        person's e-mail address, the account linked to them) is not the reader's through
        ``history/`` either."""
        return _sources(self.get_serializer_class()())


def _sources(serializer) -> set[str]:
    """The record's fields a serializer reads: each field's source, and those of a nested
    serializer of the record itself (``source="*"``, e.g. a quorum rule's parts)."""
    names = set()
    for field in serializer.fields.values():
        source = field.source or field.field_name
        if source == "*":
            if isinstance(field, serializers.BaseSerializer):
                names |= _sources(field)
            continue
        head = source.split(".")[0]
        names |= {head, head.removesuffix("_id")}
    return names


def _text(value) -> str | None:
    return None if value is None else str(value)
