"""Reads for partners: each screen's queryset with the prefetches it needs."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from core.audit import display_name
from core.models import SecurityEvent
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


def security_events(system: System, filters: dict) -> models.QuerySet[SecurityEvent]:
    """The system's security events, newest first, with who acted and whom it was about, as
    ``SecurityEventFilterForm.filters`` choose: a kind, a person (either), from and to a day."""
    events = SecurityEvent.objects.filter(systems=system)
    if kind := filters.get("kind"):
        events = events.filter(kind=kind)
    if person := filters.get("person"):
        events = events.filter(Q(user_id=person) | Q(subject_id=person))
    if start := filters.get("from_date"):
        events = events.filter(occurred_at__gte=_midnight(start))
    if end := filters.get("to_date"):
        events = events.filter(occurred_at__lt=_midnight(end + timedelta(days=1)))
    return events.select_related("user", "subject").order_by("-occurred_at", "-pk")


def _midnight(day) -> datetime:
    """The day's first moment in the site's time zone (a day is the day as the office lives it)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def security_event_people(system: System) -> list[tuple[int, str]]:
    """Everyone the system's events name (who acted, or whom it was about), for the filter."""
    events = SecurityEvent.objects.filter(systems=system)
    people = get_user_model().objects.filter(
        Q(pk__in=events.values("user_id")) | Q(pk__in=events.values("subject_id"))
    )
    rows = people.order_by("last_name", "first_name", "username")
    return [
        (user.pk, display_name(user)) for user in rows.only("first_name", "last_name", "username")
    ]
