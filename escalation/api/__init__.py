"""The escalation endpoints of the read-only API: escalation routes and their steps, escalation
cases with their response and event log, and the risk register."""

from escalation.api.views import EscalationCaseViewSet, EscalationRouteViewSet, RiskViewSet

ROUTES = [
    ("escalation-routes", EscalationRouteViewSet),
    ("escalation-cases", EscalationCaseViewSet),
    ("risks", RiskViewSet),
]
