from escalation.models.cases import CaseEvent, EscalationCase
from escalation.models.risks import Risk, RiskMilestone, RiskWorkstream
from escalation.models.routes import EscalationRoute, EscalationStep

__all__ = [
    "CaseEvent",
    "EscalationCase",
    "EscalationRoute",
    "EscalationStep",
    "Risk",
    "RiskMilestone",
    "RiskWorkstream",
]
