"""Declarations of interest on a meeting's items (programme office), and what the meeting page
shows of them: who declared what on each item, whether they took part, and the item's quorum
where it differs from the meeting's.

A declaration on a confidential item is as confidential as the item: every read goes through
``governance.confidential.visible_items``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse

from core import authz
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import system_view
from core.record_pages import ChangePage
from governance import confidential, querysets, services_interests
from governance.forms import ReasonForm
from governance.forms_interests import DeclarationEditForm, DeclarationForm, item_choices
from governance.models import AgendaItem, Declaration, Interest, Meeting
from governance.views.editing import people, posted, require_office, save

SHOW = "show-interests"  # the form's button that offers the chosen person's interests


def visible_declarations(user, system):
    """The system's declarations on the items the user may see."""
    items = confidential.visible_items(
        user, authz.scoped(user, AgendaItem).filter(meeting__committee__system=system)
    )
    return authz.scoped(user, Declaration).filter(item__in=items)


def declarations_context(request, meeting: Meeting) -> dict:
    """The meeting page's "Declarations of interest" section: the visible items with their
    declarations, each with its quorum where it differs from the meeting's."""
    items = confidential.visible_items(request.user, meeting.agenda_items.all()).prefetch_related(
        Prefetch(
            "declarations",
            queryset=Declaration.objects.select_related("person__organisation", "interest"),
        )
    )
    meeting_outcome = querysets.meeting_quorum(meeting, request.as_at)
    rows = []
    for item in items:
        item.meeting = meeting  # its quorum reads the meeting's prefetched attendance and terms
        declarations = list(item.declarations.all())
        if not declarations:
            continue
        outcome = querysets.item_quorum(item, request.as_at)
        rows.append((item, declarations, outcome if outcome != meeting_outcome else None))
    return {"declaration_rows": rows, "has_items": bool(items)}


def _meeting(request, system, pk: int) -> Meeting:
    return authz.get_visible_or_404(
        request.user,
        querysets.meeting_detail(
            authz.scoped(request.user, Meeting).filter(committee__system=system)
        ),
        pk=pk,
    )


def _interests_of(request, person_id) -> list:
    if person_id is None:
        return Interest.objects.none()
    return authz.scoped(request.user, Interest).filter(
        person_id=person_id, withdrawn_on__isnull=True
    )


def _chosen_person(request, form: DeclarationForm):
    """The person chosen on the form so far (their id), to offer only their interests."""
    value = request.POST.get("person", "") if request.method == "POST" else ""
    try:
        return form.fields["person"].clean(value) if value else None
    except ValidationError:  # an id not in the system's people: offer nothing
        return None


@system_view
@submitted_once
def declaration_create(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    require_office(request, system)
    items = item_choices(confidential.visible_items(request.user, meeting.agenda_items.all()))
    choices = {"items": items, "people": people(request, system)}
    probe = DeclarationForm(None, interests=Interest.objects.none(), **choices)
    person = _chosen_person(request, probe)
    interests = _interests_of(request, person.pk if person else None)
    if request.method == "POST" and SHOW in request.POST:
        # Only to offer the chosen person's interests: nothing is checked or saved yet.
        form = DeclarationForm(initial=request.POST.dict(), interests=interests, **choices)
    else:
        form = DeclarationForm(posted(request), interests=interests, **choices)
        declaration = save(
            request,
            form,
            lambda data: services_interests.declaration_record(
                actor=request.user, meeting=meeting, **data
            ),
        )
        if declaration is not None:
            messages.success(request, f"Declaration recorded: {declaration}.")
            return redirect("governance:meeting-detail", slug=system.slug, pk=meeting.pk)
    context = {"form": form, "meeting": meeting, "person": person, "show": SHOW}
    return render(request, "governance/declaration_form.html", context)


def _change_view(change: ChangePage):
    def view(request, system, pk: int):
        declaration = authz.get_visible_or_404(
            request.user,
            visible_declarations(request.user, system).select_related(
                "item__meeting__committee", "person__organisation", "interest"
            ),
            pk=pk,
        )
        require_office(request, system)
        history = history_download(request, declaration, lambda: history_rows(declaration, None))
        if history:
            return history
        meeting = declaration.item.meeting

        def render_page(form, record, **page):
            context = {
                "form": form,
                "record": record,
                "meeting": meeting,
                "history": history_rows(record),
                "history_downloads": True,
                **page,
            }
            return render(request, "governance/declaration_change.html", context)

        return change.run(
            request,
            declaration,
            back=lambda saved: reverse("governance:meeting-detail", args=[system.slug, meeting.pk]),
            render_page=render_page,
            form_kwargs={"interests": _interests_of(request, declaration.person_id)},
        )

    return system_view(view if change.correct else submitted_once(view))


declaration_edit = _change_view(
    ChangePage(
        DeclarationEditForm,
        services_interests.declaration_update,
        argument="declaration",
        done="Declaration corrected: {record}.",
        heading="Correct a declaration",
        submit="Save changes",
        correct=True,
    )
)


class _WithdrawForm(ReasonForm):
    """ReasonForm, taking (and ignoring) the interests the correction form offers."""

    def __init__(self, *args, interests=None, **kwargs):
        super().__init__(*args, **kwargs)


declaration_withdraw = _change_view(
    ChangePage(
        _WithdrawForm,
        services_interests.declaration_withdraw,
        argument="declaration",
        done="Declaration withdrawn: {record}. It is kept, labelled.",
        heading="Withdraw a declaration",
        intro="For a declaration recorded in error. It is kept, labelled withdrawn, with the "
        "reason, and no longer affects the item's quorum.",
        submit="Withdraw declaration",
    )
)
