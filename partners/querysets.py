"""Reads for partners: each screen's queryset with the prefetches it needs."""

from django.db import models
from django.db.models import Count, Q

from core.ordering import page_ordering
from partners.models import Organisation, Partnership, Person, System


def systems_for_home(queryset: models.QuerySet[System]) -> models.QuerySet[System]:
    return queryset.annotate(partner_count=Count("partnerships"))


def partnerships_for_system(system: System) -> models.QuerySet[Partnership]:
    return (
        Partnership.objects.filter(system=system)
        .select_related("organisation")
        .order_by(*page_ordering("organisation__name", model=Partnership))
    )


def people_for_system(system: System) -> models.QuerySet[Person]:
    return (
        Person.objects.filter(system=system)
        .select_related("organisation")
        .order_by(*page_ordering("name", "title", model=Person))
    )


def kinds_in_system(system: System) -> list[tuple[str, str]]:
    """The organisation kinds present in the system, for the filter."""
    present = set(
        Partnership.objects.filter(system=system).values_list("organisation__kind", flat=True)
    )
    return [(value, label) for value, label in Organisation.Kind.choices if value in present]


def search_people(queryset: models.QuerySet[Person], query: str) -> models.QuerySet[Person]:
    return queryset.filter(
        Q(name__icontains=query)
        | Q(title__icontains=query)
        | Q(organisation__name__icontains=query)
    )
