"""The register of interests: every person's declared interests, filtered by person, kind and
review due as at the page's date; the programme office adds, corrects, reviews and withdraws
them (kept, labelled, with the reason and history)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from core import authz
from core.exports import export_response, requested_format
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import system_view
from core.params import parse_choice, parse_id, parse_page
from core.record_pages import ChangePage
from governance import querysets, services_interests
from governance.exports import INTERESTS
from governance.forms import ReasonForm
from governance.forms_interests import InterestEditForm, InterestForm, InterestReviewForm
from governance.models import Interest
from governance.rules import interest_review_due
from governance.views.editing import people, posted, require_office, save

WITHDRAWN = "withdrawn"


def _interests(request, system):
    return authz.scoped(request.user, Interest).filter(person__system=system)


@system_view
def interest_list(request, system):
    as_at = request.as_at
    interests = querysets.register_of_interests(_interests(request, system)).order_by(
        "person__name", "person__title", "-declared_on", "pk"
    )
    person = parse_id(request, "person")
    if person is not None:
        interests = interests.filter(person_id=person)
    kind = parse_choice(request, "kind", Interest.Kind.values)
    if kind:
        interests = interests.filter(kind=kind)
    due = parse_choice(request, "due", ["yes"]) == "yes"
    if due:
        interests = querysets.interests_review_due(interests, as_at)

    def row(interest):
        due_now = interest_review_due(
            interest.declared_on, interest.reviewed_on, interest.withdrawn_on, as_at
        )
        return interest, due_now

    file_format = requested_format(request)
    if file_format:
        chosen = people(request, system).filter(pk=person).first() if person is not None else None
        in_words = [
            ("Person", str(chosen or "")),
            ("Kind", dict(Interest.Kind.choices).get(kind, "")),
            ("Review due only", "Yes" if due else ""),
        ]
        return export_response(
            request,
            INTERESTS,
            interests,
            file_format=file_format,
            filters=[(label, value) for label, value in in_words if value],
            row=row,
        )
    page = Paginator(interests, 25).get_page(parse_page(request))
    rows = [row(i) for i in page]
    context = {
        "rows": rows,
        "page": page,
        "as_at": as_at,
        "people": people(request, system).filter(interests__isnull=False).distinct(),
        "person": "" if person is None else str(person),
        "kinds": Interest.Kind.choices,
        "kind": kind,
        "due": due,
        "filtered": person is not None or kind or due,
    }
    return render(request, "governance/interest_list.html", context)


def _to_register(system, interest=None) -> str:
    url = reverse("governance:interest-list", args=[system.slug])
    return f"{url}?person={interest.person_id}" if interest is not None else url


@system_view
@submitted_once
def interest_create(request, system):
    require_office(request, system)
    form = InterestForm(posted(request), people=people(request, system))
    interest = save(
        request,
        form,
        lambda data: services_interests.interest_create(actor=request.user, system=system, **data),
    )
    if interest is not None:
        messages.success(request, f"Interest added to the register: {interest}.")
        return redirect(_to_register(system, interest))
    return render(request, "governance/interest_form.html", {"form": form})


def _change_view(change: ChangePage):
    def view(request, system, pk: int):
        interest = authz.get_visible_or_404(
            request.user,
            querysets.register_of_interests(_interests(request, system)),
            pk=pk,
        )
        require_office(request, system)
        if download := history_download(request, interest, lambda: history_rows(interest, None)):
            return download

        def render_page(form, record, **page):
            history = history_rows(record)
            context = {"form": form, "record": record, "history": history, **page}
            context["history_downloads"] = True
            return render(request, "governance/interest_change.html", context)

        return change.run(
            request,
            interest,
            back=lambda saved: _to_register(system, saved),
            render_page=render_page,
        )

    return system_view(view if change.correct else submitted_once(view))


interest_edit = _change_view(
    ChangePage(
        InterestEditForm,
        services_interests.interest_update,
        argument="interest",
        done="Interest corrected: {record}.",
        heading="Correct an interest",
        submit="Save changes",
        correct=True,
    )
)

interest_review = _change_view(
    ChangePage(
        InterestReviewForm,
        services_interests.interest_review,
        argument="interest",
        done="Review recorded: {record}.",
        heading="Record a review",
        intro="The person has confirmed the interest is still as registered. Interests are "
        "reviewed at least once a year.",
        submit="Record review",
    )
)

interest_withdraw = _change_view(
    ChangePage(
        ReasonForm,
        services_interests.interest_withdraw,
        argument="interest",
        done="Interest withdrawn: {record}. It is kept on the register, labelled.",
        heading="Withdraw an interest",
        intro="For an interest registered in error, or no longer held. It is kept, labelled "
        "withdrawn, with the reason.",
        submit="Withdraw interest",
    )
)
