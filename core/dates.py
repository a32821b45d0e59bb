"""Plausible dates: the range a stored date must fall in, and date arithmetic that survives
dates stored before the range was enforced.

A partnership's governance starts long after 1990 and no agreement runs past 2100: a date
outside that is a typing slip (9999 for 2019, 0001 for 2001) that would otherwise be kept and
then break every page, feed and report that adds a period to it. Models attach
``validate_plausible_date`` to each date field, so forms, imports and commands that call
``full_clean`` all refuse it; pages and the API do their arithmetic through ``add_days`` so a
row stored earlier with such a date still renders.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

PLAUSIBLE_FROM = date(1990, 1, 1)
PLAUSIBLE_TO = date(2100, 12, 31)


def plausible_range_message(earliest: date = PLAUSIBLE_FROM, latest: date = PLAUSIBLE_TO) -> str:
    return (
        f"Enter a date between {earliest:%-d %B %Y} and {latest:%-d %B %Y}; "
        "check the year for a typing slip."
    )


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def is_plausible(value, earliest: date = PLAUSIBLE_FROM, latest: date = PLAUSIBLE_TO) -> bool:
    """Whether ``value`` (a date or datetime; None is not a date and counts as plausible)
    lies within the range."""
    day = _as_date(value)
    return day is None or earliest <= day <= latest


@deconstructible
class PlausibleDateValidator:
    """A model field validator: the date lies within ``earliest``..``latest`` (inclusive)."""

    code = "implausible_date"

    def __init__(self, earliest: date = PLAUSIBLE_FROM, latest: date = PLAUSIBLE_TO):
        self.earliest = earliest
        self.latest = latest

    def __call__(self, value) -> None:
        if not is_plausible(value, self.earliest, self.latest):
            raise ValidationError(
                plausible_range_message(self.earliest, self.latest), code=self.code
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDateValidator) and (self.earliest, self.latest) == (
            other.earliest,
            other.latest,
        )


validate_plausible_date = PlausibleDateValidator()


def check_plausible(**dates) -> None:
    """For services given dates outside a form: raise one ValidationError keyed by field
    name for each implausible date (``check_plausible(held_on=..., due_on=...)``)."""
    errors = {
        name: plausible_range_message() for name, value in dates.items() if not is_plausible(value)
    }
    if errors:
        raise ValidationError(errors)


def add_days(value: date | None, days: int) -> date | None:
    """``value`` + ``days``, held at the calendar's ends instead of overflowing: a stored
    year-9999 date plus a notice period is still the end of time, not a server error."""
    if value is None:
        return None
    try:
        return value + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def days_between(later: date | None, earlier: date | None) -> int | None:
    """``(later - earlier).days``, or None when either is missing."""
    if later is None or earlier is None:
        return None
    return (later - earlier).days
