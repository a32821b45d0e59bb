"""Meetings as iCalendar events (``core.ical``), one way for every feed: a committee's own and a
person's subscribed calendar. A meeting is at its time where it has one (UK local time, written
in UTC so no VTIMEZONE is needed), otherwise all day; a cancelled one keeps its UID and says
CANCELLED, so a subscribed client removes it. Its DTSTAMP is its last change and its SEQUENCE
the number of changes since it was made, from its history (``for_calendar``), so a calendar
whose meetings did not change is the same bytes (and its ETag the same)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from core import ical
from core.dates import is_plausible
from governance.models import Committee, Meeting

UK = ZoneInfo("Europe/London")


def meeting_uid(meeting: Meeting, host: str) -> str:
    return f"meeting-{meeting.pk}@{host}"


def starts(meeting: Meeting) -> date | datetime:
    """The meeting's date (all day), or its start as a UTC moment (BST is an hour ahead in
    summer); its length is not recorded, so no end is invented."""
    if meeting.starts_at is None:
        return meeting.held_on
    local = datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=UK)
    return local.astimezone(UTC)


def for_calendar(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings with their history's last change (``changed_at``) and count
    (``revisions``), each a subquery of the same statement."""
    versions = Meeting.history.model.objects.filter(id=OuterRef("pk")).order_by()
    return meetings.annotate(
        changed_at=Subquery(versions.order_by("-history_date").values("history_date")[:1]),
        revisions=Subquery(versions.values("id").annotate(count=Count("*")).values("count")[:1]),
    )


def meeting_event(
    meeting: Meeting,
    *,
    committee_name: str,
    host: str,
    stamp: datetime,
    description: str = "",
) -> icalendar.Event | None:
    """The meeting's event, or None for a date stored before dates were checked (year 9999),
    which cannot be one: left out rather than failing the whole feed for every subscriber.
    ``stamp`` stands for a meeting read without ``for_calendar`` (or with no history). Only
    what anyone who sees the meeting may read goes in (never its notes or part B)."""
    if not is_plausible(meeting.held_on):
        return None
    cancelled = meeting.status == Meeting.Status.CANCELLED
    changed_at = getattr(meeting, "changed_at", None)
    return ical.event(
        uid=meeting_uid(meeting, host),
        stamp=(changed_at or stamp).astimezone(UTC),
        summary=f"Cancelled: {committee_name}" if cancelled else committee_name,
        starts=starts(meeting),
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=max((getattr(meeting, "revisions", None) or 1) - 1, 0),
        description=description,
        location=meeting.location,
        link=meeting.link,
    )


def meetings_calendar(committee: Committee, meetings: Iterable[Meeting], *, host: str) -> str:
    cal = ical.calendar(committee.name)
    stamp = timezone.now().replace(microsecond=0)
    for meeting in meetings:
        item = meeting_event(meeting, committee_name=committee.name, host=host, stamp=stamp)
        if item is not None:
            cal.add_component(item)
    return ical.serialise(cal).decode()
