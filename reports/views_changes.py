"""The changes page: what changed in a system between two dates (reports.changes), each change
linking to its record; downloadable and printable."""

from dataclasses import dataclass
from datetime import timedelta

from django.shortcuts import render
from django.urls import reverse

from core.exports import export_response, requested_format
from core.pages import system_view
from core.params import BadParameter, parse_date
from reports.changes import Change, changes_between
from reports.exports import CHANGES

# With no dates asked for: the thirty days to the page's reporting date.
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Line:
    heading: str
    change: Change
    url: str


def _url(system, change: Change) -> str:
    if change.link is None:
        return ""
    name, args = change.link
    return reverse(name, args=[system.slug, *args])


@system_view
def changes(request, system):
    """``?from=`` and ``?to=`` (both days included; a bad date, or a start after the end, is a
    400 naming the parameter); without them, the thirty days to the reporting date."""
    end = parse_date(request, "to", default=request.as_at)
    start = parse_date(request, "from", default=end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        raise BadParameter("from", "Give a start date on or before the end date (to).")
    found = changes_between(system, start, end)
    sections = [
        (section, [Line(section.heading, c, _url(system, c)) for c in section.changes])
        for section in found.sections
    ]
    file_format = requested_format(request)
    if file_format:
        return export_response(
            request,
            CHANGES,
            [line for _, lines in sections for line in lines],
            file_format=file_format,
            filters=[("From", f"{start:%-d %B %Y}"), ("To", f"{end:%-d %B %Y}")],
            row=lambda line: (
                Line(line.heading, line.change, request.build_absolute_uri(line.url))
                if line.url
                else line
            ),
        )
    context = {"changes": found, "sections": sections, "start": start, "end": end}
    return render(request, "reports/changes.html", context)
