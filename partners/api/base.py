"""The one base every API endpoint is built on: read-only by construction, scoped to the systems
the token's user may see (another system's object is 404), cursor-paginated, filterable, with a
per-object ``history/``."""

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import ModelChoiceField
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from partners import authz
from partners.api.pagination import StableCursorPagination
from partners.history import history_rows
from partners.models import System
from partners.scoping import activate, deactivate, system_path


def visible_systems(request):
    return authz.visible_systems(request.user) if request else System.objects.none()


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
        try:
            system_id = int(value)
        except (TypeError, ValueError):
            system_id = None
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

    @property
    def field(self):
        request = self.get_request()
        if request is not None:
            self.extra["system_ids"] = authz.visible_system_ids(request.user)
        return super().field


class SystemFilterSet(django_filters.FilterSet):
    """Filters whose choices are limited to what the user may see (no other system is named)."""

    system = VisibleSystemFilter(method="filter_system", label="System")

    def filter_system(self, queryset, name, value):
        return queryset.filter(**{system_path(queryset.model): value})


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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Authentication happens here, after the middleware: scope to the token's user.
        self._scope_token = activate(authz.visible_system_ids(request.user))

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_scope_token", None)
        if token is not None:
            deactivate(token)
            self._scope_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    def get_queryset(self):
        queryset = authz.scoped(self.request.user, self.model)
        if self.select:
            queryset = queryset.select_related(*self.select)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    @extend_schema(responses=HistorySerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request, *args, **kwargs):
        """Who changed this record, when, and what changed, field by field (newest first)."""
        rows = history_rows(self.get_object(), limit=200)
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


def _text(value) -> str | None:
    return None if value is None else str(value)
