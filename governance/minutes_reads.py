"""Reads of a meeting's minutes, shared by the pages, the meeting page's panel and the API: one
rule each for which entries a user sees and how a version's status is worded."""

from datetime import date

from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Coalesce

from governance import confidential
from governance.models import AgendaItem, Declaration, Meeting, MinuteEntry, Minutes

# Agenda order as the minutes show it: the number as approved, else the item's own.
ENTRY_ORDER = (Coalesce("item_number", "item__number"), "pk")


def current_items(meeting_id: int) -> models.QuerySet[AgendaItem]:
    """The agenda items an open version minutes: those not withdrawn, in agenda order."""
    return AgendaItem.objects.filter(meeting=meeting_id, withdrawn_on__isnull=True).order_by(
        "number"
    )


def visible_entries(user, minutes: Minutes) -> models.QuerySet[MinuteEntry]:
    """The version's entries in agenda order, part B ones only for those allowed to see them."""
    return (
        confidential.visible_minute_entries(user, MinuteEntry.objects.filter(minutes=minutes))
        .select_related("item__presenter__organisation")
        .prefetch_related(
            Prefetch(
                "item__declarations",
                queryset=Declaration.objects.select_related("person__organisation"),
            )
        )
        .order_by(*ENTRY_ORDER)
    )


def visible_entries_of_many(user, entries: models.QuerySet[MinuteEntry]):
    """Entries of any minutes, part B ones only where the user may see that meeting's."""
    return confidential.visible_minute_entries(user, entries)


def entries_to_write(user, minutes: Minutes) -> list[MinuteEntry]:
    """The entries the edit page offers, in agenda order: the version's own, and an unsaved one
    for each current agenda item it lacks (added to the agenda since the draft). Reading the
    page writes nothing; saving it adds those entries (services_minutes.minutes_amend)."""
    entries = list(visible_entries(user, minutes))
    have = set(MinuteEntry.objects.filter(minutes=minutes).values_list("item_id", flat=True))
    items = confidential.visible_items(user, current_items(minutes.meeting_id)).exclude(pk__in=have)
    entries += [
        MinuteEntry(minutes=minutes, item=item)
        for item in items.select_related("presenter__organisation")
    ]
    return sorted(entries, key=lambda entry: entry.shown.number)


def frozen_record_error(meeting: Meeting) -> str:
    """Why the meeting's attendance and declarations can no longer change, or "": its latest
    minutes are approved, so the record they minute is frozen with them; a correction (a new
    version, open again) lets them be corrected."""
    latest = Minutes.objects.filter(meeting=meeting).order_by("-version").first()
    if latest is None or latest.status != Minutes.Status.APPROVED:
        return ""
    return (
        f"The minutes of this meeting were approved at the meeting on "
        f"{latest.approved_at.held_on:%-d %B %Y}, and what they record is frozen: start a "
        "correction of the minutes first."
    )


def status_line(minutes: Minutes) -> str:
    """How a version's status is worded wherever it is shown."""
    if minutes.status == Minutes.Status.CIRCULATED:
        return f"Circulated on {minutes.circulated_on:%-d %B %Y}"
    if minutes.status == Minutes.Status.APPROVED:
        return f"Approved at the meeting on {minutes.approved_at.held_on:%-d %B %Y}"
    if minutes.status == Minutes.Status.SUPERSEDED:
        return "Superseded by a corrected version"
    return "Draft"


def approving_meetings(minutes: Minutes, today: date) -> models.QuerySet[Meeting]:
    """The meetings that may approve these minutes: later, held meetings of the committee, on
    or after the day they were circulated."""
    meetings = Meeting.objects.filter(
        committee_id=minutes.meeting.committee_id,
        held_on__gt=minutes.meeting.held_on,
        held_on__lte=today,
    ).exclude(status=Meeting.Status.CANCELLED)
    if minutes.circulated_on:
        meetings = meetings.filter(held_on__gte=minutes.circulated_on)
    return meetings.order_by("held_on")
