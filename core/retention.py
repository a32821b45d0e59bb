"""How long each kind of personal data is kept, declared once per kind.

Each app says what it holds about people, and for how long by default, in a
``personal_data.py`` module that registers one function per kind with ``@retention``; the
platform finds those modules when it starts (``autodiscover_modules("personal_data")``). The
nightly task and ``manage.py apply_retention`` run every kind; the privacy notice lists them.
Adding a kind (say, a new log of security events) is one decorated function in its app.

A kind's function takes the moment before which its records are past retention and whether to
change anything (``apply``), and returns how many records it found past retention (and, when
applying, changed): so a dry run says what the real run will do, and a second run finds none.

The periods are the product's defaults, chosen for the product and shown as such on the privacy
notice: a deploying organisation sets its own in ``RETENTION_DAYS`` (settings), from its records
management policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core.scoping import unscoped

Apply = Callable[[datetime, bool], int]


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    # What happens when a record is past its period, in the privacy notice's words.
    action: str
    default_days: int
    run: Apply

    @property
    def days(self) -> int:
        return configured_days().get(self.slug, self.default_days)


_KINDS: dict[str, Kind] = {}


def retention(slug: str, label: str, *, days: int, action: str) -> Callable[[Apply], Apply]:
    """Register ``run(before, apply)`` as the kind ``slug``, kept ``days`` days by default."""

    def register(run: Apply) -> Apply:
        if slug in _KINDS and _KINDS[slug].run is not run:
            raise ImproperlyConfigured(f"Two retention kinds are called {slug!r}")
        _KINDS[slug] = Kind(slug, label, action, days, run)
        return run

    return register


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def configured_days() -> dict[str, int]:
    """The deployment's periods (``RETENTION_DAYS``); a kind no app declares is refused."""
    configured = getattr(settings, "RETENTION_DAYS", {}) or {}
    unknown = sorted(set(configured).difference(_KINDS))
    if unknown and _KINDS:
        raise ImproperlyConfigured(
            f"RETENTION_DAYS names no kind of record: {', '.join(unknown)} "
            f"(the kinds are {', '.join(sorted(_KINDS))})"
        )
    return configured


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    before: datetime
    count: int


def apply_retention(*, now: datetime, apply: bool) -> list[Outcome]:
    """Every kind, each in its own transaction: what is past its period, and (``apply``) the
    change made to it. Idempotent: what a run changed is no longer past retention."""
    configured_days()
    outcomes = []
    for kind in kinds():
        before = now - timedelta(days=kind.days)
        with unscoped(), transaction.atomic():
            outcomes.append(Outcome(kind, before, kind.run(before, apply)))
    return outcomes
