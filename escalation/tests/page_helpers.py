"""Constants and helpers shared by the escalation page tests."""

from datetime import date

from escalation.models import EscalationCase

EXPLANATION = "Written explanation covering reasons, mitigations and a revised timetable"
TODAY = date.today()


def action_url(system, case, action: str) -> str:
    return f"/s/{system.slug}/escalations/{case.pk}/{action}/"


RESPONSE = {
    "respond-reasons": "Capacity in the finance team",
    "respond-mitigations": "Interim support from the CSU",
    "respond-revised_timetable": "Plan by the end of next month",
    "respond-responded_on": TODAY.isoformat(),
}


def reload(case: EscalationCase) -> EscalationCase:
    return EscalationCase.objects.get(pk=case.pk)
