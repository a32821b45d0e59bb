"""A page that changes one record through one service, written once for every app.

Two kinds: a correction (the form opens at the record's values, the stale-edit guard refuses a
change made over someone else's, the reason is optional) and a one-way change such as cancel,
withdraw, stand down or end (a reason is required and the form is submitted once). Either way
a service's ValidationError goes next to the field it concerns and nothing is saved; on success
the person is told what happened and taken back to where the record is shown.

An app declares each page as a ``ChangePage`` and draws its own page around the form
(``render_page``): which records it names, its breadcrumbs and the record's history.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.stale import EditGuard

T = TypeVar("T")


def posted(request: HttpRequest):
    """The form data when the request is a POST, else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def save(request: HttpRequest, form: forms.Form, write: Callable[[dict], T]) -> T | None:
    """On a valid POST, call ``write`` with the cleaned data and return what it saved. A
    service's ValidationError goes next to the fields it concerns and nothing is saved (the
    services are atomic); None tells the view to show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return None


def change_and_return(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict], object],
    *,
    done: str,
    back: str,
    again: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """A form posted from a record's own page (withdraw it, with the reason): make the change,
    say so and go ``back``; or draw the page ``again`` with the form's errors."""
    if save(request, form, lambda data: write(data) or True):
        messages.success(request, done)
        return redirect(back)
    return again(form)


def current_values(instance: models.Model, form_class: type[forms.Form]) -> dict:
    """The instance's current values for each field of a correction form but its reason."""
    return {name: getattr(instance, name) for name in form_class.base_fields if name != "reason"}


@dataclass(frozen=True)
class ChangePage:
    """One page's change to a record.

    ``service`` is called as ``service(actor=user, <argument>=record, **cleaned_data)`` and
    returns the saved record; ``done`` is the message shown after, formatted with it
    (``"Decision withdrawn: {record.title}."``). ``correct`` makes it a correction."""

    form: type[forms.Form]
    service: Callable[..., models.Model]
    argument: str
    done: str
    heading: str
    submit: str
    intro: str = ""
    correct: bool = False
    page: Mapping[str, Any] = field(default_factory=dict)  # more for the page's template

    def run(
        self,
        request: HttpRequest,
        record: models.Model,
        *,
        back: Callable[[models.Model], str],
        render_page: Callable[..., HttpResponse],
        form_kwargs: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> HttpResponse:
        """Show the form, or make the change and go ``back(saved)`` (a URL)."""
        kwargs = dict(form_kwargs or {})
        guard = None
        if self.correct:
            guard = EditGuard(request, record)
            kwargs["initial"] = {**current_values(record, self.form), **(initial or {})}
        form = self.form(posted(request), **kwargs)
        if guard is not None:
            form = guard.attach(form)

        def write(data: dict):
            def change():
                return self.service(actor=request.user, **{self.argument: record}, **data)

            return guard.write(change) if guard is not None else change()

        saved = save(request, form, write)
        if saved is not None:
            messages.success(request, self.done.format(record=saved))
            return redirect(back(saved))
        if guard is not None and record.pk is not None:
            record.refresh_from_db()  # the page shows the saved values if the change is refused
        return render_page(
            form,
            record,
            heading=self.heading,
            intro=self.intro,
            submit=self.submit,
            **self.page,
        )
