"""A person's personal data pages: the subject access file, the erasure, the privacy notice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core import authz
from core.forms import add_service_error
from core.pages import require, system_view
from core.retention import kinds
from partners import privacy, querysets
from partners.forms_privacy import ErasureForm, SubjectAccessForm
from partners.models import PersonalDataRequest


def _person(request, system, pk: int):
    person = authz.get_visible_or_404(request.user, querysets.people_for_system(system), pk=pk)
    require(authz.can_answer_personal_data_request(request.user, system))
    return person


def _context(request, system, person, **extra) -> dict:
    every = authz.answers_for_every_system(request.user)
    requests = PersonalDataRequest.objects.filter(person=person).select_related("made_by")
    return {
        "person": person,
        "every_system": every,
        "linked": privacy.linked_people(person, every_system=every),
        "requests": requests[:20],
        **extra,
    }


@system_view
def person_data(request, system, pk: int):
    """What is held about the person, and their subject access file (POST: the ZIP)."""
    person = _person(request, system, pk)
    every = authz.answers_for_every_system(request.user)
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data, _ = privacy.subject_access_file(
                actor=request.user,
                person=person,
                every_system=every,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            response = HttpResponse(data, content_type="application/zip")
            name = f"personal-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    context = _context(request, system, person, form=form)
    return render(request, "partners/person_data.html", context)


@system_view
def person_erase(request, system, pk: int):
    """The confirmation before a person's identity is replaced by a pseudonym."""
    person = _person(request, system, pk)
    every = authz.answers_for_every_system(request.user)
    form = ErasureForm(request.POST or None)
    refusal = privacy.erasure_refusal(person, actor=request.user, every_system=every)
    if request.method == "POST" and form.is_valid():
        try:
            done = privacy.person_erase(
                actor=request.user,
                person=person,
                reason=form.cleaned_data["reason"],
                every_system=every,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Their identity is erased: they are now {done.pseudonym}.")
            return redirect("partners:person-data", slug=system.slug, pk=person.pk)
    context = _context(request, system, person, form=form, refusal=refusal)
    return render(request, "partners/person_erase.html", context)


def privacy_notice(request):
    """What the product holds about people and why, for how long, and how to ask about it."""
    return render(request, "privacy_notice.html", {"kinds": kinds()})
