from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect, render

from core import authz
from core.exports import export_response, requested_format
from core.forms import add_service_error, constraint_moves
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.params import get_text, parse_choice, parse_page
from core.stale import EditGuard
from partners import querysets, services
from partners.exports import ORGANISATIONS, PEOPLE
from partners.forms import ORGANISATION_FIELDS, PartnerAddForm, PartnerEditForm, PersonForm
from partners.models import Organisation, Partnership

# Django reports the conditional unique constraint on ODS codes as a general error; the code is
# what to correct, so it is shown next to that field.
ORGANISATION_ERRORS = constraint_moves(
    Organisation, fields={"organisation_ods_code_unique": "ods_code"}
)
SHARED_ORGANISATION_HINT = "Shared with other systems: only platform operators change it."


@system_view
def organisation_list(request, system):
    """The system's partner organisations, with their role and scope in it."""
    partnerships = querysets.partnerships_for_system(system)
    kind = parse_choice(request, "kind", Organisation.Kind.choices)
    if kind:
        partnerships = partnerships.filter(organisation__kind=kind)
    file_format = requested_format(request)
    if file_format:
        in_words = [("Kind", dict(Organisation.Kind.choices)[kind])] if kind else []
        return export_response(
            request, ORGANISATIONS, partnerships, file_format=file_format, filters=in_words
        )
    page = Paginator(partnerships, 25).get_page(parse_page(request))
    kinds = querysets.kinds_in_system(system)
    return render(
        request, "partners/organisation_list.html", {"page": page, "kinds": kinds, "kind": kind}
    )


def _get_partnership(request, system, pk: int) -> Partnership:
    """The organisation ``pk`` as a partner in this system (404 if it is not one)."""
    return authz.get_visible_or_404(
        request.user, querysets.partnerships_for_system(system), organisation_id=pk
    )


@system_view
def organisation_detail(request, system, pk: int):
    partnership = _get_partnership(request, system, pk)
    organisation = partnership.organisation
    if download := history_download(
        request, organisation, lambda: _organisation_history(organisation, partnership, None)
    ):
        return download
    people = querysets.people_for_system(system).filter(organisation=organisation)
    context = {
        "partnership": partnership,
        "organisation": organisation,
        "people": people,
        "history": _organisation_history(organisation, partnership),
        "history_downloads": True,
    }
    return render(request, "partners/organisation_detail.html", context)


def _organisation_history(organisation, partnership, limit: int | None = 50):
    """The organisation's own changes and its role and scope here, newest first."""
    return sorted(
        [*history_rows(organisation, limit), *history_rows(partnership, limit)],
        key=lambda row: row.when,
        reverse=True,
    )


def _recorded_elsewhere(request, system) -> QuerySet[Organisation]:
    """Organisations the user can see (partners in their systems) not yet partners in this one."""
    return (
        authz.scoped(request.user, Organisation)
        .exclude(pk__in=Partnership.objects.filter(system=system).values("organisation_id"))
        .order_by("name")
    )


@system_view
@submitted_once
def organisation_create(request, system):
    require(authz.can_administer(request.user, system))
    form = PartnerAddForm(request.POST or None, organisations=_recorded_elsewhere(request, system))
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partner_add(
                actor=request.user, system=system, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error, ORGANISATION_ERRORS)
        else:
            messages.success(request, f"{partnership.organisation} is now a partner.")
            return redirect(
                "partners:organisation-detail", slug=system.slug, pk=partnership.organisation_id
            )
    return render(request, "partners/organisation_form.html", {"form": form})


@system_view
def organisation_edit(request, system, pk: int):
    partnership = _get_partnership(request, system, pk)
    require(authz.can_administer(request.user, system))
    organisation = partnership.organisation
    initial = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "ods_code": organisation.ods_code,
        "kind": organisation.kind,
        "statutory": organisation.statutory,
        "role": partnership.role,
        "scope_note": partnership.scope_note,
    }
    guard = EditGuard(request, organisation, partnership)
    form = guard.attach(PartnerEditForm(request.POST or None, initial=initial))
    if not authz.can_change_organisation(request.user, organisation):
        # Shared with other systems: its record is shown, and only its role here is editable.
        for name in ORGANISATION_FIELDS:
            form.fields[name].disabled = True
            form.fields[
                name
            ].help_text = "Shared with other systems: only platform operators change it."
    if request.method == "POST" and form.is_valid():
        try:
            guard.write(
                lambda: services.partner_update(
                    actor=request.user, partnership=partnership, **form.cleaned_data
                )
            )
        except ValidationError as error:
            add_service_error(form, error, ORGANISATION_ERRORS)
            # The service may have changed the instances before refusing: show the stored ones.
            partnership = _get_partnership(request, system, pk)
        else:
            messages.success(request, f"{organisation} updated.")
            return redirect("partners:organisation-detail", slug=system.slug, pk=pk)
    context = {"form": form, "partnership": partnership, "organisation": partnership.organisation}
    return render(request, "partners/organisation_form.html", context)


@system_view
def person_list(request, system):
    people = querysets.people_for_system(system)
    query = get_text(request, "q")
    if query:
        people = querysets.search_people(people, query)
    file_format = requested_format(request)
    if file_format:
        in_words = [("Search", query)] if query else []
        return export_response(request, PEOPLE, people, file_format=file_format, filters=in_words)
    page = Paginator(people, 25).get_page(parse_page(request))
    return render(request, "partners/person_list.html", {"page": page, "q": query})


@system_view
@submitted_once
def person_create(request, system):
    require(authz.can_administer(request.user, system))
    form = PersonForm(request.POST or None, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{person} added.")
            return redirect("partners:person-list", slug=system.slug)
    return render(request, "partners/person_form.html", {"form": form})


@system_view
def person_edit(request, system, pk: int):
    person = authz.get_visible_or_404(request.user, querysets.people_for_system(system), pk=pk)
    require(authz.can_administer(request.user, system))
    if download := history_download(request, person, lambda: history_rows(person, None)):
        return download
    initial = {
        "name": person.name,
        "title": person.title,
        "organisation": person.organisation_id,
        "email": person.email,
        "user": person.user_id,
    }
    guard = EditGuard(request, person)
    form = guard.attach(PersonForm(request.POST or None, system=system, initial=initial))
    if request.method == "POST" and form.is_valid():
        try:
            guard.write(
                lambda: services.person_update(
                    actor=request.user, person=person, **form.cleaned_data
                )
            )
        except ValidationError as error:
            add_service_error(form, error)
            person = authz.get_visible_or_404(
                request.user, querysets.people_for_system(system), pk=pk
            )
        else:
            messages.success(request, f"{person} updated.")
            return redirect("partners:person-list", slug=system.slug)
    context = {"form": form, "person": person, "history": history_rows(person)}
    context["history_downloads"] = True
    return render(request, "partners/person_form.html", context)
