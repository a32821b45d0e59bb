"""What every write service shares."""

from collections.abc import Iterable, Mapping


def check_changes(service: str, changes: Mapping[str, object], allowed: Iterable[str]) -> None:
    """Refuse a change to a field the service does not offer, before anything is written.

    Update services take ``**changes`` so that forms can pass their cleaned data straight
    through; without this a caller could change any field, ``system`` included, and so move a
    record into another system. A key outside the list is a programming error, not bad input,
    hence ``TypeError`` (as for an unexpected keyword argument)."""
    unknown = set(changes).difference(allowed)
    if unknown:
        raise TypeError(f"{service}() cannot change {', '.join(sorted(unknown))}")
