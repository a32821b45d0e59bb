"""Rows' addresses for a list: a named URL reversed once for the list, not once a row (an API
list's links, a page's table)."""

import re

from django.urls import NoReverseMatch, reverse

# What a slug converter accepts (django.urls.converters.SlugConverter): written as it is.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Values to reverse each kind of argument with: the first two (one character each) find where
# it is written; every one checks that writing it there is what reverse() does.
SAMPLES = {int: (1, 2, 10), str: ("a", "b", "Z-9_x")}


class RowAddresses:
    """Each row's address by a named URL, absolute when a request is given: reversed a few times
    for the list, not once a row. ``addresses(pk, *others)`` for a URL whose last argument is the
    row's id; ``addresses.of(*args)`` for any arguments in the URL's order (a system's slug).

    An argument is an id (an int) or a slug (a string a slug converter accepts). The address of
    each argument set to "1" (or "a") and then to "2" (or "b") differ only where it is written;
    what lies between holds for any value when 10 and "Z-9_x" are written there too. An address
    that does not split that way (a converter that pads ids), or an argument of another kind, is
    reversed for each row."""

    def __init__(self, name: str, request=None):
        self.name = name
        self.request = request
        self._parts: dict[tuple, tuple[str, ...] | None] = {}

    def __call__(self, pk: int, *others) -> str:
        return self.of(*others, pk)

    def of(self, *args) -> str:
        kinds = tuple(_kind(value) for value in args)
        if kinds not in self._parts:
            self._parts[kinds] = None if None in kinds else self._try_split(kinds)
        parts = self._parts[kinds]
        return self._address(args) if parts is None else _write(parts, args)

    def _try_split(self, kinds: tuple) -> tuple[str, ...] | None:
        try:
            return self._split(kinds)
        except NoReverseMatch:  # the converter refuses a sample: reverse each row's
            return None

    def _split(self, kinds: tuple) -> tuple[str, ...] | None:
        """The address's text before, between and after its arguments, in their order."""
        first = tuple(SAMPLES[kind][0] for kind in kinds)
        one = self._address(first)
        cuts = []
        for i, kind in enumerate(kinds):
            two = self._address((*first[:i], SAMPLES[kind][1], *first[i + 1 :]))
            cut = next(
                (at for at, (a, b) in enumerate(zip(one, two, strict=False)) if a != b), len(one)
            )
            cuts.append(cut)
        if sorted(cuts) != cuts or len(set(cuts)) != len(cuts):
            return None
        ends = [0, *(cut + 1 for cut in cuts)]
        parts = tuple(one[start:end] for start, end in zip(ends, [*cuts, len(one)], strict=True))
        for sample in (1, 2):
            args = tuple(SAMPLES[kind][sample] for kind in kinds)
            if self._address(args) != _write(parts, args):
                return None
        return parts

    def _address(self, args: tuple) -> str:
        address = reverse(self.name, args=list(args))
        return self.request.build_absolute_uri(address) if self.request else address


def _write(parts: tuple[str, ...], args: tuple) -> str:
    written = (f"{value}{after}" for value, after in zip(args, parts[1:], strict=True))
    return parts[0] + "".join(written)


def _kind(value) -> type | None:
    """int for an id, str for a slug; None for a value written some other way."""
    if type(value) is int and value >= 0:
        return int
    if type(value) is str and SLUG.fullmatch(value):
        return str
    return None
