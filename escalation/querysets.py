"""Reads for escalation: each screen's queryset with its prefetches."""

from django.db import models

from escalation.models import EscalationCase, Risk
from escalation.rules import ACTIVE


def open_cases(queryset: models.QuerySet[EscalationCase]) -> models.QuerySet[EscalationCase]:
    return queryset.filter(status__in=ACTIVE).select_related(
        "route", "current_step", "milestone", "commitment", "risk", "organisation"
    )


def risks_for_list(queryset: models.QuerySet[Risk]) -> models.QuerySet[Risk]:
    return queryset.select_related("owner", "owner_organisation").prefetch_related(
        "workstream_links__workstream"
    )
