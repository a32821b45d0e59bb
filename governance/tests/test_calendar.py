"""The meetings feed is RFC 5545 whatever text a committee or meeting carries: TEXT escaped,
no line break or control character passing through, long lines folded at 75 octets."""

from datetime import UTC, date, time

import pytest
from django.urls import reverse

from core.scoping import scope
from governance import services
from governance.calendar import meetings_calendar
from governance.models import Committee, Meeting
from tests import factories

HOSTILE = 'Board; A, B \\ C\r\nBEGIN:VEVENT\rSUMMARY:injected\nEND:VEVENT\x00\x1b"é' + "ü" * 60


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def feed(name: str, location: str) -> str:
    committee = Committee(name=name)
    meeting = Meeting(pk=7, held_on=date(2019, 3, 4), status=Meeting.Status.HELD, location=location)
    return meetings_calendar(committee, [meeting], host="tracker.example.nhs.uk")


def content_lines(body: str) -> list[str]:
    assert body.endswith("\r\n")
    physical = body[:-2].split("\r\n")
    for line in physical:
        assert "\r" not in line and "\n" not in line, repr(line)
        assert len(line.encode()) <= 75, repr(line)
    return body[:-2].replace("\r\n ", "").split("\r\n")


def test_hostile_text_stays_inside_its_property():
    lines = content_lines(feed(HOSTILE, HOSTILE))
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith("SUMMARY:injected") for line in lines)
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    location = next(line for line in lines if line.startswith("LOCATION:"))
    expected = HOSTILE.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    expected = expected.replace("\x1b", "")
    assert unescape(summary.removeprefix("SUMMARY:")) == expected
    assert unescape(location.removeprefix("LOCATION:")) == expected


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a;b", r"a\;b"),
        ("a,b", r"a\,b"),
        ("a\\b", r"a\\b"),
        ("a\nb", r"a\nb"),
        ("a\r\nb", r"a\nb"),
        ("a\rb", r"a\nb"),
        ("a\tb", "a\tb"),
        ("a\x07b", "ab"),
    ],
)
def test_each_special_character_is_escaped(text, escaped):
    lines = content_lines(feed(text, "x"))
    assert f"SUMMARY:{escaped}" in lines


def test_folding_never_splits_a_character():
    """Two-octet characters: folded by octets, between characters, and unfolded unchanged."""
    body = feed("é" * 200, "x")
    assert "SUMMARY:" + "é" * 200 in content_lines(body)


def test_the_feed_page_serves_hostile_names_safely(client, chair, system):
    with scope([system]):
        # PostgreSQL refuses NUL in text outright, so the stored name carries the other controls.
        stored = HOSTILE.replace("\x00", "")[:200]
        committee = factories.CommitteeFactory(system=system, name=stored)
        factories.MeetingFactory(committee=committee, held_on=date(2019, 1, 10))
    client.force_login(chair)
    response = client.get(reverse("governance:committee-ical", args=[system.slug, committee.pk]))
    assert response.status_code == 200
    lines = content_lines(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 1


@pytest.mark.parametrize(
    ("held_on", "starts_at", "start"),
    [
        (date(2019, 1, 15), time(14, 0), "DTSTART:20190115T140000Z"),  # GMT: UTC
        (date(2019, 7, 16), time(14, 0), "DTSTART:20190716T130000Z"),  # BST: an hour ahead
        (date(2019, 3, 31), time(9, 30), "DTSTART:20190331T083000Z"),  # the day clocks go on
    ],
)
def test_a_meeting_with_a_time_starts_then_in_uk_time(held_on, starts_at, start):
    meeting = Meeting(pk=8, held_on=held_on, starts_at=starts_at, status=Meeting.Status.SCHEDULED)
    lines = content_lines(meetings_calendar(Committee(name="Board"), [meeting], host="h"))
    assert start in lines
    assert not any(line.startswith(("DTSTART;VALUE=DATE", "DTEND")) for line in lines)


def test_a_meeting_without_a_time_is_all_day():
    lines = content_lines(feed("Board", ""))
    assert "DTSTART;VALUE=DATE:20190304" in lines and "DTEND;VALUE=DATE:20190305" in lines


def test_the_committee_feed_dates_each_meeting_by_its_last_change(client, chair, office, system):
    """DTSTAMP from the meeting's history and SEQUENCE its changes, so an unchanged feed is the
    same bytes (the same ETag) and a changed meeting says so."""
    with scope([system]):
        committee = factories.CommitteeFactory(system=system)
        meeting = factories.MeetingFactory(committee=committee, held_on=date(2019, 1, 10))
    client.force_login(chair)
    url = reverse("governance:committee-ical", args=[system.slug, committee.pk])
    first, again = client.get(url).content.decode(), client.get(url).content.decode()
    assert first == again
    stamp = meeting.history.latest("history_date").history_date
    assert f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}" in content_lines(first)
    assert not any(line.startswith("SEQUENCE") for line in content_lines(first))
    with scope([system]):
        services.meeting_update(actor=office, meeting=meeting, location="Room 2", reason="Moved")
    assert "SEQUENCE:1" in content_lines(client.get(url).content.decode())
