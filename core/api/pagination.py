"""The API's pagination: cursor pages in each list's total ordering (core.ordering)."""

from core.ordering import KeysetPagination


class StableCursorPagination(KeysetPagination):
    """Cursor pages in the list's ordering (by id unless ``?ordering=`` says otherwise): stable
    while rows are added, each row on exactly one page."""
