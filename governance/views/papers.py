"""A meeting's agenda, papers and packs: the programme office adds, corrects and withdraws items
and papers, replaces a paper late with a new version and builds the pack; everyone who may see
the meeting downloads what ``governance.confidential`` lets them see.

Confidential (part B) items, papers and the full pack are found through
``governance.confidential`` before anything else: for anyone else they do not exist (404), on
the forms as in the downloads. Files are served only by ``paper_download`` and
``pack_download``: access checked, bytes checked against their SHA-256, always as an attachment.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import authz
from core.files import StoredFileMismatch, attachment_response, open_checked
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import system_view
from core.record_pages import ChangePage
from governance import confidential, services_packs, services_papers
from governance.forms import ReasonForm
from governance.forms_papers import (
    AgendaItemEditForm,
    AgendaItemForm,
    PaperEditForm,
    PaperForm,
    PaperReplaceForm,
)
from governance.models import AgendaItem, Meeting, Pack, Paper
from governance.views.editing import people, posted, record_page, require_office, save

UNAVAILABLE = (
    "This file cannot be served: it is missing from the storage or is not the one recorded when "
    "it was uploaded. Nothing was sent. The programme office can upload it again."
)
# Never served as these, whatever was recorded: a browser would run them.


def _meeting(request, system, pk: int) -> Meeting:
    return authz.get_visible_or_404(
        request.user,
        authz.scoped(request.user, Meeting)
        .filter(committee__system=system)
        .select_related("committee"),
        pk=pk,
    )


def _item(request, system, pk: int) -> AgendaItem:
    items = authz.scoped(request.user, AgendaItem).filter(meeting__committee__system=system)
    items = confidential.visible_items(request.user, items).select_related(
        "meeting__committee", "presenter"
    )
    return authz.get_visible_or_404(request.user, items, pk=pk)


def _paper(request, system, pk: int) -> Paper:
    papers = authz.scoped(request.user, Paper).filter(item__meeting__committee__system=system)
    papers = confidential.visible_papers(request.user, papers).select_related(
        "item__meeting__committee"
    )
    return authz.get_visible_or_404(request.user, papers, pk=pk)


def _to_meeting(system, meeting_id: int):
    return redirect(reverse("governance:meeting-detail", args=[system.slug, meeting_id]))


def _form_page(request, template: str, **context) -> HttpResponse:
    return render(request, f"governance/{template}", context)


@system_view
@submitted_once
def item_create(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    require_office(request, system)
    numbers = meeting.agenda_items.values_list("number", flat=True)
    form = AgendaItemForm(
        posted(request),
        people=people(request, system),
        initial={"number": max(numbers, default=0) + 1},
    )
    item = save(
        request,
        form,
        lambda data: services_papers.item_create(actor=request.user, meeting=meeting, **data),
    )
    if item is not None:
        messages.success(request, f"Item {item} added to the agenda.")
        return _to_meeting(system, meeting.pk)
    return _form_page(request, "agenda_item_form.html", form=form, meeting=meeting)


def _change(model_getter, change: ChangePage, *, meeting_of, form_kwargs=None):
    """A programme office page making ``change`` to one item or paper the user may see."""

    def view(request, system, pk: int):
        record = model_getter(request, system, pk)
        require_office(request, system)
        if download := history_download(request, record, lambda: history_rows(record, None)):
            return download
        meeting = meeting_of(record)
        return change.run(
            request,
            record,
            back=lambda saved: reverse("governance:meeting-detail", args=[system.slug, meeting.pk]),
            render_page=lambda form, record, **page: record_page(
                request, system, form, record, place=meeting, history_downloads=True, **page
            ),
            form_kwargs=form_kwargs(request, system) if form_kwargs else None,
        )

    return system_view(view if change.correct else submitted_once(view))


def _people(request, system) -> dict:
    return {"people": people(request, system)}


item_edit = _change(
    _item,
    ChangePage(
        AgendaItemEditForm,
        services_papers.item_update,
        argument="item",
        done="Item corrected: {record}.",
        heading="Correct an agenda item",
        submit="Save changes",
        correct=True,
    ),
    meeting_of=lambda item: item.meeting,
    form_kwargs=_people,
)

item_withdraw = _change(
    _item,
    ChangePage(
        ReasonForm,
        services_papers.item_withdraw,
        argument="item",
        done="Item withdrawn: {record}. It is kept on the agenda, labelled withdrawn.",
        heading="Withdraw an agenda item",
        intro="The item stays on the agenda, labelled withdrawn, with the reason. Its papers are "
        "kept and left out of the pack.",
        submit="Withdraw item",
    ),
    meeting_of=lambda item: item.meeting,
)

paper_edit = _change(
    _paper,
    ChangePage(
        PaperEditForm,
        services_papers.paper_update,
        argument="paper",
        done="Paper corrected: {record}.",
        heading="Correct a paper",
        intro="To change the file itself, upload a new version instead.",
        submit="Save changes",
        correct=True,
    ),
    meeting_of=lambda paper: paper.item.meeting,
)

paper_withdraw = _change(
    _paper,
    ChangePage(
        ReasonForm,
        services_papers.paper_withdraw,
        argument="paper",
        done="Paper withdrawn: {record}. It is kept, labelled withdrawn.",
        heading="Withdraw a paper",
        intro="The paper is kept, labelled withdrawn, with the reason, and left out of the pack.",
        submit="Withdraw paper",
    ),
    meeting_of=lambda paper: paper.item.meeting,
)


@system_view
@submitted_once
def paper_create(request, system, pk: int):
    item = _item(request, system, pk)
    require_office(request, system)
    form = PaperForm(posted(request), request.FILES or None)
    paper = save(
        request,
        form,
        lambda data: services_papers.paper_add(actor=request.user, item=item, **data),
    )
    if paper is not None:
        messages.success(request, f"Paper added: {paper}.")
        return _to_meeting(system, item.meeting_id)
    context = {"form": form, "meeting": item.meeting, "item": item, "heading": "Add a paper"}
    return _form_page(request, "paper_form.html", **context)


@system_view
@submitted_once
def paper_replace(request, system, pk: int):
    old = _paper(request, system, pk)
    require_office(request, system)
    form = PaperReplaceForm(posted(request), request.FILES or None)
    paper = save(
        request,
        form,
        lambda data: services_papers.paper_replace(actor=request.user, paper=old, **data),
    )
    if paper is not None:
        messages.success(request, f"New version added: {paper}. Version {old.version} is kept.")
        return _to_meeting(system, old.item.meeting_id)
    context = {
        "form": form,
        "meeting": old.item.meeting,
        "item": old.item,
        "paper": old,
        "heading": "Upload a new version",
    }
    return _form_page(request, "paper_form.html", **context)


def _attachment(storage, name: str, sha256: str, *, content_type: str, filename: str):
    """The stored file as an attachment once its bytes match ``sha256``; else a 409 page."""
    try:
        stored = open_checked(storage, name, sha256)
    except (StoredFileMismatch, FileNotFoundError):
        return None
    response = attachment_response(
        stored, content_type=content_type, filename=filename, sha256=sha256
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _unavailable(request) -> HttpResponse:
    return render(request, "governance/file_unavailable.html", {"message": UNAVAILABLE}, status=409)


@system_view
def paper_download(request, system, pk: int):
    paper = _paper(request, system, pk)
    response = _attachment(
        paper.file.storage,
        paper.file.name,
        paper.sha256,
        content_type=paper.content_type,
        filename=paper.filename,
    )
    return response or _unavailable(request)


@system_view
def pack_download(request, system, pk: int):
    packs = authz.scoped(request.user, Pack).filter(
        meeting__committee__system=system, status=Pack.Status.READY
    )
    pack = authz.get_visible_or_404(request.user, packs.select_related("meeting__committee"), pk=pk)
    meeting = pack.meeting
    # The full pack, and any pack a later change outdated, exist only for those who see part B.
    if not confidential.visible_packs(request.user, meeting, packs).filter(pk=pack.pk).exists():
        raise Http404
    filename = (
        f"{meeting.committee.short_name or 'meeting'}-{meeting.held_on:%Y-%m-%d}-"
        f"{'part-a' if pack.part == Pack.Part.PUBLIC else 'parts-a-b-confidential'}-"
        f"v{pack.version}.pdf"
    )
    response = _attachment(
        pack.pdf.storage,
        pack.pdf.name,
        pack.sha256,
        content_type="application/pdf",
        filename=filename,
    )
    return response or _unavailable(request)


@system_view
@require_POST
def pack_build(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    require_office(request, system)
    try:
        services_packs.pack_request(actor=request.user, meeting=meeting)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return _to_meeting(system, meeting.pk)
    messages.success(
        request,
        "The pack is being built: a public pack (part A) and a full pack (parts A and B). "
        "Earlier versions are kept.",
    )
    return _to_meeting(system, meeting.pk)


def agenda_context(user, meeting: Meeting) -> dict:
    """The meeting page's agenda: the items the user may see in order, each with its papers
    (every version, the latest first, each labelled late, superseded or withdrawn), the date
    papers are due and the packs the user may download. A fixed number of queries."""
    papers = confidential.visible_papers(user, Paper.objects.all()).select_related(
        "replaced_by", "uploaded_by"
    )
    items = list(
        confidential.visible_items(user, meeting.agenda_items.all())
        .select_related("presenter__organisation")
        .prefetch_related(Prefetch("papers", queryset=papers.order_by("title", "-version")))
        .order_by("number")
    )
    for item in items:
        for paper in item.papers.all():
            paper.late = services_papers.is_late(paper, meeting)
    packs = list(
        confidential.visible_packs(user, meeting, Pack.objects.all()).order_by("-version", "part")
    )
    return {
        "agenda_items": items,
        "papers_due_on": services_papers.papers_due_on(meeting),
        "packs": packs,
        **_pack_state(packs),
    }


def _pack_state(packs: list[Pack]) -> dict:
    """What the page says of the packs, each labelled superseded, outdated or stuck: whether the
    latest build is under way (and until when a second is refused), stuck, or out of date."""
    latest = packs[0].version if packs else None
    now = timezone.now()
    for pack in packs:
        pack.superseded = pack.version != latest
        pack.stuck = services_packs.pack_is_stuck(pack, now=now)
    current = [pack for pack in packs if pack.version == latest]
    under_way = [p for p in current if p.status in services_packs.IN_PROGRESS and not p.stuck]
    outdated = [p for p in current if p.outdated_at is not None]
    return {
        "pack_under_way_until": min(p.requested_at for p in under_way)
        + services_packs.pack_stuck_after()
        if under_way
        else None,
        "pack_stuck": any(p.stuck for p in current),
        "pack_stuck_minutes": settings.PACK_STUCK_AFTER_MINUTES,
        "pack_outdated": outdated[0] if outdated else None,
    }
