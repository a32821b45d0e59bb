"""The subscribed calendar: fetched with no session, valid RFC 5545 (read back by the icalendar
library), the meetings and deadlines of the systems its holder sees at the moment of the fetch,
and nothing else; a revoked or unknown address is the same 404."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import authz
from core.due import due_for
from core.scoping import scope
from governance import services
from partners.models import Access
from reminders import calendar_views
from reminders.calendar_tokens import calendar_token_in_use, calendar_token_revoke
from reminders.tests.calendar_helpers import (
    AS_AT,
    action_for,
    address,
    as_at,
    events,
    fetch,
    meeting,
    summaries,
)
from tests.meeting_factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def test_the_feed_is_valid_icalendar_fetched_without_a_session(system, chair):
    as_at(system)
    meeting(system, held_on=date(2019, 6, 4), starts_at=time(14, 0), location="Room 1; B")
    meeting(system, name="Board", held_on=date(2019, 9, 5), status="scheduled")
    action_for(chair, system, due_on=date(2019, 7, 15))

    response = fetch(address(chair))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    assert not response.cookies  # no session was made for the client
    found = events(response)
    assert len(found) == 4  # three meetings (the action's too) and the deadline
    for event in found:
        assert event["UID"] and event["DTSTAMP"] and event["DTSTART"]
    assert len({str(event["UID"]) for event in found}) == 4
    by_summary = {str(event["SUMMARY"]): event for event in found}
    timed = by_summary["Joint Committee"]
    assert timed.decoded("DTSTART") == datetime.fromisoformat("2019-06-04T13:00:00+00:00")
    assert str(timed["LOCATION"]) == "Room 1; B"
    assert b"LOCATION:Room 1\\; B" in response.content  # escaped as RFC 5545 TEXT
    deadline = by_summary["Due: Action from Action committee: Send the revised plan"]
    assert deadline.decoded("DTSTART") == date(2019, 7, 15)  # all day
    assert deadline.decoded("DTEND") == date(2019, 7, 16)
    assert str(deadline["URL"]).startswith("http://testserver/s/alpha/meetings/")


def test_a_cancelled_meeting_keeps_its_uid_and_says_cancelled(system, office):
    as_at(system)
    held = meeting(system, held_on=date(2019, 8, 1), status="scheduled")
    path = address(office)
    before = events(fetch(path))[0]
    with scope([system]):
        services.meeting_cancel(actor=office, meeting=held, reason="Chair unwell")

    after = events(fetch(path))[0]

    assert after["UID"] == before["UID"]
    assert (before["STATUS"], after["STATUS"]) == ("CONFIRMED", "CANCELLED")
    assert after.get("SEQUENCE", 0) > before.get("SEQUENCE", 0)
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")
    assert str(after["SUMMARY"]) == "Cancelled: Joint Committee"


def test_revoked_and_unknown_addresses_are_the_same_404(system, chair):
    path = address(chair)
    assert fetch(path).status_code == 200
    calendar_token_revoke(actor=chair, token=calendar_token_in_use(chair), reason="Lost phone")

    revoked, unknown = fetch(path), fetch(reverse("reminders:calendar-feed", args=["x" * 43]))

    assert revoked.status_code == unknown.status_code == 404
    assert revoked.content == unknown.content


def test_a_new_address_stops_the_old_one(system, chair):
    old = address(chair)
    new = address(chair)
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200


def test_another_systems_meetings_never_appear(system, other_system, chair, outsider):
    as_at(system)
    as_at(other_system)
    meeting(system, name="Alpha board", held_on=date(2019, 7, 1))
    meeting(other_system, name="Beta board", held_on=date(2019, 7, 1))
    action_for(chair, other_system, due_on=date(2019, 7, 12))  # not a system chair may see

    assert summaries(fetch(address(chair))) == ["Alpha board"]
    theirs = summaries(fetch(address(outsider)))
    assert "Beta board" in theirs and "Alpha board" not in theirs


def test_access_ended_empties_the_calendar(system, chair):
    as_at(system)
    meeting(system, held_on=date(2019, 7, 1))
    path = address(chair)
    assert len(events(fetch(path))) == 1
    Access.objects.filter(user=chair).update(ends_on=date(2020, 1, 1))

    assert events(fetch(path)) == []


def test_a_closed_account_has_no_calendar(system, chair):
    path = address(chair)
    chair.is_active = False
    chair.save()
    assert fetch(path).status_code == 404


def test_confidential_business_and_notes_stay_out_even_for_those_who_see_them(system, office):
    as_at(system)
    held = meeting(system, held_on=date(2019, 7, 1), notes="Private notes")
    with scope([system]):
        AgendaItemFactory(meeting=held, number=1, title="Budget for 2019/20")
        AgendaItemFactory(meeting=held, number=2, title="Takeover talks", confidential=True)

    response = fetch(address(office))  # the programme office sees part B in the pages

    description = str(events(response)[0]["DESCRIPTION"])
    assert "1. Budget for 2019/20" in description
    assert b"Takeover" not in response.content and b"Private notes" not in response.content


def test_meetings_older_than_a_year_before_the_systems_date_are_left_out(system, chair):
    as_at(system)
    meeting(system, name="Old", held_on=date(2018, 7, 1))
    meeting(system, name="Recent", held_on=date(2018, 7, 15))
    assert summaries(fetch(address(chair))) == ["Recent"]


def test_an_unchanged_calendar_answers_304(system, chair):
    as_at(system)
    meeting(system, held_on=date(2019, 7, 1))
    path = address(chair)
    first = fetch(path)
    assert first["ETag"]
    assert fetch(path, if_none_match=first["ETag"]).status_code == 304


def test_a_runaway_client_is_throttled_known_token_or_not(system, chair, monkeypatch):
    monkeypatch.setattr(calendar_views, "FETCHES_PER_HOUR", 2)
    path = address(chair)
    unknown = reverse("reminders:calendar-feed", args=["y" * 43])
    assert [fetch(path).status_code for _ in range(3)] == [200, 200, 429]
    assert [fetch(unknown).status_code for _ in range(3)] == [404, 404, 429]
    assert int(fetch(path)["Retry-After"]) > 0


def test_the_fetch_records_its_time(system, chair):
    path = address(chair)
    assert calendar_token_in_use(chair).last_used_at is None
    fetch(path)
    assert calendar_token_in_use(chair).last_used_at is not None


def _queries(path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert fetch(path).status_code == 200
    return len(queries)


def test_the_feed_takes_the_same_queries_however_many_meetings(system, chair):
    as_at(system)
    path = address(chair)
    first = meeting(system, name="First", held_on=date(2019, 7, 1))
    action_for(chair, system, due_on=date(2019, 7, 15), held=first)
    fetch(path)  # the first fetch records its time; later ones within the minute write nothing
    authz.role_in(chair, system)  # the holder's accesses, which the feed reads first
    with scope([system]):
        due_queries = CaptureQueriesContext(connection)
        with due_queries:
            due_for(chair, AS_AT, [system.pk])

    few = _queries(path)
    for day in range(2, 12):
        held = meeting(system, name=f"Committee {day}", held_on=date(2019, 7, day))
        with scope([system]):
            AgendaItemFactory(meeting=held, number=1)
        action_for(chair, system, due_on=date(2019, 7, 15), held=held)

    # 1 the token and its holder, 2 the holder's accesses, 3 their systems, 4 the meetings
    # with committee, system and history's last change and count, 5 their public agenda
    # items; then core.due's own queries, one per kind of deadline.
    assert few == 5 + len(due_queries) == _queries(path)


@pytest.mark.parametrize("token", ["a%00b", "x" * 5000, "é", "..", "a b"])
def test_a_hostile_address_is_not_found(token, db):
    response = fetch(f"/calendar/{token}.ics")
    assert response.status_code == 404 and response.content == b"No such calendar."
