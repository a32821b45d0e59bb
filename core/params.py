"""Strict parsing of query parameters for pages and the API.

A value that does not parse raises ``BadParameter`` naming the parameter; ``core.middleware``
answers it with a 400 (a page saying what to change, or DRF-shaped JSON under /api/), never a
server error. Only ASCII digits count as digits: Python's ``int()`` reads Arabic-Indic and
other digits that no user types on purpose and that the database would not compare as numbers.

An absent or empty parameter gives the default: a link that leaves a filter blank is fine.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.utils import timezone

from core.dates import PLAUSIBLE_FROM, PLAUSIBLE_TO, plausible_range_message

# The largest id PostgreSQL's bigint holds: past it the database refuses the query.
MAX_ID = 2**63 - 1
MAX_TEXT_LENGTH = 200
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class BadParameter(ValueError):
    """A query parameter's value this request cannot use; ``name`` says which."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def _params(source) -> Mapping:
    """The query parameters of a Django or DRF request (or a mapping given directly)."""
    for attribute in ("query_params", "GET"):
        if hasattr(source, attribute):
            return getattr(source, attribute)
    return source


def _raw(source, name: str) -> str:
    value = _params(source).get(name, "")
    if "\x00" in value:
        raise BadParameter(name, "Remove the null character from the value.")
    return value.strip()


def get_text(source, name: str, *, default: str = "", max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text (a search): no NUL, and short enough to be a search, not a payload."""
    value = _raw(source, name)
    if len(value) > max_length:
        raise BadParameter(name, f"Use at most {max_length} characters.")
    return value or default


def parse_int(
    source,
    name: str,
    *,
    default: int | None = None,
    min_value: int = 1,
    max_value: int = MAX_ID,
) -> int | None:
    """A whole number written in ASCII digits, between ``min_value`` and ``max_value``."""
    value = _raw(source, name)
    if not value:
        return default
    if not _DIGITS.fullmatch(value.removeprefix("-")):
        raise BadParameter(name, "Give a whole number, e.g. 12.")
    number = int(value)
    if not min_value <= number <= max_value:
        raise BadParameter(name, f"Give a number from {min_value} to {max_value}.")
    return number


def as_id(value) -> int | None:
    """``value`` as a record's id (ASCII digits, within bigint), or None: for code that has
    its own answer to a value that is no id (a filter's "not one of the choices")."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_id(source, name: str) -> int | None:
    """A record's id: a positive number the database can hold."""
    return parse_int(source, name, min_value=1, max_value=MAX_ID)


def parse_page(source, name: str = "page", *, max_value: int = 1_000_000) -> int:
    """A page number; past the last page the paginator shows the last one."""
    return parse_int(source, name, default=1, min_value=1, max_value=max_value)


def parse_choice(source, name: str, choices: Iterable, *, default: str = "") -> str:
    """One of ``choices`` (values, or (value, label) pairs as Django's choices give them)."""
    value = _raw(source, name)
    if not value:
        return default
    allowed = [c[0] if isinstance(c, (tuple, list)) else c for c in choices]
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed if a != "")
        raise BadParameter(name, f"Choose one of: {shown}.")
    return value


def parse_date(
    source,
    name: str,
    *,
    default: date | None = None,
    earliest: date = PLAUSIBLE_FROM,
    latest: date = PLAUSIBLE_TO,
) -> date | None:
    """A date as YYYY-MM-DD in ASCII digits, a real day, within a plausible range."""
    value = _raw(source, name)
    if not value:
        return default
    if not _ISO_DATE.fullmatch(value):
        raise BadParameter(name, "Give a date as YYYY-MM-DD, e.g. 2019-03-31.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"{value} is not a real date.") from None
    if not earliest <= parsed <= latest:
        raise BadParameter(name, plausible_range_message(earliest, latest))
    return parsed


def parse_datetime(source, name: str, *, default: datetime | None = None) -> datetime | None:
    """An ISO 8601 moment (a date alone means its midnight), in ASCII digits, a real time,
    within the plausible range; without an offset it is read in the site's time zone."""
    value = _raw(source, name)
    if not value:
        return default
    if not value.isascii() or not value[:4].isdigit():
        raise BadParameter(name, "Give an ISO 8601 date and time, e.g. 2026-01-31T00:00Z.")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadParameter(
            name, "Give a real ISO 8601 date and time, e.g. 2026-01-31T00:00Z."
        ) from None
    if not PLAUSIBLE_FROM <= parsed.date() <= PLAUSIBLE_TO:
        raise BadParameter(name, plausible_range_message(PLAUSIBLE_FROM, PLAUSIBLE_TO))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def reject_nul(params: Mapping) -> None:
    """Refuse any parameter holding a NUL: no value needs one and PostgreSQL refuses them."""
    for name in params:
        if "\x00" in name:
            raise BadParameter(name.replace("\x00", ""), "Remove the null character.")
        for value in params.getlist(name) if hasattr(params, "getlist") else [params[name]]:
            if "\x00" in value:
                raise BadParameter(name, "Remove the null character from the value.")
