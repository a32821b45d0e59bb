"""Viewsets for the milestones endpoints (their docstrings are the OpenAPI descriptions)."""

from datetime import date

from django.db.models.functions import Coalesce

from core.api.base import ScopedReadOnlyViewSet
from core.api.fields import list_example
from milestones.api.filters import (
    GatewayFilterSet,
    MilestoneFilterSet,
    PlanFilterSet,
    ProgressUpdateFilterSet,
    WorkstreamFilterSet,
)
from milestones.api.rows import milestone_rows, milestone_values
from milestones.api.serializers import (
    GatewaySerializer,
    MilestoneSerializer,
    PlanSerializer,
    ProgressUpdateSerializer,
    WorkstreamSerializer,
)
from milestones.models import Gateway, Milestone, Plan, ProgressUpdate, Workstream
from milestones.querysets import milestones_for_list


@list_example(
    "A plan",
    {
        "id": 1,
        "system": 1,
        "title": "STP delivery plan 2019/20",
        "starts_on": "2019-04-01",
        "ends_on": "2020-03-31",
        "amber_tolerance_days": 30,
    },
)
class PlanViewSet(ScopedReadOnlyViewSet):
    """Each system's implementation plans, with the tolerance its milestones' RAG uses (a
    forecast up to that many days after the baseline is amber; beyond it, red)."""

    model = Plan
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["title", "starts_on"]


@list_example(
    "A gateway",
    {
        "id": 3,
        "plan": 1,
        "number": 1,
        "name": "Case for change agreed",
        "from_date": "2019-06-01",
        "objectives": "Partners sign the case for change.",
    },
)
class GatewayViewSet(ScopedReadOnlyViewSet):
    """The numbered gateways of a plan that milestones are grouped under."""

    model = Gateway
    serializer_class = GatewaySerializer
    filterset_class = GatewayFilterSet
    ordering_fields = ["number"]


@list_example(
    "A workstream",
    {
        "id": 7,
        "plan": 1,
        "code": "A",
        "name": "Primary care at scale",
        "sro": {"name": "Sam Example", "title": "Chief Executive"},
        "sro_role": "Accountable officer",
        "lead_organisation": 4,
        "objective_kind": "quality",
        "objective": "Primary care networks covering the whole population.",
        "target": "100% coverage",
        "target_date": "2019-07-01",
        "status_note": "",
    },
)
class WorkstreamViewSet(ScopedReadOnlyViewSet):
    """A plan's workstreams: who leads each (senior responsible owner and organisation) and the
    objective it is measured against."""

    model = Workstream
    serializer_class = WorkstreamSerializer
    filterset_class = WorkstreamFilterSet
    select = ("sro",)
    ordering_fields = ["code", "name"]


@list_example(
    "A milestone running late",
    {
        "id": 42,
        "workstream": 7,
        "title": "Primary care network plans agreed",
        "commitment": None,
        "responsible_organisation": 4,
        "responsible_person": 9,
        "baseline_on": "2019-07-01",
        "first_baseline_on": "2019-06-01",
        "forecast_on": "2019-07-20",
        "completed_on": None,
        "is_key": True,
        "gateway": 3,
        "depends_on": [40],
        "rag": "amber",
        "slippage_days": 49,
        "baselines": [
            {"baseline_on": "2019-06-01", "set_at": "2019-04-02T10:00:00Z", "reason": "First"},
            {"baseline_on": "2019-07-01", "set_at": "2019-05-20T09:30:00Z", "reason": "Delay"},
        ],
    },
)
class MilestoneViewSet(ScopedReadOnlyViewSet):
    """Milestones with their RAG status today (derived from the baseline, forecast and completion
    dates and the plan's amber tolerance: never typed in), slippage from the first baseline in
    days, and every baseline they have had. `ordering=forecast_on` sorts by the forecast, or the
    baseline where there is none."""

    model = Milestone
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["baseline_on", "forecast_on"]
    ordering_aliases = {"forecast_on": "due_sort"}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            # milestones_for_list: the plan (for RAG) and the baselines (for slippage). The
            # list reads plain values instead (milestones.api.rows).
            queryset = milestones_for_list(queryset).prefetch_related("dependencies")
        if "forecast_on" in self.request.query_params.get("ordering", ""):
            # Only what ?ordering=forecast_on sorts (and its cursor reads) by.
            queryset = queryset.annotate(due_sort=Coalesce("forecast_on", "baseline_on"))
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": date.today()}

    def list(self, request, *args, **kwargs):
        # Plain values instead of the model serializer (see milestones.api.rows); the detail and
        # the schema keep MilestoneSerializer, whose rows these equal. Every list request
        # takes this path, filtered and sorted or not.
        queryset = milestone_values(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(milestone_rows(page, date.today()))


@list_example(
    "A month's update",
    {
        "id": 100,
        "milestone": 42,
        "month": "2019-06-01",
        "narrative": "Two of five networks have submitted plans.",
        "forecast_on": "2019-07-20",
        "completed_on": None,
        "rag": "amber",
        "reported_at": "2019-06-28T16:05:00Z",
    },
)
class ProgressUpdateViewSet(ScopedReadOnlyViewSet):
    """Monthly updates on milestones, each with the forecast and the RAG status as they stood
    when it was reported (not recomputed)."""

    model = ProgressUpdate
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    ordering_fields = ["month", "reported_at"]
