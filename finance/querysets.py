"""Reads for finance: each screen's queryset with its joins."""

from django.db import models

from finance.models import ControlTotal, EfficiencyPlan, StatedTotal


def control_totals_for(system, year) -> models.QuerySet[ControlTotal]:
    return ControlTotal.objects.filter(system=system, year=year).select_related("organisation")


def efficiency_plans_for(system, year) -> models.QuerySet[EfficiencyPlan]:
    return EfficiencyPlan.objects.filter(system=system, year=year).select_related("organisation")


def stated_totals_for(system, year) -> models.QuerySet[StatedTotal]:
    return StatedTotal.objects.filter(system=system, year=year)
