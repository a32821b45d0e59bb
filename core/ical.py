"""iCalendar (RFC 5545) documents, built with the icalendar library: it escapes TEXT, folds lines
at 75 octets between characters and writes dates and UTC times as the RFC spells them. Every
calendar the product serves (a committee's meetings, a person's subscribed feed) starts here."""

import re
from datetime import date, datetime, timedelta

import icalendar

PRODUCT = "-//Governance tracker//Meetings and deadlines//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"

# Unicode's own line and paragraph separators are line breaks to a reader: written as "\n".
_SEPARATOR = re.compile("[\u2028\u2029]")
# RFC 5545 3.3.11: TEXT allows no control character but HTAB; the library writes CR and LF as
# "\n" itself, and would turn any other control into a space: they are dropped instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value as it is to be read: line breaks kept, other control characters dropped."""
    return _CONTROL.sub("", _SEPARATOR.sub("\n", value))


def uri(value: str) -> str:
    """A URI value (not escaped as TEXT): nothing may end its content line."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", "", value)


def calendar(name: str, *, refresh: timedelta | None = None) -> icalendar.Calendar:
    """An empty calendar called ``name``; ``refresh`` tells a subscribing client how often to
    fetch it again (RFC 7986 REFRESH-INTERVAL, and Outlook's X-PUBLISHED-TTL)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An X- property has no type the library knows: said to be TEXT, so it is escaped as one.
    cal.add("x-wr-calname", icalendar.vText(text(name)))
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(refresh))
    return cal


def event(
    *,
    uid: str,
    stamp: datetime,
    summary: str,
    starts: date | datetime,
    status: str = "CONFIRMED",
    sequence: int | None = None,
    description: str = "",
    location: str = "",
    link: str = "",
) -> icalendar.Event:
    """One event. ``starts`` a date: all day (it ends the next day); a UTC datetime: at that
    moment, with no end invented. ``stamp`` (UTC) is when its information last changed."""
    item = icalendar.Event()
    item.add("uid", uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", starts)
    if not isinstance(starts, datetime):
        item.add("dtend", starts + timedelta(days=1))
    item.add("summary", text(summary))
    item.add("status", status)
    if sequence:
        item.add("sequence", sequence)
    if description:
        item.add("description", text(description))
    if location:
        item.add("location", text(location))
    if link:
        item.add("url", uri(link))
    return item


def serialise(cal: icalendar.Calendar) -> bytes:
    return cal.to_ical()
