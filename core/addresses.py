"""Rows' addresses for a list: a named URL reversed once for the list, not once a row (an API
list's links, a page's table)."""

from django.urls import reverse


class RowAddresses:
    """Each row's address by a named URL whose last argument is the row's id, absolute when a
    request is given: reversed once for each set of the other arguments (a list's rows share
    them), not once a row. ``addresses(pk, *others)``.

    The addresses of ids 1 and 2 differ only where the id is written; what comes before and
    after it holds for any id when ids 2 and 10 are written there too. An address that does
    not split that way (a converter that pads ids) is reversed for each row."""

    def __init__(self, name: str, request=None):
        self.name = name
        self.request = request
        self._parts: dict[tuple, tuple[str, str] | None] = {}

    def __call__(self, pk: int, *others) -> str:
        if others not in self._parts:
            self._parts[others] = self._split(others)
        parts = self._parts[others]
        if parts is None:
            return self._address(pk, others)
        before, after = parts
        return f"{before}{pk}{after}"

    def _split(self, others: tuple) -> tuple[str, str] | None:
        one, two = self._address(1, others), self._address(2, others)
        cut = next((i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b), len(one))
        before, after = one[:cut], one[cut + 1 :]
        if any(self._address(pk, others) != f"{before}{pk}{after}" for pk in (2, 10)):
            return None
        return before, after

    def _address(self, pk: int, others: tuple) -> str:
        address = reverse(self.name, args=[*others, pk])
        return self.request.build_absolute_uri(address) if self.request else address
