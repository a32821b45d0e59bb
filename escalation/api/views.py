"""Viewsets for the escalation endpoints (their docstrings are the OpenAPI descriptions)."""

from core.api.base import ScopedReadOnlyViewSet
from core.api.children import ChildRows, ChildRowsMixin
from core.api.fields import list_example
from escalation.api.filters import EscalationCaseFilterSet, EscalationRouteFilterSet, RiskFilterSet
from escalation.api.serializers import (
    SUBJECT_COLUMNS,
    CaseEventSerializer,
    EscalationCaseSerializer,
    EscalationRouteSerializer,
    EscalationStepSerializer,
    RiskSerializer,
)
from escalation.models import (
    CaseEvent,
    EscalationCase,
    EscalationRoute,
    EscalationStep,
    Risk,
    RiskMilestone,
    RiskWorkstream,
)
from escalation.querysets import with_ranks

# What the cases' serializer reads of the rows it joins: the step's order and periods, and
# what names the subject (each model's __str__).
JOINED = (
    "current_step__order",
    "current_step__response_due_days",
    "current_step__step_up_after_days",
    "current_step__step_up_after_months",
    *SUBJECT_COLUMNS,
)


@list_example(
    "A route with two steps",
    {
        "id": 2,
        "system": 1,
        "name": "Trust actions",
        "agreement": 5,
        "clause": "Schedule 2, escalation table",
        "covers": {
            "organisation": 4,
            "organisation_kind": "",
            "workstream": None,
            "commitment": None,
        },
        "steps": [
            {
                "order": 1,
                "escalate_to_committee": None,
                "escalate_to_organisation": 6,
                "escalate_to_role": "Director of commissioning",
                "response_required": "A written explanation: reasons, mitigations, timetable.",
                "response_due_days": 14,
                "step_up_after_days": 30,
                "step_up_after_months": None,
                "step_up_period": "30 days",
            },
            {
                "order": 2,
                "escalate_to_committee": 3,
                "escalate_to_organisation": None,
                "escalate_to_role": "",
                "response_required": "",
                "response_due_days": None,
                "step_up_after_days": None,
                "step_up_after_months": 1,
                "step_up_period": "more than 1 month",
            },
        ],
        "withdrawn_on": None,
        "withdrawal_reason": "",
    },
)
class EscalationRouteViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """How non-delivery is escalated, as the system's agreements set out: the items a route
    covers and its ordered steps (whom each escalates to, the response it requires, and the days
    allowed for a response and before stepping up). A withdrawn route is kept, with the date
    and the reason it was withdrawn; no new case is raised on it."""

    model = EscalationRoute
    serializer_class = EscalationRouteSerializer
    filterset_class = EscalationRouteFilterSet
    ordering_fields = ["name"]

    def child_rows(self):
        # Read after the page (core.api.children) as rows of what the steps' serializer reads:
        # ids only, so nothing is joined. Built per request: the scoped manager.
        steps = EscalationStep.objects.order_by("order")
        return (ChildRows("step_rows", steps, "route_id", EscalationStepSerializer),)


@list_example(
    "A case awaiting a response",
    {
        "id": 11,
        "route": 2,
        "current_step": 1,
        "step_since": "2019-08-01",
        "subject_kind": "milestone",
        "milestone": 42,
        "commitment": None,
        "risk": None,
        "subject": "Primary care network plans agreed",
        "organisation": 4,
        "raised_on": "2019-08-01",
        "reason": "Forecast has slipped beyond tolerance.",
        "status": "awaiting_response",
        "response": {
            "reasons": "",
            "mitigations": "",
            "revised_timetable": "",
            "responded_on": None,
        },
        "flagged_for_chair": True,
        "response_due_on": "2019-08-15",
        "step_up_due_on": "2019-08-31",
        "events": [
            {
                "action": "raise",
                "from_status": "",
                "to_status": "awaiting_response",
                "step_order": 1,
                "at": "2019-08-01T09:00:00Z",
                "who": "Alice Example",
                "note": "Forecast has slipped beyond tolerance.",
            }
        ],
    },
)
class EscalationCaseViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Escalation cases: what is escalated and why, the step of its route it has reached and
    since when, the response given (reasons, mitigations, revised timetable), when a response is
    due and when the case may be stepped up, and every event in its life with who and when."""

    model = EscalationCase
    serializer_class = EscalationCaseSerializer
    filterset_class = EscalationCaseFilterSet
    # What the serializer reads: the step (its order and due days) and the subject (its
    # label); the route and the organisation are written as ids, so they are not joined.
    select = ("current_step", "milestone", "commitment", "risk")
    ordering_fields = ["raised_on", "step_since"]

    def get_queryset(self):
        own = [field.name for field in EscalationCase._meta.concrete_fields]
        return super().get_queryset().only(*own, *JOINED)

    def child_rows(self):
        # Read after the page (core.api.children), in each case's order, as rows of what the
        # events' serializer reads (who: the user's name). Built per request: scoped manager.
        events = CaseEvent.objects.order_by("at", "pk")
        return (ChildRows("event_rows", events, "case_id", CaseEventSerializer),)


@list_example(
    "A risk",
    {
        "id": 8,
        "system": 1,
        "reference": "R004",
        "title": "Workforce supply",
        "description": "Too few GPs to staff extended access.",
        "category": "workforce",
        "owner": 9,
        "owner_organisation": 4,
        "grade": "",
        "likelihood": 4,
        "impact": 4,
        "score": 16,
        "rating": "extreme",
        "band": "extreme",
        "rating_label": "Extreme (16)",
        "mitigations": "International recruitment scheme.",
        "status": "open",
        "review_on": "2019-09-30",
        "workstreams": [7],
        "milestones": [42],
    },
)
class RiskViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """The risk register: each risk as its register rates it, either H / M / L (``grade``) or by
    likelihood and impact (1 to 5) with its score (likelihood x impact) and rating (the NHS 5x5
    bands: 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme), never both and neither converted
    into the other; and the workstreams and milestones it threatens. ``?ordering=-band`` ranks
    risks across registers by band, H beside the high scores, M beside moderate, L beside low,
    then by score within a band (escalation.rules). Unrated risks have null score, rating and
    band."""

    model = Risk
    serializer_class = RiskSerializer
    filterset_class = RiskFilterSet
    ordering_fields = ["reference", "title", "band"]
    ordering_aliases = {"band": "rank_sort"}

    def get_queryset(self):
        queryset = super().get_queryset()
        if "band" in self.request.query_params.get("ordering", ""):
            queryset = with_ranks(queryset)  # only what ?ordering=band sorts by
        return queryset

    def child_rows(self):
        # The ids the risk links, as rows (core.api.children): no link instance for each.
        # Built per request: scoped managers.
        return (
            ChildRows(
                "workstream_link_rows",
                RiskWorkstream.objects.order_by("pk"),
                "risk_id",
                extra=("workstream_id",),
            ),
            ChildRows(
                "milestone_link_rows",
                RiskMilestone.objects.order_by("pk"),
                "risk_id",
                extra=("milestone_id",),
            ),
        )
