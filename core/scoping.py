"""Fail-closed tenant scoping, in the manner of django-scopes.

Every model that belongs to a System uses ``SystemScopedManager`` as its default manager. Reading
through it raises ``ScopeError`` unless the code runs inside ``scope(...)`` (the request middleware
opens one with the systems the signed-in user may see) or inside ``unscoped()`` (management
commands, Celery tasks, migrations). A view or endpoint that forgets to filter by system therefore
fails loudly in the test suite instead of returning every system's rows.

Saving an instance goes through ``Model._base_manager`` and is not affected; services that validate
uniqueness read through the scoped manager, so they too run inside a scope.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models
from django.db.models import F

from core.lookups import AnyOf

_ALL = object()
# None: no scope opened (reads raise); _ALL: deliberately unscoped; frozenset: visible system ids.
_active: ContextVar[object] = ContextVar("system_scope", default=None)


class ScopeError(RuntimeError):
    """A query on system-owned data ran outside any scope."""


def _system_id(system) -> int:
    return system if isinstance(system, int) else system.pk


@contextmanager
def scope(systems: Iterable) -> Iterator[None]:
    """Limit every scoped query in this block to the given systems (instances or ids)."""
    token = _active.set(frozenset(_system_id(s) for s in systems))
    try:
        yield
    finally:
        _active.reset(token)


def activate(systems: Iterable):
    """Open a scope without a ``with`` block (for frameworks with separate start and end hooks);
    returns the token that ``deactivate`` takes."""
    return _active.set(frozenset(_system_id(s) for s in systems))


def deactivate(token) -> None:
    _active.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Deliberately see every system: for commands, tasks and migrations, never for a user."""
    token = _active.set(_ALL)
    try:
        yield
    finally:
        _active.reset(token)


def active_system_ids() -> frozenset[int] | None:
    """The ids the current scope allows, or None when unscoped; raises when no scope is open."""
    state = _active.get()
    if state is None:
        raise ScopeError("No system scope is active: wrap the code in scope(...) or unscoped().")
    return None if state is _ALL else state


def system_path(model: type[models.Model]) -> str:
    """The lookup from a system-owned model to its System: the model's ``system_path``
    attribute, or its ``system`` field."""
    return getattr(model, "system_path", "system")


class SystemScopedManager(models.Manager):
    """Default manager for system-owned models.

    The path to the system is read from the model (not kept on the manager) because Django builds
    related managers by subclassing and re-instantiating the default manager's class.
    """

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        system_ids = active_system_ids()
        if system_ids is None or self._follows_parent():
            return queryset
        # One array of the ids (core.lookups.AnyOf), not an IN of each (prepared one by one).
        return queryset.filter(AnyOf(F(system_path(self.model)), list(system_ids)))

    def _follows_parent(self) -> bool:
        """A related manager whose foreign key is the first step of the model's path to its
        system (e.g. ``milestone.baselines``) can only hold rows of its parent's system, and the
        parent was itself read through a scope: filtering again would only cost time (prefetching
        builds one such queryset per parent row)."""
        instance = getattr(self, "instance", None)
        field = getattr(self, "field", None)
        return (
            instance is not None
            and field is not None
            and field.model is self.model
            and system_path(self.model).split("__", 1)[0] == field.name
        )


class SharedAcrossSystemsManager(models.Manager):
    """Default manager for reference data several systems share (an organisation): it belongs to
    a system where a row of ``link_model`` (system-owned, with a foreign key ``link_field`` to
    it) ties it in. Subclasses name the two."""

    link_model: str  # "app_label.Model"
    link_field: str

    def links(self) -> models.QuerySet:
        return apps.get_model(self.link_model)._base_manager.all()

    def in_systems(self, system_ids: Iterable[int]) -> models.QuerySet:
        linked = self.links().filter(system_id__in=system_ids)
        return self.filter(pk__in=linked.values(f"{self.link_field}_id"))

    def system_ids_of(self, instance: models.Model) -> set[int]:
        links = self.links().filter(**{self.link_field: instance})
        return set(links.values_list("system_id", flat=True))

    def is_link_model(self, model: type[models.Model]) -> bool:
        return model._meta.label == self.link_model


def is_shared_across_systems(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, SharedAcrossSystemsManager)
