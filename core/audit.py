"""The one way tracked models are written, so django-simple-history always records the actor.

The history middleware only knows the user during a request; services are also called from
management commands and Celery tasks, so the actor is passed explicitly and set on the instance.
"""

from django.contrib.auth import get_user_model
from django.db import models

SYSTEM_ACTOR_USERNAME = "system"


def save_tracked(instance: models.Model, *, actor, reason: str = "") -> models.Model:
    """Validate and save ``instance``, recording ``actor`` (and ``reason``) in its history."""
    instance.full_clean()
    instance._history_user = actor
    if reason:
        instance._change_reason = history_reason(instance, reason)
    instance.save()
    return instance


def delete_tracked(instance: models.Model, *, actor, reason: str = "") -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = history_reason(instance, reason)
    instance.delete()


def history_reason(instance: models.Model, reason: str) -> str:
    """``reason`` as the history's column holds it: stripped and cut to its length, with an
    ellipsis (a record keeps a long reason whole in its own field, e.g. a withdrawal's)."""
    reason = reason.strip()
    limit = instance.history.model._meta.get_field("history_change_reason").max_length
    if limit is None or len(reason) <= limit:
        return reason
    return reason[: limit - 1].rstrip() + "\u2026"


def update_tracked(instance: models.Model, *, actor, reason: str = "", **changes) -> bool:
    """Apply ``changes`` and save only if something differs; returns whether it did.

    A name that is no field of the model is refused before anything is set: ``setattr`` would
    take it silently and the change would be lost (the services' allow-lists say which fields
    each may change; this says what any write may name)."""
    unknown = set(changes).difference(_field_names(type(instance)))
    if unknown:
        raise TypeError(
            f"{type(instance).__name__} has no field {', '.join(sorted(unknown))} to change"
        )
    changed = False
    for field, value in changes.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if changed:
        save_tracked(instance, actor=actor, reason=reason)
    return changed


def _field_names(model: type[models.Model]) -> frozenset[str]:
    """The names a write may set: each concrete field's name and, for a relation, its id."""
    fields = model._meta.concrete_fields
    return frozenset(f.name for f in fields) | frozenset(f.attname for f in fields)


def display_name(user) -> str:
    """How a person is named in history, reports and the API: their full name, else username."""
    return user.get_full_name() or user.username


def system_actor():
    """The account that automated changes (demo loading, scheduled tasks) are recorded against."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_ACTOR_USERNAME,
        defaults={"first_name": "Automated", "last_name": "process", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
