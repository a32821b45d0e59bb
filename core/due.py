"""What is due, computed once.

Each domain app says which of its deadlines fall to whom, in a ``due.py`` module that registers
one function per kind with ``@register``; the platform finds those modules when it starts
(``autodiscover_modules("due")``). Every reader asks here: the "My tasks" page, the dashboard's
count, the reminder e-mails and the calendar feed, so a deadline is worked out in one place and
they never disagree.

A kind's function takes the date to judge by and the systems to look in (``None``: every system,
for the daily check) and returns ``Due`` items, each naming the users it is for. It reads through
the scoped managers inside whatever scope the caller opened; ``due_as_at`` opens one. A kind
declares whose it can be (``roles``: the roles whose holders it names, or None when it names
people by their records, as an action's owner), so that one person's list skips the kinds that
cannot be theirs; naming holders of a role it did not declare is an error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core import authz
from core.roles import Role
from core.scoping import scope, unscoped

# How far ahead a deadline counts as "due soon".
SOON = timedelta(days=14)


class State(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE = "due", "Due today"
    SOON = "soon", "Due soon"


@dataclass(frozen=True)
class Due:
    """One thing someone must do by a date."""

    kind: str
    system_id: int
    # The thing's stable identity, "<app_label>.<model>:<pk>": with the kind, the user and the
    # due date it is the key that makes a reminder go out once.
    key: str
    title: str
    due_on: date
    url: str
    user_ids: frozenset[int] = field(default_factory=frozenset)

    def state(self, as_at: date) -> State:
        if self.due_on < as_at:
            return State.OVERDUE
        if self.due_on == as_at:
            return State.DUE
        return State.SOON


def thing_key(record: models.Model) -> str:
    """A record's identity as a ``Due`` names it: "<app_label>.<model>:<pk>"."""
    return f"{record._meta.label_lower}:{record.pk}"


Finder = Callable[[date, "frozenset[int] | None"], Iterable[Due]]


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    # Essential reminders (a response the escalation route requires) cannot be switched off.
    essential: bool
    find: Finder
    # The roles whose holders it names; None: it names people by their records.
    roles: frozenset[str] | None


_KINDS: dict[str, Kind] = {}


def register(
    slug: str, label: str, *, roles: Iterable[str] | None, essential: bool = False
) -> Callable[[Finder], Finder]:
    """Register ``find(as_at, system_ids)`` as the one way to compute the kind ``slug``, whose
    items are for holders of ``roles`` (None: for people its records name)."""

    def decorate(find: Finder) -> Finder:
        if slug in _KINDS and _KINDS[slug].find is not find:
            raise ValueError(f"The kind of deadline {slug!r} is registered twice.")
        declared = None if roles is None else frozenset(roles)
        _KINDS[slug] = Kind(slug=slug, label=label, essential=essential, find=find, roles=declared)
        return find

    return decorate


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def kind(slug: str) -> Kind:
    return _KINDS[slug]


def horizon(as_at: date) -> date:
    """The last date that counts as due soon, as at ``as_at``."""
    return as_at + SOON


# Within one ``due_as_at``, every kind's ``Holders`` share one read of the role holders.
_holder_rows: ContextVar[list | None] = ContextVar("due_holder_rows", default=None)
# The kind being computed, whose declared roles its ``Holders`` may name.
_computing: ContextVar[Kind | None] = ContextVar("due_computing", default=None)


class Holders:
    """Who holds the given roles in the systems a kind looks in, read once (one query, shared
    by every kind in a ``due_as_at``) so a kind names its people without a query per row."""

    def __init__(self, system_ids: frozenset[int] | None, *roles: str):
        computing = _computing.get()
        if computing is not None and not set(roles) <= (computing.roles or set()):
            raise ImproperlyConfigured(
                f"The kind of deadline {computing.slug!r} names holders of {sorted(roles)} "
                f"but declares roles={sorted(computing.roles or ())}."
            )
        self._by_role: dict[tuple[int, str], set[int]] = {}
        self._leads: dict[tuple[int, int], set[int]] = {}
        rows = _holder_rows.get()
        if rows is None:
            rows = authz.role_holders(system_ids, roles)
        for system_id, role, organisation_id, user_id in rows:
            if role not in roles:
                continue
            self._by_role.setdefault((system_id, role), set()).add(user_id)
            # Only a partner lead's access names an organisation (partners.Access's constraint).
            if organisation_id is not None:
                self._leads.setdefault((system_id, organisation_id), set()).add(user_id)

    def of(self, system_id: int, role: str) -> frozenset[int]:
        return frozenset(self._by_role.get((system_id, role), ()))

    def office(self, system_id: int) -> frozenset[int]:
        return self.of(system_id, Role.PROGRAMME_OFFICE)

    def leads(self, system_id: int, organisation_id: int | None) -> frozenset[int]:
        """The partner leads of an organisation in a system (none for no organisation)."""
        if organisation_id is None:
            return frozenset()
        return frozenset(self._leads.get((system_id, organisation_id), ()))

    def leads_else_office(self, system_id: int, organisation_id: int | None) -> frozenset[int]:
        """The organisation's partner leads; the programme office when it has none with access
        (or none is named), so nothing due goes unasked."""
        return self.leads(system_id, organisation_id) or self.office(system_id)


def due_as_at(
    as_at: date, *, system_ids: Iterable[int] | None = None, only: Iterable[str] | None = None
) -> list[Due]:
    """Everything due, due soon or overdue as at ``as_at``, soonest first: in the given systems,
    or in every system when ``system_ids`` is None (the daily check, never a user's page)."""
    ids = None if system_ids is None else frozenset(system_ids)
    wanted = [_KINDS[slug] for slug in only] if only is not None else list(_KINDS.values())
    found: list[Due] = []
    with unscoped() if ids is None else scope(ids):
        token = _holder_rows.set(authz.role_holders(ids, Role.values))
        try:
            for each in wanted:
                computing = _computing.set(each)
                try:
                    found.extend(each.find(as_at, ids))
                finally:
                    _computing.reset(computing)
        finally:
            _holder_rows.reset(token)
    return sorted(found, key=lambda due: (due.due_on, due.kind, due.key))


def due_for(user, as_at: date, system_ids: Iterable[int]) -> list[Due]:
    """What is ``user``'s to do, in the systems they may see: the kinds that can be theirs (by
    their roles in those systems, or naming people by record) computed, the rest skipped."""
    system_ids = list(system_ids)
    held = authz.roles_in(user, system_ids)
    theirs = [each.slug for each in _KINDS.values() if each.roles is None or each.roles & held]
    found = due_as_at(as_at, system_ids=system_ids, only=theirs)
    return [due for due in found if user.pk in due.user_ids]


def due_for_each(user, dates: Mapping[int, date]) -> list[tuple[Due, date]]:
    """What is ``user``'s to do when each system is judged as at its own date (``dates``: system
    id -> date, e.g. each system's reporting date), with the date each item was judged by,
    soonest first: one read per distinct date, not per system."""
    by_date: dict[date, list[int]] = defaultdict(list)
    for system_id, as_at in dates.items():
        by_date[as_at].append(system_id)
    found = [
        (item, as_at)
        for as_at, system_ids in sorted(by_date.items())
        for item in due_for(user, as_at, system_ids)
    ]
    return sorted(found, key=lambda pair: (pair[0].due_on, pair[0].kind, pair[0].key))
