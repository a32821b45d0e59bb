"""Reads for milestones: each screen's queryset with its prefetches."""

from django.db import models

from milestones.models import Milestone


def milestones_for_list(queryset: models.QuerySet[Milestone]) -> models.QuerySet[Milestone]:
    """What RAG and slippage read, so a list costs a fixed number of queries."""
    return queryset.select_related(
        "workstream__plan", "responsible_organisation", "responsible_person"
    ).prefetch_related("baselines")
