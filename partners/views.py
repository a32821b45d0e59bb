from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from partners import authz, querysets, services
from partners.forms import PersonForm
from partners.history import history_rows
from partners.pages import require, system_view


@system_view
def organisation_list(request, system):
    """The system's partner organisations, with their role and scope in it."""
    partnerships = querysets.partnerships_for_system(system)
    kind = request.GET.get("kind", "")
    if kind:
        partnerships = partnerships.filter(organisation__kind=kind)
    page = Paginator(partnerships, 25).get_page(request.GET.get("page"))
    kinds = querysets.kinds_in_system(system)
    return render(
        request, "partners/organisation_list.html", {"page": page, "kinds": kinds, "kind": kind}
    )


@system_view
def organisation_detail(request, system, pk: int):
    partnership = authz.get_visible_or_404(
        request.user, querysets.partnerships_for_system(system), organisation_id=pk
    )
    organisation = partnership.organisation
    people = querysets.people_for_system(system).filter(organisation=organisation)
    context = {
        "partnership": partnership,
        "organisation": organisation,
        "people": people,
        "history": history_rows(organisation),
    }
    return render(request, "partners/organisation_detail.html", context)


@system_view
def person_list(request, system):
    people = querysets.people_for_system(system)
    query = request.GET.get("q", "").strip()
    if query:
        people = querysets.search_people(people, query)
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    return render(request, "partners/person_list.html", {"page": page, "q": query})


@system_view
def person_create(request, system):
    require(authz.can_administer(request.user, system))
    form = PersonForm(request.POST or None, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{person} added.")
            return redirect("partners:person-list", slug=system.slug)
    return render(request, "partners/person_form.html", {"form": form})
