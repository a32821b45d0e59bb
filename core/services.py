"""What every write service shares."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError


def check_changes(service: str, changes: Mapping[str, object], allowed: Iterable[str]) -> None:
    """Refuse a change to a field the service does not offer, before anything is written.

    Update services take ``**changes`` so that forms can pass their cleaned data straight
    through; without this a caller could change any field, ``system`` included, and so move a
    record into another system. A key outside the list is a programming error, not bad input,
    hence ``TypeError`` (as for an unexpected keyword argument)."""
    unknown = set(changes).difference(allowed)
    if unknown:
        raise TypeError(f"{service}() cannot change {', '.join(sorted(unknown))}")


def required_reason(reason: str | None, message: str) -> str:
    """The reason a one-way change (withdraw, cancel, stand down, end) must give, stripped;
    ``message`` goes next to the reason field when none is given."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason
