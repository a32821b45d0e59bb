from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse

from core import as_recorded, authz
from core.exports import export_response, requested_format
from core.forms import add_service_error, constraint_moves
from core.history import history_download, history_rows
from core.once import submitted_once
from core.ordering import page_ordering
from core.pages import require, system_view
from core.params import get_text, parse_choice, parse_page
from core.stale import EditGuard
from partners import querysets, services
from partners.exports import ORGANISATIONS, PEOPLE
from partners.forms import ORGANISATION_FIELDS, PartnerAddForm, PartnerEditForm, PersonForm
from partners.models import Organisation, Partnership, Person

# Django reports the conditional unique constraint on ODS codes as a general error; the code is
# what to correct, so it is shown next to that field.
ORGANISATION_ERRORS = constraint_moves(
    Organisation, fields={"organisation_ods_code_unique": "ods_code"}
)
SHARED_ORGANISATION_HINT = "Shared with other systems: only platform operators change it."


@system_view
@as_recorded.recordable
def organisation_list(request, system):
    """The system's partner organisations, with their role and scope in it; as recorded on a
    past date (``?recorded_on=``, core.as_recorded), the organisations, roles and scopes as
    they then stood."""
    day = request.recorded_on
    partnerships = querysets.partnerships_for_system(system)
    if day is not None:
        partnerships = (
            as_recorded.as_recorded(partnerships, day)
            .select_related("organisation")
            .order_by(*page_ordering("organisation__name", model=Partnership))
        )
    kind = parse_choice(request, "kind", Organisation.Kind.choices)
    if kind:
        partnerships = partnerships.filter(organisation__kind=kind)
    file_format = requested_format(request)
    if file_format:
        in_words = [("Kind", dict(Organisation.Kind.choices)[kind])] if kind else []
        if day is not None:
            partnerships = _partners_as_recorded(partnerships, day)
        return export_response(
            request, ORGANISATIONS, partnerships, file_format=file_format, filters=in_words
        )
    page = Paginator(partnerships, 25).get_page(parse_page(request))
    if day is not None:
        page.object_list = _partners_as_recorded(page.object_list, day)
    kinds = querysets.kinds_in_system(system)
    return render(
        request, "partners/organisation_list.html", {"page": page, "kinds": kinds, "kind": kind}
    )


def _partners_as_recorded(rows, day) -> list[Partnership]:
    """History rows as partnerships, each with its organisation as recorded that day."""
    partnerships = as_recorded.instances(rows)
    as_recorded.attach_recorded(partnerships, "organisation", day)
    return partnerships


def _get_partnership(request, system, pk: int) -> Partnership:
    """The organisation ``pk`` as a partner in this system (404 if it is not one)."""
    return authz.get_visible_or_404(
        request.user, querysets.partnerships_for_system(system), organisation_id=pk
    )


@system_view
@as_recorded.recordable
def organisation_detail(request, system, pk: int):
    """A partner organisation; as recorded on a past date (``?recorded_on=``,
    core.as_recorded), its details, role and scope here and its people as they then stood, and
    its history to that day, read-only."""
    partnership = _get_partnership(request, system, pk)
    organisation = partnership.organisation
    people = querysets.people_for_system(system).filter(organisation=organisation)
    day = request.recorded_on
    history = as_recorded.record_history(
        request,
        organisation,
        rows=lambda limit: _organisation_history(organisation, partnership, limit),
    )
    if day is not None:
        then = as_recorded.version_of(
            querysets.partnerships_for_system(system), partnership.pk, day
        )
        if then is None:
            back = reverse("partners:organisation-detail", args=[system.slug, pk])
            return as_recorded.not_yet_recorded(request, organisation, back=back)
        as_recorded.attach_recorded([then], "organisation", day)
        partnership, organisation = then, then.organisation
        people = as_recorded.instances(
            as_recorded.as_recorded(querysets.people_for_system(system), day)
            .filter(organisation_id=pk)
            .select_related("organisation")
        )
    elif download := history_download(
        request, organisation, lambda: _organisation_history(organisation, partnership, None)
    ):
        return download
    context = {
        "partnership": partnership,
        "organisation": organisation,
        "people": people,
        **history,
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
@as_recorded.recordable
def person_list(request, system):
    """The system's people; as recorded on a past date (``?recorded_on=``, core.as_recorded),
    the people (name, post, organisation) as they then stood, searched the same way."""
    day = request.recorded_on
    people = querysets.people_for_system(system)
    if day is not None:
        people = (
            as_recorded.as_recorded(people, day)
            .select_related("organisation")
            .order_by(*page_ordering("name", "title", model=Person))
        )
    query = get_text(request, "q")
    if query:
        people = querysets.search_people(people, query)
    file_format = requested_format(request)
    if file_format:
        in_words = [("Search", query)] if query else []
        return export_response(
            request,
            PEOPLE,
            people,
            file_format=file_format,
            filters=in_words,
            row=as_recorded.instance_of,
        )
    page = Paginator(people, 25).get_page(parse_page(request))
    page.object_list = as_recorded.instances(page.object_list)
    context = {
        "page": page,
        "q": query,
        # As recorded no page offers a change, but the office may read a person as recorded.
        "may_open": authz.can_administer(request.user, system),
    }
    return render(request, "partners/person_list.html", context)


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
@as_recorded.recordable
def person_edit(request, system, pk: int):
    """Change a person's details; as recorded on a past date (``?recorded_on=``,
    core.as_recorded), the person as then recorded and their history to that day, read-only."""
    person = authz.get_visible_or_404(request.user, querysets.people_for_system(system), pk=pk)
    require(authz.can_administer(request.user, system))
    day = request.recorded_on
    if day is not None:
        then = as_recorded.version_of(querysets.people_for_system(system), pk, day, "organisation")
        if then is None:
            back = reverse("partners:person-edit", args=[system.slug, pk])
            return as_recorded.not_yet_recorded(request, person, back=back)
        context = {"person": then, **as_recorded.record_history(request, person)}
        return render(request, "partners/person_recorded.html", context)
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
    context = {"form": form, "person": person, **as_recorded.record_history(request, person)}
    return render(request, "partners/person_form.html", context)
