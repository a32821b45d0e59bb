"""Writes for a meeting's agenda, its papers and its packs. Keyword-only, atomic, validated, and
recorded in history against the actor.

Nothing here deletes: an item or paper withdrawn is kept, labelled, with the reason; a paper
replaced late is a new version (``replaces`` the old one, which is kept, labelled superseded);
each build of the pack is a new version, and the earlier ones are kept.
"""

import uuid
from datetime import date, timedelta

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.audit import save_tracked, update_tracked
from core.files import sha256_of
from core.services import check_changes, required_reason
from governance.models import AgendaItem, Meeting, Pack, Paper
from governance.uploads import checked_upload
from partners.models import Person

NUMBER_TAKEN = "This meeting already has an item with this number."
WITHDRAWN = "This record is withdrawn and cannot be changed."


def papers_due_on(meeting: Meeting) -> date | None:
    """The date the committee's papers are due for this meeting, if it sets a deadline."""
    days = meeting.committee.pack_days_before
    return None if days is None else meeting.held_on - timedelta(days=days)


def is_late(paper: Paper, meeting: Meeting) -> bool:
    """Added after the papers were due (the day they are due still counts as on time)."""
    due = papers_due_on(meeting)
    return due is not None and timezone.localdate(paper.uploaded_at) > due


def _check_presenter(meeting: Meeting, presenter: Person | None) -> None:
    if presenter is not None and presenter.system_id != meeting.committee.system_id:
        raise ValidationError({"presenter": "Choose someone from this system's people."})


def _save_item(item: AgendaItem, *, actor, reason: str = "") -> AgendaItem:
    try:
        with transaction.atomic():
            return save_tracked(item, actor=actor, reason=reason)
    except IntegrityError as error:
        raise ValidationError({"number": NUMBER_TAKEN}) from error


def _number_free(meeting: Meeting, number: int, *, exclude: int | None = None) -> None:
    taken = AgendaItem.objects.filter(meeting=meeting, number=number).exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"number": NUMBER_TAKEN})


@transaction.atomic
def item_create(
    *,
    actor,
    meeting: Meeting,
    number: int,
    title: str,
    purpose: str,
    presenter: Person | None = None,
    minutes_allowed: int | None = None,
    confidential: bool = False,
) -> AgendaItem:
    """Add an item to the meeting's agenda."""
    _check_presenter(meeting, presenter)
    _number_free(meeting, number)
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title,
        purpose=purpose,
        presenter=presenter,
        minutes_allowed=minutes_allowed,
        confidential=confidential,
    )
    item.full_clean(exclude=["meeting", "presenter"], validate_unique=False)
    return _save_item(item, actor=actor)


# What a correction of an item may change: never its meeting.
ITEM_EDITABLE = {"number", "title", "presenter", "purpose", "minutes_allowed", "confidential"}


@transaction.atomic
def item_update(*, actor, item: AgendaItem, reason: str = "", **changes) -> AgendaItem:
    """Correct an item's number (its place in the order), title, presenter, purpose, time or
    whether it is taken in private; the old values stay in its history with ``reason``."""
    check_changes("item_update", changes, ITEM_EDITABLE)
    if item.withdrawn_on is not None:
        raise ValidationError(WITHDRAWN)
    if "presenter" in changes:
        _check_presenter(item.meeting, changes["presenter"])
    if "number" in changes and changes["number"] != item.number:
        _number_free(item.meeting, changes["number"], exclude=item.pk)
    try:
        with transaction.atomic():
            update_tracked(item, actor=actor, reason=reason, **changes)
    except IntegrityError as error:
        raise ValidationError({"number": NUMBER_TAKEN}) from error
    return item


