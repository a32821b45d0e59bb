"""Reads for partners: each screen's queryset with the prefetches it needs."""

from django.db import models
from django.db.models import Count

from partners.models import Partnership, Person, System


def systems_for_home(queryset: models.QuerySet[System]) -> models.QuerySet[System]:
    return queryset.annotate(partner_count=Count("partnerships"))


def partnerships_for_system(system: System) -> models.QuerySet[Partnership]:
    return (
        Partnership.objects.filter(system=system)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def people_for_system(system: System) -> models.QuerySet[Person]:
    return Person.objects.filter(system=system).select_related("organisation")
