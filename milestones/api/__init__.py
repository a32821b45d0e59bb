"""The milestones endpoints of the read-only API: plans, gateways, workstreams, milestones (with
their derived RAG and slippage) and monthly progress updates."""

from milestones.api.views import (
    GatewayViewSet,
    MilestoneViewSet,
    PlanViewSet,
    ProgressUpdateViewSet,
    WorkstreamViewSet,
)

ROUTES = [
    ("plans", PlanViewSet),
    ("gateways", GatewayViewSet),
    ("workstreams", WorkstreamViewSet),
    ("milestones", MilestoneViewSet),
    ("progress-updates", ProgressUpdateViewSet),
]
