"""``changes/?since=TIMESTAMP``: what changed in the user's systems since a moment, oldest first,
so a regulator's script can synchronise incrementally (pass back ``next_since``)."""

from collections.abc import Callable

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import authz
from core.params import parse_datetime
from core.scoping import is_shared_across_systems, system_path, unscoped
from core.tenancy import is_tenant

DOMAIN_APPS = ("partners", "governance", "milestones", "escalation", "finance")
NOT_PUBLISHED = {"partners.Access", "partners.ApiToken"}
LIMIT = 500
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


# Records some readers of a system may not know exist (a confidential item, for those who may
# not see part B): the app that owns the rule registers, by model label, which of the model's
# records a user may read (``readable(user, records) -> records``); the feed names only those,
# and, once deleted, those whose last version it may read (``readable(user, versions)``).
_READABLE: dict[str, Callable] = {}


def readable_changes(label: str) -> Callable:
    def register(rule: Callable) -> Callable:
        _READABLE[label] = rule
        return rule

    return register


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

    def _changes(self, model, since, system_ids) -> list[dict]:
        history = model.history.model.objects.filter(
            _recorded_in(model, system_ids), history_date__gt=since
        )
        rule = _READABLE.get(model._meta.label)
        if rule is not None:
            live = model._base_manager.all()
            last = model.history.model.objects.filter(id=OuterRef("id")).order_by("-history_id")
            deleted = model.history.model.objects.exclude(id__in=live.values("pk")).filter(
                history_id=Subquery(last.values("history_id")[:1])
            )
            history = history.filter(
                Q(id__in=rule(self.request.user, live).values("pk"))
                | Q(id__in=rule(self.request.user, deleted).values("id"))
            )
        label = model._meta.label_lower
        return [
            {"model": label, "id": pk, "kind": KINDS[kind], "at": at}
            for pk, kind, at in history.order_by("history_date").values_list(
                "id", "history_type", "history_date"
            )[: LIMIT + 1]
        ]


# A historical row names its parent by id only. Following the path through the live tables (as
# ``memberships__committee__system``) loses every row whose parent has since been deleted: the
# deletions a cascade records for the children of a deleted committee or agreement, and all
# their earlier changes. So a row's system is found from its own parent column, then through
# the parent as it is now or, once deleted, as its own history recorded it.


def _recorded_in(model, system_ids) -> Q:
    """Which of the model's historical rows belong to one of the systems."""
    if is_tenant(model):
        return Q(id__in=system_ids)
    if is_shared_across_systems(model):
        # Shared reference data: seen where it is (or, once deleted, was) linked in.
        manager = model._default_manager
        link = apps.get_model(manager.link_model)
        return _ids_in(link, system_ids, "id", column=f"{manager.link_field}_id")
    first, _, rest = system_path(model).partition("__")
    if not rest:
        return Q(**{f"{first}_id__in": system_ids})
    parent = model._meta.get_field(first).related_model
    return _ids_in(parent, system_ids, f"{first}_id")


def _ids_in(model, system_ids, lookup: str, column: str = "pk") -> Q:
    """``lookup`` names one of the model's rows (its ``column``) that is in one of the systems
    now, or that has been deleted and was recorded in one of them."""
    live = model._base_manager.all()
    now_in = Q(
        **{f"{lookup}__in": live.filter(**{f"{system_path(model)}__in": system_ids}).values(column)}
    )
    if not hasattr(model, "history"):
        return now_in
    history_column = "id" if column == "pk" else column
    recorded = model.history.model.objects.filter(_recorded_in(model, system_ids))
    deleted = Q(**{f"{lookup}__in": recorded.values(history_column)}) & ~Q(
        **{f"{lookup}__in": live.values(column)}
    )
    return now_in | deleted
