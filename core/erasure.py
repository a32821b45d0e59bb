"""A person's identity replaced by a stable pseudonym, wherever text holds it, history included.

The governance record stays as it was: the person's records (memberships, attendance,
declarations, actions) keep their rows, their organisation and their post, so every count and
quorum is unchanged; only what names them changes. ``pseudonym`` is derived from a keyed hash
(``PSEUDONYM_KEY``) of the person's record, so the same person always gets the same one and it
cannot be turned back into them without the key.

``sweep`` rewrites every text, e-mail and JSON column of the project's tables and their
django-simple-history tables where a term (the name, the e-mail address, the username) stands
as a whole word, without writing new history: it rewrites history itself. The tables of the
people's records are the caller's, never swept (a namesake's name there is another person's).
An erasure in one system (``Erasure.system_ids``) rewrites that system's records only: another
system's text, and what systems share, may name someone else.
The apps' own steps (an outbox to stop, a PDF to render again) register with ``@after_erase``
in their ``personal_data.py`` and run after the sweep, told which rows it changed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Cast

from core.scoping import is_shared_across_systems, system_path
from core.tenancy import is_tenant

# The sign-in records' app, beside the project's own (those found below BASE_DIR): a new app
# of the project is swept without being named here.
OTHER_SWEPT_APPS = ("axes",)
# A term shorter than this is too likely to be part of other words to replace safely.
SHORTEST_TERM = 3


def pseudonym(key: str) -> str:
    """ "Person 7F3A9C": the same for the same ``key`` (e.g. "partners.person:12"), and not
    traceable back to it without ``PSEUDONYM_KEY``."""
    digest = hmac.new(settings.PSEUDONYM_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()
    return f"Person {digest[:6].upper()}"


@dataclass
class Erasure:
    """What one erasure replaces, and (once swept) which rows changed, by model label."""

    pseudonym: str
    terms: tuple[str, ...]
    skip: frozenset[str]
    user_id: int | None = None  # their account, if they have one
    person_ids: frozenset[int] = frozenset()  # their records in the people register
    # The systems whose records are rewritten (None: every system's). Records shared by
    # systems are then left as they are; those of no system (sign-ins, sessions) are swept.
    system_ids: frozenset[int] | None = None
    actor: object = None
    reason: str = ""
    changed: dict[str, set] = field(default_factory=dict)

    def pattern(self) -> re.Pattern | None:
        wanted = sorted({t.strip() for t in self.terms if len(t.strip()) >= SHORTEST_TERM}, key=len)
        if not wanted:
            return None
        words = "|".join(re.escape(term) for term in reversed(wanted))
        return re.compile(rf"(?<![\w.@-])(?:{words})(?![\w@-]|\.\w)", re.IGNORECASE)


Step = Callable[[Erasure], None]
_STEPS: list[Step] = []


def after_erase(step: Step) -> Step:
    if step not in _STEPS:
        _STEPS.append(step)
    return step


def run_steps(erasure: Erasure) -> None:
    for step in _STEPS:
        step(erasure)


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        and not f.choices
        and not f.primary_key
    ]


def swept_apps() -> set[str]:
    """The labels of the apps whose tables hold text about people."""
    base = Path(settings.BASE_DIR).resolve()
    ours = {a.label for a in apps.get_app_configs() if Path(a.path).resolve().is_relative_to(base)}
    return ours | set(OTHER_SWEPT_APPS)


def swept_models(skip: Iterable[str] = ()) -> list[type[models.Model]]:
    skipped, labels = set(skip), swept_apps()
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels
        and model._meta.label not in skipped
        and getattr(model, "instance_type", model)._meta.label not in skipped
        and _columns(model)
    ]


def _replace(value, pattern: re.Pattern, by: str):
    if isinstance(value, str):
        return pattern.sub(by, value)
    if isinstance(value, list):
        return [_replace(v, pattern, by) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pattern, by) for k, v in value.items()}
    return value


def sweep(erasure: Erasure) -> dict[str, set]:
    """Replace the terms in every swept column; the rows changed, by model label."""
    pattern = erasure.pattern()
    if pattern is None:
        return erasure.changed
    for model in swept_models(erasure.skip):
        for column in _columns(model):
            _sweep_column(model, column, pattern, erasure)
    return erasure.changed


def _in_systems(model, system_ids: frozenset[int]) -> models.Q | None:
    """The rows of ``model`` (a record's or its history's) in ``system_ids``: all of them for a
    model of no system, None (no row) for one shared by systems."""
    record = getattr(model, "instance_type", model)
    if is_tenant(record):
        return models.Q(**{f"{record._meta.pk.attname}__in": system_ids})
    if is_shared_across_systems(record):
        return None
    path = system_path(record)
    try:
        model._meta.get_field(path.split("__")[0])
    except FieldDoesNotExist:
        return models.Q()
    return models.Q(**{f"{path}__in": system_ids})


def _sweep_column(model, column: models.Field, pattern: re.Pattern, erasure: Erasure) -> None:
    manager = model._base_manager
    if erasure.system_ids is not None:
        where = _in_systems(model, erasure.system_ids)
        if where is None:
            return
        manager = manager.filter(where)
    candidates = models.Q()
    for term in erasure.terms:
        if len(term.strip()) >= SHORTEST_TERM:
            candidates |= models.Q(_swept_text__icontains=term.strip())
    rows = (
        manager.annotate(_swept_text=Cast(column.attname, models.TextField()))
        .filter(candidates)
        .values_list("pk", column.attname)
    )
    for pk, value in rows.iterator():
        if isinstance(column, models.EmailField) and pattern.fullmatch(value or ""):
            new = ""  # an address is removed, not replaced by words
        else:
            new = _replace(value, pattern, erasure.pseudonym)
        limit = getattr(column, "max_length", None)
        if isinstance(new, str) and limit and len(new) > limit:
            new = new[: limit - 1] + "\u2026"
        if new != value:
            # Not save(): this rewrites what history holds, and must not add to it.
            manager.filter(pk=pk).update(**{column.attname: new})
            erasure.changed.setdefault(model._meta.label, set()).add(pk)
