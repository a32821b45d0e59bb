"""``changes/?since=TIMESTAMP``: what changed in the user's systems since a moment, oldest first,
so a regulator's script can synchronise incrementally (pass back ``next_since``)."""

from django.apps import apps
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.params import parse_datetime
from partners import authz
from partners.models import Partnership, System
from partners.scoping import system_path, unscoped

DOMAIN_APPS = ("partners", "governance", "milestones", "escalation", "finance")
NOT_PUBLISHED = {"partners.Access", "partners.ApiToken"}
LIMIT = 500
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def tracked_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in DOMAIN_APPS
        and hasattr(m, "history")
        and not m.__name__.startswith("Historical")
        and m._meta.label not in NOT_PUBLISHED
        and m._meta.label != "finance.FinancialYear"
    ]


class ChangeSerializer(serializers.Serializer):
    model = serializers.CharField(help_text="e.g. governance.meeting")
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=sorted(KINDS.values()))
    at = serializers.DateTimeField()


class ChangesSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_since = serializers.DateTimeField(allow_null=True)


class ChangesView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                required=True,
                description="ISO 8601 moment; changes strictly after it are listed.",
            )
        ],
        responses=ChangesSerializer,
    )
    def get(self, request):
        """Changes (created, changed, deleted) in the user's systems after ``since``."""
        since = parse_datetime(request, "since")
        if since is None:
            raise ValidationError(
                {"since": "Give an ISO 8601 date and time, e.g. 2026-01-31T00:00Z."}
            )
        system_ids = authz.visible_system_ids(request.user)
        rows = []
        with unscoped():
            # Historical rows have no scoped manager: each query filters by system itself.
            for model in tracked_models():
                rows += self._changes(model, since, system_ids)
        rows.sort(key=lambda r: (r["at"], r["model"], r["id"]))
        page = rows[:LIMIT]
        return Response(
            ChangesSerializer(
                {"results": page, "next_since": page[-1]["at"] if len(rows) > LIMIT else None}
            ).data
        )

    @staticmethod
    def _changes(model, since, system_ids) -> list[dict]:
        history = model.history.model.objects.filter(history_date__gt=since)
        if model is System:
            history = history.filter(id__in=system_ids)
        elif model._meta.label == "partners.Organisation":
            partners = Partnership.objects.filter(system_id__in=system_ids)
            history = history.filter(id__in=partners.values("organisation_id"))
        else:
            history = history.filter(**{f"{system_path(model)}__in": system_ids})
        label = model._meta.label_lower
        return [
            {"model": label, "id": pk, "kind": KINDS[kind], "at": at}
            for pk, kind, at in history.order_by("history_date").values_list(
                "id", "history_type", "history_date"
            )[: LIMIT + 1]
        ]
