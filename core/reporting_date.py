"""The one date a system page's derived facts are computed as at (RAG, slippage, overdue, due
soon, whether a meeting has been held): the date asked for (``?as_at=YYYY-MM-DD``), else the
date the system opens at (a demo system opens at its seed paper's date), else today.

``core.pages.system_view`` puts it on the request as ``request.as_at``; views pass it on instead
of reading the clock, so one page never mixes two dates.
"""

from datetime import date

from django.utils import timezone

from core.dates import is_plausible
from core.params import parse_date

PARAMETER = "as_at"


def reporting_date(request, system) -> date:
    """``?as_at=`` (a real, plausible date or a 400 naming the parameter), else the system's
    opening date, else today."""
    chosen = parse_date(request, PARAMETER)
    if chosen is not None:
        return chosen
    return system_date(system)


def system_date(system) -> date:
    """The date the system's facts are shown as at when no one asks for another: its opening
    date, else today (a calendar feed, which no one asks with a date, reads this). It is also
    the system's present, at which its monthly update is given (``opening_date``)."""
    return opening_date(getattr(system, "opens_as_at", None))


def opening_date(opens: date | None) -> date:
    """``system_date`` from the system's ``opens_as_at`` (read as a column)."""
    # A date stored before the plausible range was enforced would break every page's arithmetic.
    return opens if opens is not None and is_plausible(opens) else timezone.localdate()


def banner(request) -> dict:
    """Template context: ``as_at_param`` for GET forms to keep a chosen date (a hidden field),
    and the banner's dates when the page is not as at today."""
    as_at = getattr(request, "as_at", None)
    if as_at is None:
        return {}
    context = {"as_at_param": as_at.isoformat() if request.GET.get(PARAMETER) else ""}
    today = timezone.localdate()
    if as_at != today:
        context.update(as_at=as_at, as_at_today=today)
    return context
