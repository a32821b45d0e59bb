"""Writes for a meeting's agenda and its papers (its packs: ``services_packs``). Keyword-only,
atomic, validated, and recorded in history against the actor.

Nothing here deletes: an item or paper withdrawn is kept, labelled, with the reason; a paper
replaced late is a new version (``replaces`` the old one, which is kept, labelled superseded);
A change that makes a built pack untrue (a paper or item it shows made confidential, withdrawn, or
a paper replaced) outdates the meeting's packs in the same transaction
(``services_packs.packs_outdate``), under the meeting's lock.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import save_tracked, update_tracked
from core.files import sha256_of
from core.services import check_changes, required_reason
from governance.models import AgendaItem, Meeting, Paper
from governance.services_packs import lock_meeting, packs_outdate
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


def _in_packs(paper: Paper) -> bool:
    """Whether the packs built so far hold this paper: current, on an item not withdrawn."""
    return paper.is_current and paper.item.withdrawn_on is None


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
    lock_meeting(item.meeting_id)
    if changes.get("confidential") and not item.confidential:
        packs_outdate(
            item.meeting_id,
            actor=actor,
            reason=f"item {item} was made confidential (part B)",
            public=True,
        )
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
    lock_meeting(item.meeting_id)
    packs_outdate(
        item.meeting_id,
        actor=actor,
        reason=f"item {item} was withdrawn",
        public=not item.confidential,
    )
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
    """A new version of the paper (a paper replaced late): the old one is kept, superseded, and
    the packs that held it are out of date."""
    lock_meeting(paper.item.meeting_id)
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
    packs_outdate(
        paper.item.meeting_id,
        actor=actor,
        reason=f"paper {paper} was replaced by version {new.version}",
        public=not paper.is_confidential,
    )
    return save_tracked(new, actor=actor, reason=reason or f"Replaces version {paper.version}")


PAPER_EDITABLE = {"title", "confidential"}


@transaction.atomic
def paper_update(*, actor, paper: Paper, reason: str = "", **changes) -> Paper:
    """Correct a paper's title or whether it is confidential (its file is replaced instead)."""
    check_changes("paper_update", changes, PAPER_EDITABLE)
    if paper.withdrawn_on is not None:
        raise ValidationError(WITHDRAWN)
    lock_meeting(paper.item.meeting_id)
    if changes.get("confidential") and not paper.is_confidential and _in_packs(paper):
        packs_outdate(
            paper.item.meeting_id,
            actor=actor,
            reason=f"paper {paper} was made confidential (part B)",
            public=True,
        )
    update_tracked(paper, actor=actor, reason=reason, **changes)
    return paper


@transaction.atomic
def paper_withdraw(*, actor, paper: Paper, reason: str, withdrawn_on: date | None = None) -> Paper:
    """Withdraw a paper: it is kept, labelled withdrawn, with the reason."""
    reason = required_reason(reason, "Say why the paper is withdrawn.")
    if paper.withdrawn_on is not None:
        raise ValidationError({"reason": "This paper is already withdrawn."})
    lock_meeting(paper.item.meeting_id)
    if _in_packs(paper):
        packs_outdate(
            paper.item.meeting_id,
            actor=actor,
            reason=f"paper {paper} was withdrawn",
            public=not paper.is_confidential,
        )
    update_tracked(
        paper,
        actor=actor,
        reason=reason,
        withdrawn_on=withdrawn_on or date.today(),
        withdrawn_reason=reason,
    )
    return paper
