"""Writes for a meeting's minutes: draft against the agenda, amend, circulate, approve at a later
meeting of the same committee (a decision of that meeting), and correct an approved version as a
new one. Keyword-only, atomic, and recorded in history against the actor.

Every write locks the meeting and its minutes first, so two people drafting, approving or
correcting at once cannot leave two open versions or two approvals.
"""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import save_tracked, update_tracked
from core.services import check_changes, required_reason
from governance.minutes_reads import current_items
from governance.models import Meeting, MinuteEntry, Minutes
from governance.models.minutes import item_as_it_stands
from governance.rules import meeting_record_error
from governance.services import decision_record

OPEN = (Minutes.Status.DRAFT, Minutes.Status.CIRCULATED)
# What each update may change: the text. Status, dates and approval change only through the
# steps below, never by an edit.
MINUTES_EDITABLE = {"summary"}
MINUTE_ENTRY_EDITABLE = {"discussion"}


def _day(day: date) -> str:
    return f"{day:%-d %B %Y}"


def frozen_message(minutes: Minutes) -> str:
    if minutes.status == Minutes.Status.SUPERSEDED:
        return (
            f"Version {minutes.version} of these minutes is superseded by a corrected version "
            "and cannot be changed."
        )
    approved_at = minutes.approved_at
    on = f" at the meeting on {_day(approved_at.held_on)}" if approved_at else ""
    return f"These minutes were approved{on} and are frozen: a correction is made as a new version."


def _require_open(minutes: Minutes) -> None:
    if minutes.is_frozen:
        raise ValidationError(frozen_message(minutes))


def _lock(meeting: Meeting) -> list[Minutes]:
    """Lock the meeting (so that the first draft is serialised too) and its minutes, oldest
    version first."""
    Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).get()
    return list(
        Minutes.objects.select_for_update(of=("self",)).filter(meeting=meeting).order_by("version")
    )


def _fresh(minutes: Minutes) -> Minutes:
    """The minutes as they stand under the lock (a page may hold an older copy)."""
    for version in _lock(minutes.meeting):
        if version.pk == minutes.pk:
            return version
    raise Minutes.DoesNotExist


def _open_version(versions: list[Minutes]) -> Minutes | None:
    return next((v for v in versions if v.status in OPEN), None)


@transaction.atomic
def minutes_add_new_items(*, actor, minutes: Minutes) -> list[MinuteEntry]:
    """Give an open version an entry for each current agenda item it lacks (items added to the
    agenda after the draft was made). Frozen minutes are never touched; under the lock, so two
    people saving the draft at once add each entry once. Called by the writes (draft, amend,
    circulate), never by a page being read."""
    minutes = _fresh(minutes)
    if minutes.is_frozen:
        return []
    have = set(minutes.entries.values_list("item_id", flat=True))
    added = []
    for item in current_items(minutes.meeting_id):
        if item.pk not in have:
            added.append(save_tracked(MinuteEntry(minutes=minutes, item=item), actor=actor))
    return added


