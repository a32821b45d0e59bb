"""What the governance create and edit pages share: who may use them, the choices their forms
offer, and the pages that change one record of a meeting, committee or agreement."""

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from core import authz
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.record_pages import ChangePage, posted, save
from core.scoping import system_path
from governance.exports import with_status
from governance.models import Agreement, Committee, Meeting
from partners.models import Organisation, Person, System

__all__ = ["change_view", "partners", "people", "posted", "require_office", "save"]

# Where a record is shown: the page a change returns to, and what its form page names.
_SHOWN_ON = {
    Meeting: ("meeting", "governance:meeting-detail"),
    Committee: ("committee", "governance:committee-detail"),
    Agreement: ("agreement", "governance:agreement-detail"),
}


def require_office(request: HttpRequest, system: System) -> None:
    """Governance records are kept by the programme office; every other role may only read
    them (403, since they can see the page the form belongs to)."""
    require(authz.can_administer(request.user, system))


def people(request: HttpRequest, system: System) -> models.QuerySet[Person]:
    # Person's label names its organisation, so fetch it with the person.
    return authz.scoped(request.user, Person).filter(system=system).select_related("organisation")


def partners(request: HttpRequest, system: System) -> models.QuerySet[Organisation]:
    """The system's partner organisations (organisations are shared between systems)."""
    return authz.scoped(request.user, Organisation).filter(partnerships__system=system)


def get_record(request, system, model: type[models.Model], pk: int, *related: str):
    """The record in this system the user may see (404 for another system's), with the
    records its page names."""
    queryset = (
        authz.scoped(request.user, model)
        .filter(**{system_path(model): system})
        .select_related(*related)
    )
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def shown_on(record: models.Model, where: str) -> models.Model:
    """The meeting, committee or agreement a record is shown on (``where`` is the attribute
    that holds it; empty for the record itself)."""
    return getattr(record, where) if where else record


def record_page(request, system, form, record, *, place, **page):
    """The form page of a change: the record as it stands, the form and the record's history,
    under the meeting, committee or agreement it belongs to."""
    name, _ = _SHOWN_ON[type(place)]
    if isinstance(record, Agreement):
        # Its status as at the page's reporting date, as the agreement's own page gives it.
        with_status(record, request.as_at)
    context = {
        "form": form,
        "record": record,
        "kind": type(record).__name__.lower() if record is not None else "",
        "history": history_rows(record) if record is not None else [],
        name: place,
        **page,
    }
    if isinstance(place, Meeting):
        context["committee"] = place.committee
    return render(request, "governance/record_change.html", context)


def change_view(
    model: type[models.Model],
    change: ChangePage,
    *,
    where: str = "",
    related: tuple[str, ...] = (),
    form_kwargs: Callable[[HttpRequest, System], Mapping[str, Any]] | None = None,
    initial: Callable[[models.Model], Mapping[str, Any]] | None = None,
):
    """A programme office page that makes ``change`` to one ``model`` record of the system."""

    def view(request, system, pk: int):
        record = get_record(request, system, model, pk, *related)
        require_office(request, system)
        if download := history_download(request, record, lambda: history_rows(record, None)):
            return download
        place = shown_on(record, where)
        _, detail = _SHOWN_ON[type(place)]
        return change.run(
            request,
            record,
            back=lambda saved: reverse(detail, args=[system.slug, place.pk]),
            render_page=lambda form, record, **page: record_page(
                request, system, form, record, place=place, history_downloads=True, **page
            ),
            form_kwargs=form_kwargs(request, system) if form_kwargs else None,
            initial=initial(record) if initial else None,
        )

    return system_view(view if change.correct else submitted_once(view))
