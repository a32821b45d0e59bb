"""Meetings as iCalendar events (``core.ical``), one way for every feed: a committee's own and a
person's subscribed calendar. A meeting is at its time where it has one (UK local time, written
in UTC so no VTIMEZONE is needed), otherwise all day; a cancelled one keeps its UID and says
CANCELLED, so a subscribed client removes it."""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
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


def meeting_event(
    meeting: Meeting,
    *,
    committee_name: str,
    host: str,
    stamp: datetime,
    sequence: int | None = None,
    description: str = "",
) -> icalendar.Event | None:
    """The meeting's event, or None for a date stored before dates were checked (year 9999),
    which cannot be one: left out rather than failing the whole feed for every subscriber.
    Only what anyone who sees the meeting may read goes in (never its notes or part B)."""
    if not is_plausible(meeting.held_on):
        return None
    cancelled = meeting.status == Meeting.Status.CANCELLED
    return ical.event(
        uid=meeting_uid(meeting, host),
        stamp=stamp,
        summary=f"Cancelled: {committee_name}" if cancelled else committee_name,
        starts=starts(meeting),
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=sequence,
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