@transaction.atomic
def item_withdraw(
    *, actor, item: AgendaItem, reason: str, withdrawn_on: date | None = None
) -> AgendaItem:
    """Withdraw an item from the agenda: it is kept, labelled withdrawn, with the reason."""
    reason = required_reason(reason, "Say why the item is withdrawn.")
    if item.withdrawn_on is not None:
        raise ValidationError({"reason": "This item is already withdrawn."})
    update_tracked(
        item,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return item


def _stored_paper(paper: Paper, upload) -> Paper:
    """Check the upload and put its bytes on the (unsaved) paper, named by their hash."""
    data, kind = checked_upload(upload)
    digest = sha256_of(data)
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    paper.file = ContentFile(data, name=f"{digest}.{extension}")
    paper.filename = (upload.name or f"paper.{extension}").rsplit("/", 1)[-1][-200:]
    paper.content_type = kind.content_type
    paper.size = len(data)
    paper.sha256 = digest
    paper.uploaded_at = timezone.now()
    return paper


@transaction.atomic
def paper_add(*, actor, item: AgendaItem, title: str, file, confidential: bool = False) -> Paper:
    """Upload a paper to an item: checked (kind from its bytes, size), stored under its hash."""
    if item.withdrawn_on is not None:
        raise ValidationError("This item is withdrawn: its papers cannot change.")
    paper = Paper(item=item, title=title, confidential=confidential, uploaded_by=actor)
    _stored_paper(paper, file)
    return save_tracked(paper, actor=actor)


@transaction.atomic
def paper_replace(*, actor, paper: Paper, file, reason: str = "") -> Paper:
    """A new version of the paper (a paper replaced late): the old one is kept, superseded."""
    paper = Paper.objects.select_for_update().select_related("item").get(pk=paper.pk)
    if not paper.is_current:
        raise ValidationError(
            {"file": "Only the current version of a paper that is not withdrawn can be replaced."}
        )
    if paper.item.withdrawn_on is not None:
        raise ValidationError("This item is withdrawn: its papers cannot change.")
    new = Paper(
        item=paper.item,
        title=paper.title,
        confidential=paper.confidential,
        version=paper.version + 1,
        replaces=paper,
        uploaded_by=actor,
    )
    _stored_paper(new, file)
    return save_tracked(new, actor=actor, reason=reason or f"Replaces version {paper.version}")


PAPER_EDITABLE = {"title", "confidential"}


@transaction.atomic
def paper_update(*, actor, paper: Paper, reason: str = "", **changes) -> Paper:
    """Correct a paper's title or whether it is confidential (its file is replaced instead)."""
    check_changes("paper_update", changes, PAPER_EDITABLE)
    if paper.withdrawn_on is not None:
        raise ValidationError(WITHDRAWN)
    update_tracked(paper, actor=actor, reason=reason, **changes)
    return paper


@transaction.atomic
def paper_withdraw(*, actor, paper: Paper, reason: str, withdrawn_on: date | None = None) -> Paper:
    """Withdraw a paper: it is kept, labelled withdrawn, with the reason."""
    reason = required_reason(reason, "Say why the paper is withdrawn.")
    if paper.withdrawn_on is not None:
        raise ValidationError({"reason": "This paper is already withdrawn."})
    update_tracked(
        paper,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return paper


# --- The pack ------------------------------------------------------------------------------


def _task(name: str):
    """A task of ``governance.tasks`` from Celery's registry (GovernanceConfig.ready)."""
    return current_app.tasks[f"governance.tasks.{name}"]


@transaction.atomic
def pack_request(*, actor, meeting: Meeting) -> list[Pack]:
    """Queue a new version of the public pack (part A) and of the full pack (parts A and B).
    Earlier versions are kept; each build is owned by its own Celery message."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    latest = Pack.objects.filter(meeting=meeting).aggregate(v=Max("version"))["v"] or 0
    packs = []
    for part in (Pack.Part.PUBLIC, Pack.Part.FULL):
        pack = Pack(
            meeting=meeting,
            part=part,
            version=latest + 1,
            requested_by=actor,
            requested_at=timezone.now(),
            task_id=uuid.uuid4().hex,
        )
        save_tracked(pack, actor=actor, reason="Pack requested")
        packs.append(pack)
        pack_id, task_id = pack.pk, pack.task_id
        transaction.on_commit(
            lambda pack_id=pack_id, task_id=task_id: _task("build_pack").apply_async(
                args=[pack_id], task_id=task_id
            )
        )
    return packs


def _claim(pack_id: int, task_id: str) -> Pack | None:
    with transaction.atomic():
        pack = Pack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or pack.task_id != task_id or pack.status != Pack.Status.QUEUED:
            return None
        pack.status = Pack.Status.BUILDING
        save_tracked(pack, actor=pack.requested_by, reason="Build started")
        return pack


def pack_build(pack_id: int, *, task_id: str) -> Pack | None:
    """Build the pack this message owns: the PDF, its hash and its page count, saved at once.
    A message that no longer owns the build (a redelivery, a stale worker) does nothing."""
    from governance import packs  # WeasyPrint and pypdf: loaded by the worker only

    pack = _claim(pack_id, task_id)
    if pack is None:
        return None
    try:
        data, pages = packs.build_pdf(pack)
    except Exception as error:  # any failure is recorded on the pack, with its reason
        return pack_build_failed(pack_id, task_id=task_id, error=f"{type(error).__name__}: {error}")
    digest = sha256_of(data)
    field = Pack._meta.get_field("pdf")
    name = field.storage.save(
        field.generate_filename(pack, f"{pack.part}-v{pack.version}-{digest}.pdf"),
        ContentFile(data),
    )
    with transaction.atomic():
        pack = Pack.objects.select_for_update().get(pk=pack_id)
        if pack.task_id != task_id or pack.status != Pack.Status.BUILDING:
            transaction.on_commit(lambda: field.storage.delete(name))
            return None
        pack.pdf.name = name
        pack.sha256 = digest
        pack.pages = pages
        pack.status = Pack.Status.READY
        pack.built_at = timezone.now()
        save_tracked(pack, actor=pack.requested_by, reason="Pack built")
    return pack


def pack_build_failed(pack_id: int, *, task_id: str, error: str) -> Pack | None:
    with transaction.atomic():
        pack = Pack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or pack.task_id != task_id or pack.status == Pack.Status.READY:
            return None
        pack.status = Pack.Status.FAILED
        pack.failure = error[:2000]
        save_tracked(pack, actor=pack.requested_by, reason="Build failed")
    return pack
