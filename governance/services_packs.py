"""Writes for a meeting's packs: each build a new version of the public pack (part A) and the
full pack (parts A and B), built by a Celery task that only the message owning it may run; and
packs outdated when a change makes them untrue. Keyword-only, atomic, recorded in history.

A change that makes a built pack untrue (a paper or item it shows made confidential, withdrawn, or
a paper replaced: ``governance.services_papers``) outdates the meeting's packs in the same
transaction (``packs_outdate``): an outdated public pack is no longer served to anyone who does
not see part B. Those changes and a build's start each lock the meeting first
(``lock_meeting``), so a build either reads the change or is outdated by it.

A build stuck past ``PACK_STUCK_AFTER_MINUTES`` (its worker died, its message was lost) is
recorded as failed when the programme office builds the pack again; until then a second request
is refused, so one click never queues two builds.
"""

import uuid
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.audit import save_tracked, update_tracked
from core.files import sha256_of
from governance.models import Meeting, Pack


def lock_meeting(meeting_id: int) -> None:
    """Serialise the changes that outdate a pack with the start of a build (``_claim``)."""
    Meeting.objects.select_for_update().filter(pk=meeting_id).first()


def packs_outdate(meeting_id: int, *, actor, reason: str, public: bool) -> None:
    """Mark the meeting's built (or building) packs out of date: the full ones, and the public
    ones too when what changed was public. Each keeps its file and says why, in its history."""
    parts = [Pack.Part.FULL, Pack.Part.PUBLIC] if public else [Pack.Part.FULL]
    packs = Pack.objects.select_for_update().filter(
        meeting_id=meeting_id,
        part__in=parts,
        status__in=[Pack.Status.READY, Pack.Status.BUILDING],
        outdated_at__isnull=True,
    )
    now = timezone.now()
    for pack in packs:
        update_tracked(
            pack,
            actor=actor,
            reason=f"Out of date: {reason}",
            outdated_at=now,
            outdated_reason=reason[:300],
        )


def _task(name: str):
    """A task of ``governance.tasks`` from Celery's registry (GovernanceConfig.ready)."""
    return current_app.tasks[f"governance.tasks.{name}"]


IN_PROGRESS = (Pack.Status.QUEUED, Pack.Status.BUILDING)


def pack_stuck_after() -> timedelta:
    return timedelta(minutes=settings.PACK_STUCK_AFTER_MINUTES)


def pack_is_stuck(pack: Pack, *, now: datetime) -> bool:
    """Queued or building for longer than any build takes: its worker died or its message was
    lost, and nothing will finish it."""
    return pack.status in IN_PROGRESS and pack.requested_at <= now - pack_stuck_after()


def _abandon(pack: Pack, *, actor) -> None:
    """A stuck build, recorded as failed: its message, if it ever runs, no longer owns it."""
    minutes = settings.PACK_STUCK_AFTER_MINUTES
    pack.status = Pack.Status.FAILED
    pack.failure = (
        f"The build had not finished after {minutes} minutes (its worker may have stopped), so "
        "the pack was built again."
    )
    save_tracked(pack, actor=actor, reason="Build abandoned: not finished in time")


@transaction.atomic
def pack_request(*, actor, meeting: Meeting, now: datetime | None = None) -> list[Pack]:
    """Queue a new version of the public pack (part A) and of the full pack (parts A and B).
    Earlier versions are kept; each build is owned by its own Celery message.

    Refused while a build is under way; one stuck past ``PACK_STUCK_AFTER_MINUTES`` is recorded
    as failed and built again (safe to click twice: the meeting is locked, and the second click
    finds the new build under way)."""
    now = now or timezone.now()
    lock_meeting(meeting.pk)
    pending = list(Pack.objects.select_for_update().filter(meeting=meeting, status__in=IN_PROGRESS))
    under_way = [pack for pack in pending if not pack_is_stuck(pack, now=now)]
    if under_way:
        until = timezone.localtime(min(p.requested_at for p in under_way) + pack_stuck_after())
        raise ValidationError(
            "The pack is already being built. If it has not finished by "
            f"{until:%H:%M}, you can build it again."
        )
    for pack in pending:
        _abandon(pack, actor=actor)
    latest = Pack.objects.filter(meeting=meeting).aggregate(v=Max("version"))["v"] or 0
    packs = []
    for part in (Pack.Part.PUBLIC, Pack.Part.FULL):
        pack = Pack(
            meeting=meeting,
            part=part,
            version=latest + 1,
            requested_by=actor,
            requested_at=now,
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
    """Start the build this message owns, under the meeting's lock: a change to its papers
    either lands before (and the build reads it) or after (and outdates the pack)."""
    meeting_id = Pack.objects.filter(pk=pack_id).values_list("meeting_id", flat=True).first()
    if meeting_id is None:
        return None
    with transaction.atomic():
        lock_meeting(meeting_id)
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
        # Only the build it owns and still runs: not one abandoned as stuck meanwhile.
        if pack is None or pack.task_id != task_id or pack.status != Pack.Status.BUILDING:
            return None
        pack.status = Pack.Status.FAILED
        pack.failure = error[:2000]
        save_tracked(pack, actor=pack.requested_by, reason="Build failed")
    return pack