@transaction.atomic
def minutes_draft(*, actor, meeting: Meeting) -> Minutes:
    """Version 1 of a meeting's minutes, one entry per current agenda item."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("The meeting was cancelled: there is nothing to minute.")
    error = meeting_record_error(meeting.held_on, date.today())
    if error:
        raise ValidationError(error)
    versions = _lock(meeting)
    if versions:
        open_version = _open_version(versions)
        if open_version is not None:
            raise ValidationError(
                f"Version {open_version.version} of these minutes is still open: amend it."
            )
        raise ValidationError(
            "These minutes are approved: correct them as a new version from the minutes page."
        )
    minutes = save_tracked(Minutes(meeting=meeting, version=1), actor=actor)
    minutes_add_new_items(actor=actor, minutes=minutes)
    return minutes


@transaction.atomic
def minutes_update(*, actor, minutes: Minutes, reason: str = "", **changes) -> Minutes:
    """Amend the opening and general notes of an open version; history keeps who and why."""
    check_changes("minutes_update", changes, MINUTES_EDITABLE)
    minutes = _fresh(minutes)
    _require_open(minutes)
    update_tracked(minutes, actor=actor, reason=reason, **changes)
    return minutes


@transaction.atomic
def minute_entry_update(*, actor, entry: MinuteEntry, reason: str = "", **changes) -> MinuteEntry:
    """Amend what an open version says of one agenda item; history keeps who and why."""
    check_changes("minute_entry_update", changes, MINUTE_ENTRY_EDITABLE)
    _require_open(_fresh(entry.minutes))
    update_tracked(entry, actor=actor, reason=reason, **changes)
    return entry


def _amendment_reason(minutes: Minutes, reason: str) -> str:
    """Amendments to circulated minutes say why (they were read as they stood); a draft not
    yet sent out may be written freely."""
    if minutes.status == Minutes.Status.CIRCULATED:
        return required_reason(reason, "Say why the circulated minutes are amended.")
    return (reason or "").strip()


@transaction.atomic
def minutes_amend(
    *,
    actor,
    minutes: Minutes,
    summary: str,
    discussions: Mapping[int, str],
    new_discussions: Mapping[int, str] | None = None,
    reason: str = "",
) -> Minutes:
    """The minutes page's one edit: the notes and each entry's discussion (by entry id), all or
    nothing. Entries for agenda items added since the draft are added first, and
    ``new_discussions`` (by agenda item id) fills them: the page offered them unsaved."""
    minutes = _fresh(minutes)
    _require_open(minutes)
    reason = _amendment_reason(minutes, reason)
    minutes_add_new_items(actor=actor, minutes=minutes)
    entries = {e.pk: e for e in minutes.entries.all()}
    by_item = {e.item_id: e for e in entries.values()}
    # An item withdrawn since the page was read gets no entry: its empty box is ignored, and a
    # text written in it is refused rather than silently dropped.
    new_discussions = {
        item: text for item, text in (new_discussions or {}).items() if item in by_item or text
    }
    if set(discussions).difference(entries) or set(new_discussions).difference(by_item):
        raise ValidationError("Some of these entries are not part of these minutes.")
    minutes_update(actor=actor, minutes=minutes, reason=reason, summary=summary)
    texts = {**{by_item[item].pk: text for item, text in new_discussions.items()}, **discussions}
    for pk, text in texts.items():
        minute_entry_update(actor=actor, entry=entries[pk], reason=reason, discussion=text)
    return minutes


@transaction.atomic
def minutes_circulate(*, actor, minutes: Minutes, circulated_on: date) -> Minutes:
    """Send the draft out: the date it went to the committee."""
    minutes = _fresh(minutes)
    _require_open(minutes)
    if minutes.status == Minutes.Status.CIRCULATED:
        raise ValidationError(
            {"circulated_on": f"Already circulated on {_day(minutes.circulated_on)}."}
        )
    if circulated_on < minutes.meeting.held_on:
        raise ValidationError(
            {"circulated_on": "Minutes cannot be circulated before the meeting they record."}
        )
    if circulated_on > date.today():
        raise ValidationError({"circulated_on": "Give a date no later than today."})
    minutes_add_new_items(actor=actor, minutes=minutes)
    update_tracked(
        minutes,
        actor=actor,
        reason="Circulated",
        status=Minutes.Status.CIRCULATED,
        circulated_on=circulated_on,
    )
    return minutes


def _check_approving_meeting(minutes: Minutes, at: Meeting) -> None:
    meeting = minutes.meeting
    if at.committee_id != meeting.committee_id:
        raise ValidationError({"at": f"Choose a later meeting of {meeting.committee.name}."})
    if at.held_on <= meeting.held_on:
        raise ValidationError(
            {"at": f"Choose a meeting after the one minuted ({_day(meeting.held_on)})."}
        )
    if at.status == Meeting.Status.CANCELLED:
        raise ValidationError({"at": "That meeting was cancelled: choose one that was held."})
    if minutes.circulated_on and at.held_on < minutes.circulated_on:
        raise ValidationError(
            {
                "at": f"These minutes were circulated on {_day(minutes.circulated_on)}: "
                "choose a meeting held on or after that day."
            }
        )
    if meeting_record_error(at.held_on, date.today()):
        raise ValidationError(
            {"at": "That meeting has not been held yet: minutes are approved when it meets."}
        )


def approval_title(minutes: Minutes) -> str:
    on = _day(minutes.meeting.held_on)
    if minutes.supersedes_id:
        return f"Corrected minutes (version {minutes.version}) of the meeting on {on} approved"
    return f"Minutes of the meeting on {on} approved as a true record"


def _copy_items(*, actor, minutes: Minutes, reason: str) -> None:
    """Copy into each entry its item as it stands, so the approved minutes read as approved
    whatever later happens to the agenda (retitled, renumbered, withdrawn, made part B).

    The copy is taken at approval, not at circulation: circulated minutes are still amended,
    and items added to the agenda still gain entries, until the meeting approves them; approval
    is the moment the text is settled and frozen. Under the minutes' lock (taken by the caller),
    so the copy and the approval are one step."""
    entries = minutes.entries.select_related("item__presenter__organisation")
    for entry in entries:
        item = item_as_it_stands(entry.item)
        update_tracked(
            entry,
            actor=actor,
            reason=reason,
            item_number=item.number,
            item_title=item.title,
            item_purpose=item.purpose,
            item_presenter=item.presenter[:300],
            item_confidential=item.confidential,
            item_withdrawn=item.withdrawn,
        )


@transaction.atomic
def minutes_approve(*, actor, minutes: Minutes, at: Meeting) -> Minutes:
    """Approval at a later, held meeting of the same committee: a decision of that meeting, and
    the minutes frozen. A corrected version supersedes the one it corrects only now."""
    minutes = _fresh(minutes)
    _require_open(minutes)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError({"at": "Circulate the draft minutes before they are approved."})
    _check_approving_meeting(minutes, at)
    decision = decision_record(actor=actor, meeting=at, title=approval_title(minutes))
    _copy_items(
        actor=actor, minutes=minutes, reason=f"Approved at the meeting on {_day(at.held_on)}"
    )
    update_tracked(
        minutes,
        actor=actor,
        reason=f"Approved at the meeting on {_day(at.held_on)}",
        status=Minutes.Status.APPROVED,
        approved_at=at,
        approval=decision,
    )
    if minutes.supersedes_id:
        earlier = minutes.supersedes
        update_tracked(
            earlier,
            actor=actor,
            reason=f"Superseded by version {minutes.version}",
            status=Minutes.Status.SUPERSEDED,
        )
    return minutes


@transaction.atomic
def minutes_correct(*, actor, approved: Minutes, reason: str) -> Minutes:
    """A correction of approved minutes: a new version with the same text to amend, which
    supersedes the approved one once it is itself approved."""
    reason = required_reason(reason, "Say why the approved minutes need correcting.")
    versions = _lock(approved.meeting)
    approved = next(v for v in versions if v.pk == approved.pk)
    if approved.status != Minutes.Status.APPROVED:
        raise ValidationError(
            {"reason": "Only the approved version of the minutes can be corrected."}
        )
    open_version = _open_version(versions)
    if open_version is not None:
        raise ValidationError(
            {"reason": f"Version {open_version.version} is already open: amend that one."}
        )
    correction = save_tracked(
        Minutes(
            meeting=approved.meeting,
            version=versions[-1].version + 1,
            summary=approved.summary,
            supersedes=approved,
            correction_reason=reason,
        ),
        actor=actor,
        reason=reason,
    )
    for entry in approved.entries.order_by("item__number"):
        save_tracked(
            MinuteEntry(minutes=correction, item=entry.item, discussion=entry.discussion),
            actor=actor,
            reason=reason,
        )
    return correction
