"""iCalendar (RFC 5545) for a committee's meetings, one event per meeting: at its time where the
meeting has one (the time is UK local time, written in UTC so no VTIMEZONE is needed), otherwise
all day."""

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.dates import is_plausible
from governance.models import Committee, Meeting

# RFC 5545 3.3.11: TEXT allows no control character but HTAB; a line break is written "\n".
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
UK = ZoneInfo("Europe/London")


def _escape(text: str) -> str:
    r"""A TEXT value: backslash, semicolon and comma escaped, every kind of line break (a bare
    CR included, which would otherwise end the content line) as "\n", other controls dropped."""
    text = text.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
    return _CONTROL.sub("", _LINE_BREAK.sub(r"\\n", text))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > 74:
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def meetings_calendar(committee: Committee, meetings: Iterable[Meeting], *, host: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Governance tracker//Committee meetings//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(committee.name)}",
    ]
    for meeting in meetings:
        if not is_plausible(meeting.held_on):
            # A date stored before dates were checked (year 9999) cannot be a calendar event:
            # leave it out rather than fail the whole feed for every subscriber.
            continue
        status = "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            *_when(meeting),
            f"SUMMARY:{_escape(committee.name)}",
            f"STATUS:{status}",
        ]
        if meeting.location:
            lines.append(f"LOCATION:{_escape(meeting.location)}")
        if meeting.link:
            lines.append(f"URL:{_CONTROL.sub('', meeting.link)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _when(meeting: Meeting) -> list[str]:
    """DTSTART (and DTEND for a day): a timed meeting starts at its UK time, in UTC (BST is
    an hour ahead in summer); its length is not recorded, so no end is invented."""
    if meeting.starts_at is None:
        return [
            f"DTSTART;VALUE=DATE:{meeting.held_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{meeting.held_on + timedelta(days=1):%Y%m%d}",
        ]
    local = datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=UK)
    return [f"DTSTART:{local.astimezone(UTC):%Y%m%dT%H%M%SZ}"]
