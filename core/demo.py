"""What every app's demo loader shares: the context the loaders fill in, and an idempotent
"ensure" that creates a row through its service or brings it up to date with history."""

from dataclasses import dataclass, field
from datetime import date

from django.db import models

from core.audit import update_tracked


@dataclass
class DemoContext:
    """What the loaders share: the actor and, per system, the objects behind the files' keys."""

    actor: object
    organisations: dict[str, models.Model] = field(default_factory=dict)
    systems: dict[str, models.Model] = field(default_factory=dict)
    people: dict[tuple[str, str], models.Model] = field(default_factory=dict)
    objects: dict[tuple, models.Model] = field(default_factory=dict)


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def ensure(queryset: models.QuerySet, lookup: dict, *, actor, create, **values):
    """The row matching ``lookup``, brought up to ``values``; if missing, made by the service
    ``create(actor=..., **lookup, **values)``."""
    instance = queryset.filter(**lookup).first()
    if instance is None:
        return create(actor=actor, **lookup, **values)
    update_tracked(instance, actor=actor, **values)
    return instance
