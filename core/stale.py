"""Edits made on a stale form are refused, not silently written over someone else's.

An edit form carries the version of the record it was opened at (``opened_version``, rendered
by ``includes/form_guard.html``): the latest django-simple-history id of each record the form
edits. ``EditGuard.write`` locks the records (``select_for_update``), reads their versions in
the same transaction as the service's write, and refuses the edit when a field the form shows
has changed since: a form error at the top names who changed it and when, with their values,
and the form is re-armed at the new version so saving again replaces them knowingly.

A POST without ``opened_version`` (a script, a test posting fields directly) is served as
before, unchecked; a malformed one is refused with a request to reload the page.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import formats, timezone

FIELD = "opened_version"
_VERSION = re.compile(r"\d{1,18}(\.\d{1,18})*")  # ids as the database holds them
T = TypeVar("T")


def latest_history_id(instance: models.Model) -> int:
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def version_of(*instances: models.Model) -> str:
    """The records' version: their latest history ids, in order."""
    return ".".join(str(latest_history_id(instance)) for instance in instances)


def _person(user) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def changed_by(record) -> str:
    """Who made a history record, and when: "changed by Ann Acute on 5 December 2026 at 09:12"."""
    when = formats.date_format(timezone.localtime(record.history_date), "j F Y \\a\\t H:i")
    return f"changed by {_person(record.history_user)} on {when}"


def _shown(instance: models.Model, field: models.Field) -> str:
    """A field's value as the form's reader would recognise it."""
    if field.choices:
        value = getattr(instance, f"get_{field.name}_display")()
    else:
        value = getattr(instance, field.name)
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return str(value)


class StaleEdit(ValidationError):
    """The form was opened at an older version of the record: a ValidationError, so a view
    that shows a service's errors on its form shows this one too."""


class EditGuard:
    """The optimistic lock of one edit form over one or more records (e.g. an organisation and
    its partnership, edited together)."""

    def __init__(self, request: HttpRequest, *instances: models.Model):
        self.instances = instances
        self.opened: str | None = version_of(*instances)
        self.malformed = False
        if request.method == "POST":
            posted = request.POST.get(FIELD)
            if posted is None:
                self.opened = None  # not a form we rendered: unchecked, as before
            elif _VERSION.fullmatch(posted) and posted.count(".") == len(instances) - 1:
                self.opened = posted
            else:
                self.malformed = True
        self.form: forms.BaseForm | None = None

    def attach(self, form: forms.BaseForm) -> forms.BaseForm:
        """Give the form the version to carry (read by includes/form_guard.html)."""
        self.form = form
        form.opened_version = self.opened or version_of(*self.instances)
        return form

    def write(self, save: Callable[[], T]) -> T:
        """Run ``save`` (the service) if the records are as the form found them, all in one
        transaction holding their rows; else raise the ValidationError that explains why."""
        with transaction.atomic():
            for instance in self.instances:
                rows = type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
                list(rows.values_list("pk", flat=True))
                # The service saves these instances: give it the rows as they are now.
                instance.refresh_from_db()
            self.check()
            return save()

    def check(self) -> None:
        if self.malformed:
            raise StaleEdit(
                "This form could not be checked against the saved record. Reload the page "
                "and make your changes again."
            )
        if self.opened is None:
            return
        now = version_of(*self.instances)
        if now == self.opened:
            return
        opened_ids = [int(part) for part in self.opened.split(".")]
        changed, latest = [], None
        for instance, opened_id in zip(self.instances, opened_ids, strict=True):
            records = instance.history.filter(history_id__gt=opened_id).order_by("-history_id")
            newest = records.select_related("history_user").first()
            if newest is None:
                continue
            if latest is None or newest.history_date > latest.history_date:
                latest = newest
            changed += self._changed_fields(instance, opened_id, newest)
        self._rearm(now)
        if latest is None or not changed:
            return  # only details this form does not show changed: nothing of theirs is lost
        values = "; ".join(f"{label}: {value}" for label, value in changed)
        raise StaleEdit(
            f"This record was {changed_by(latest)} since you opened it. Their values: {values}. "
            "Your changes are below and were not saved: check them and save again to replace "
            "theirs."
        )

    def _changed_fields(self, instance, opened_id: int, newest) -> list[tuple[str, str]]:
        shown = set(self.form.fields) if self.form is not None else None
        opened = instance.history.filter(history_id=opened_id).first()
        copied = getattr(instance, "copied_fields", ())  # no one's change (core.history)
        if opened is None:
            names = [
                f.name
                for f in instance._meta.concrete_fields
                if not f.primary_key and f.name not in copied
            ]
        else:
            delta = newest.diff_against(opened, excluded_fields=copied)
            names = [change.field for change in delta.changes]
        changed = []
        for name in names:
            if shown is not None and name not in shown:
                continue
            field = instance._meta.get_field(name)
            label = self.form.fields[name].label if self.form is not None else None
            label = str(label or field.verbose_name)
            changed.append((label[:1].upper() + label[1:], _shown(instance, field)))
        return changed

    def _rearm(self, now: str) -> None:
        self.opened = now
        if self.form is not None:
            self.form.opened_version = now
