"""Risks and escalation cases, found by their words (registered with ``core.search``)."""

from django.db.models import TextField
from django.db.models.functions import Coalesce

from core.search import Kind, record_page, register

register(
    Kind(
        slug="risk",
        label="Risk",
        model="escalation.Risk",
        fields=("title", "reference", "description", "mitigations"),
        title="title",
        link=record_page("escalation:risk-detail"),
    )
)
register(
    Kind(
        slug="case",
        label="Escalation case",
        model="escalation.EscalationCase",
        # What the case is about (its milestone, commitment or risk, else its own words) first.
        fields=("subject_text", "milestone__title", "risk__title", "commitment__text", "reason"),
        # As EscalationCase.subject_label names it.
        title=Coalesce(
            "milestone__title",
            "commitment__text",
            "risk__title",
            "subject_text",
            output_field=TextField(),
        ),
        link=record_page("escalation:case-detail"),
    )
)
