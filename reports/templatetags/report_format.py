"""The snapshot's values as the report prints them: its dates are ISO strings, not dates."""

from datetime import date, datetime

from django import template

from escalation.rules import CaseStatus, RiskRating
from milestones.rag import Rag

register = template.Library()

# The change is in words as well as an arrow: status is never shown by colour or shape alone.
CHANGES = {
    "worse": "\u25bc Worse",
    "better": "\u25b2 Better",
    "same": "No change",
    "new": "New",
}


def format_day(value: str | None) -> str:
    """ "2019-11-30" -> "30 Nov 2019"; a timestamp prints its date; nothing prints nothing."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return str(value)
    return f"{day.day} {day:%b %Y}"


def format_long_day(value: str | None) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{moment.day} {moment:%B %Y}"


def month_label(value: str | None) -> str:
    """ "2019-10" -> "October 2019"."""
    try:
        month = date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return value or ""
    return f"{month:%B %Y}"


def rag_label(value: str | None) -> str:
    return Rag(value).label if value in Rag.values else (value or "")


def _label(choices, value: str | None) -> str:
    """A stored choice as the pages label it ("awaiting_response" -> "Awaiting response"); a
    value the choices do not know prints as it is, never as nothing."""
    return choices(value).label if value in choices.values else (value or "")


def case_status_label(value: str | None) -> str:
    return _label(CaseStatus, value)


def risk_rating_label(value: str | None) -> str:
    return _label(RiskRating, value)


def change_label(value: str | None) -> str:
    return CHANGES.get(value or "", "")


def signed_days(value) -> str:
    """Slippage in days: "+123" late, "\u22123" early, "0" on time."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return ""
    if days > 0:
        return f"+{days}"
    return f"\u2212{-days}" if days < 0 else "0"


register.filter("day", format_day)
register.filter("long_day", format_long_day)
register.filter("month_label", month_label)
register.filter("rag_label", rag_label)
register.filter("change_label", change_label)
register.filter("case_status_label", case_status_label)
register.filter("risk_rating_label", risk_rating_label)
register.filter("signed_days", signed_days)
