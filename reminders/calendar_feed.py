"""A person's subscribed calendar: the meetings of the systems they may see at the moment of the
fetch, and their deadlines from ``core.due`` as all-day events (so the calendar, the tasks page
and the e-mails agree).

Each system is read as at its own date (``core.reporting_date.system_date``: today, or the date
a demo system opens at). Meetings from a year before that date on are included, cancelled ones
as CANCELLED under the same UID so a client removes them. A meeting's DTSTAMP is its last change
and its SEQUENCE the number of changes since it was made (from its history), so an unchanged
calendar is the same bytes and a client's If-None-Match gets 304 (``governance.calendar``).

What goes in is what any reader of the system may see: the committee, time, place, online link
and the public agenda items. Never a meeting's notes or its confidential (part B) business, even
for those who may see it: the calendar is copied to phones and to calendar services outside the
NHS, and its address is a secret carried in a URL."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import icalendar
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core import authz, ical
from core.due import Due, due_for_each, kind
from core.reporting_date import system_date
from core.scoping import scope
from governance.calendar import for_calendar, meeting_event
from governance.confidential import public_items
from governance.models import AgendaItem, Meeting

NAME = "Governance tracker: meetings and deadlines"
# How far back meetings are kept in the calendar, from the system's date.
PAST = timedelta(days=366)
# How often a subscribing client is asked to fetch again.
REFRESH = timedelta(hours=1)


def feed_calendar(user, *, host: str, base_url: str) -> bytes:
    """The calendar of ``user`` (a token's holder, read without a session)."""
    cal = ical.calendar(NAME, refresh=REFRESH)
    systems = list(authz.visible_systems(user).only("pk", "slug", "short_name", "opens_as_at"))
    if not systems:  # access ended: an empty calendar, so the client removes every event
        return ical.serialise(cal)
    dates = {system.pk: system_date(system) for system in systems}
    by_date: dict[date, set[int]] = defaultdict(set)
    for system_id, as_at in dates.items():
        by_date[as_at].add(system_id)
    named = len(systems) > 1
    # A deadline has no record of its own to date a change by: it is as computed today.
    today = datetime.combine(timezone.now().date(), time(), tzinfo=UTC)
    with scope(system.pk for system in systems):
        for meeting in _meetings(by_date):
            item = _meeting_event(meeting, host=host, base_url=base_url, named=named, today=today)
            if item is not None:
                cal.add_component(item)
    short_names = {system.pk: system.short_name for system in systems}
    for due, _as_at in due_for_each(user, dates):
        cal.add_component(_deadline(due, short_names, host=host, base_url=base_url, stamp=today))
    return ical.serialise(cal)


def _meetings(by_date: dict[date, set[int]]) -> QuerySet[Meeting]:
    """The meetings of each system from a year before its date on, with their committee and
    system, their history's last change and count, and their public agenda items."""
    window = Q(pk__in=[])
    for as_at, system_ids in by_date.items():
        window |= Q(committee__system_id__in=system_ids, held_on__gte=as_at - PAST)
    return (
        for_calendar(Meeting.objects.filter(window))
        .select_related("committee__system")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=public_items(AgendaItem.objects.order_by("number")).only(
                    "meeting_id", "number", "title"
                ),
                to_attr="public_agenda",
            )
        )
        .order_by("held_on", "pk")
    )


def _meeting_event(
    meeting: Meeting, *, host: str, base_url: str, named: bool, today: datetime
) -> icalendar.Event | None:
    committee, system = meeting.committee, meeting.committee.system
    page = base_url + reverse("governance:meeting-detail", args=[system.slug, meeting.pk])
    return meeting_event(
        meeting,
        committee_name=f"{system.short_name}: {committee.name}" if named else committee.name,
        host=host,
        stamp=today,
        description=_agenda(meeting.public_agenda, page),
    )


def _agenda(items: Iterable[AgendaItem], page: str) -> str:
    lines = [f"{item.number}. {item.title}" for item in items]
    agenda = ["Agenda:", *lines, ""] if lines else []
    return "\n".join([*agenda, f"In the governance tracker: {page}"])


def _deadline(
    due: Due, short_names: dict[int, str], *, host: str, base_url: str, stamp: datetime
) -> icalendar.Event:
    """A deadline as an all-day event on its date. Its UID is the deadline's identity (kind,
    record, date): stable while the deadline stands."""
    link = base_url + due.url
    return ical.event(
        uid=f"due-{due.kind}-{due.key}-{due.due_on:%Y%m%d}@{host}",
        stamp=stamp,
        summary=f"Due: {due.title}",
        starts=due.due_on,
        description=(
            f"{kind(due.kind).label} in {short_names.get(due.system_id, '')}.\n"
            f"In the governance tracker: {link}"
        ),
        link=link,
    )
