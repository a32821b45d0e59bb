"""Orderings that page through every row exactly once, for the API and the pages.

A list sorted by a column with ties or nulls has no stable order of its own: offset pages can
repeat or skip rows, and a cursor that holds only the sorted column's value cannot say where a
page ended among equal values (DRF's CursorPagination, given a null, fails outright). So every
ordering here is total: the requested column, with nulls placed explicitly (last, whichever way
the column sorts), then the id, ascending, to break ties. The API's cursor holds the values of
every column of that ordering, null included, and is signed, so a cursor the list did not give
is refused rather than read.
"""

import datetime
import decimal
from collections.abc import Sequence
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import replace_query_param

from core.params import parse_int

ORDERING_PARAM = "ordering"
CURSOR_PARAM = "cursor"
INVALID_CURSOR = (
    "Invalid cursor: the `cursor` parameter must be a link this list gave (next or previous), "
    "unchanged, with the same `ordering`."
)


@dataclass(frozen=True)
class Key:
    """One column of a total ordering. ``name`` is a field or an annotation of the queryset."""

    name: str
    descending: bool = False
    nullable: bool = True

    def reversed(self) -> "Key":
        return Key(self.name, not self.descending, self.nullable)

    def expression(self, *, nulls_last: bool):
        if not self.nullable:
            return f"-{self.name}" if self.descending else self.name
        placement = {"nulls_last": True} if nulls_last else {"nulls_first": True}
        column = F(self.name)
        return column.desc(**placement) if self.descending else column.asc(**placement)


@dataclass(frozen=True)
class Ordering:
    """A total ordering: the requested keys, then the id. Nulls come after every value when
    ``nulls_last`` (as requested), before them when the ordering is read backwards."""

    keys: tuple[Key, ...]
    nulls_last: bool = True
    # The ``?ordering=`` value it answers ("" for the list's default), carried in the cursor.
    label: str = ""

    def reversed(self) -> "Ordering":
        return Ordering(tuple(k.reversed() for k in self.keys), not self.nulls_last, self.label)

    def order_by(self) -> list:
        return [key.expression(nulls_last=self.nulls_last) for key in self.keys]

    def values_of(self, row) -> list:
        if isinstance(row, dict):
            return [row[key.name] for key in self.keys]
        return [getattr(row, key.name) for key in self.keys]

    def after(self, values: Sequence) -> Q | None:
        """The rows strictly after the row with these values; None when none can be."""
        found = None
        equal = Q()
        for key, value in zip(self.keys, values, strict=True):
            step = self._beyond(key, value)
            if step is not None:
                found = (equal & step) if found is None else found | (equal & step)
            equal &= Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
        return found

    def _beyond(self, key: Key, value) -> Q | None:
        if value is None:
            # Nulls last: nothing sorts after a null; nulls first: every value does.
            return None if self.nulls_last else Q(**{f"{key.name}__isnull": False})
        beyond = Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": value})
        if key.nullable and self.nulls_last:
            beyond |= Q(**{f"{key.name}__isnull": True})
        return beyond


def ordering_values(view) -> list[str]:
    """The ``?ordering=`` values a list offers: each of its ``ordering_fields``, either way."""
    fields = getattr(view, "ordering_fields", None) or ()
    return [value for field in fields for value in (field, f"-{field}")]


def requested_ordering(request, view) -> str:
    """The request's ``?ordering=`` value, checked: a 400 naming the parameter if the list does
    not offer it (one value only: the ordering is a column, then the id)."""
    value = request.query_params.get(ORDERING_PARAM, "")
    if value == "":
        return ""
    offered = ordering_values(view)
    if value not in offered:
        choices = ", ".join(offered) if offered else "none: this list has a fixed order"
        message = f"Not an ordering of this list. Choose: {choices}."
        raise ValidationError({ORDERING_PARAM: [message]})
    return value


def ordering_for(request, view, model) -> Ordering:
    """The total ordering of a list request (its default: by id)."""
    label = requested_ordering(request, view)
    pk = Key("pk", nullable=False)
    if not label:
        return Ordering((pk,))
    name = label.lstrip("-")
    column = getattr(view, "ordering_aliases", {}).get(name, name)
    key = Key(column, descending=label.startswith("-"), nullable=_nullable(model, column))
    return Ordering((key, pk), label=label)


def _nullable(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).null
    except FieldDoesNotExist:
        return True  # an annotation: assume it may be null


class StableOrderingFilter(BaseFilterBackend):
    """``?ordering=``: one of the view's ``ordering_fields`` (the model's own columns, or
    annotations), ascending or (``-``) descending; ``ordering_aliases`` maps a value to the
    annotation that sorts it. Rows without a value come last either way, and the id breaks
    ties. Anything else is a 400 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset  # one object (its detail, history, PDF): nothing to sort
        return queryset.order_by(*ordering_for(request, view, queryset.model).order_by())

    def get_schema_operation_parameters(self, view):
        values = ordering_values(view)
        if not values:
            return []
        return [
            {
                "name": ORDERING_PARAM,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by this column (`-` first: descending). Rows without a value come "
                    "last either way; rows with equal values follow their id. By id if absent."
                ),
                "schema": {"type": "string", "enum": values},
            }
        ]


class _Cursor:
    """A signed position: the ordering it belongs to, which way the page reads, and the values
    of the ordering's columns in the row it starts after."""

    salt = "core.ordering.cursor"

    @classmethod
    def encode(cls, ordering: Ordering, backwards: bool, values: list) -> str:
        payload = {"o": ordering.label, "p": [_plain(v) for v in values]}
        if backwards:
            payload["r"] = 1
        return signing.Signer(salt=cls.salt).sign_object(payload)

    @classmethod
    def decode(cls, text: str, ordering: Ordering, queryset) -> tuple[bool, list]:
        try:
            # Made per use: it reads the secret key (and its fallbacks) from the settings.
            payload = signing.Signer(salt=cls.salt).unsign_object(text)
        except (signing.BadSignature, ValueError, TypeError):
            raise NotFound(INVALID_CURSOR) from None
        if (
            not isinstance(payload, dict)
            or payload.get("o") != ordering.label
            or not isinstance(payload.get("p"), list)
            or len(payload["p"]) != len(ordering.keys)
        ):
            raise NotFound(INVALID_CURSOR)
        try:
            values = [
                None if value is None else _field(queryset, key.name).to_python(value)
                for key, value in zip(ordering.keys, payload["p"], strict=True)
            ]
        except (DjangoValidationError, ValueError, TypeError, ArithmeticError):
            raise NotFound(INVALID_CURSOR) from None
        return bool(payload.get("r")), values


def _plain(value):
    """A column's value as JSON keeps it exactly (a time to the microsecond, a decimal's
    digits); the field reads it back (``to_python``)."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):  # a datetime is a date
        return value.isoformat()
    return value


def _field(queryset, name: str) -> models.Field:
    annotations = getattr(getattr(queryset, "query", None), "annotations", {})
    if name in annotations:
        return annotations[name].output_field
    meta = queryset.model._meta
    return meta.pk if name == "pk" else meta.get_field(name)


class KeysetPagination(CursorPagination):
    """Cursor pages in the list's total ordering (``ordering_for``): the cursor holds every
    column's value of the row a page starts after, nulls included, so each row is on exactly
    one page, forwards and backwards. A page costs one query (its rows and one more, to know
    whether another page follows)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_cursor_message = INVALID_CURSOR

    def get_page_size(self, request) -> int:
        """``page_size`` as a whole number (a 400 naming it otherwise); above the most a page
        holds, the most (as documented)."""
        size = parse_int(request, self.page_size_query_param, default=self.page_size)
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        ordering = ordering_for(request, view, queryset.model)
        cursor = request.query_params.get(self.cursor_query_param)
        backwards, position = False, None
        if cursor is not None:
            backwards, position = _Cursor.decode(cursor, ordering, queryset)
        reading = ordering.reversed() if backwards else ordering
        queryset = queryset.order_by(*reading.order_by())
        if position is not None:
            beyond = reading.after(position)
            queryset = None if beyond is None else queryset.filter(beyond)
        rows = [] if queryset is None else list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        self.page = rows
        # The neighbouring pages start after this page's last row and before its first. Read
        # forwards, more rows means a next page; backwards, a previous one. The cursor's side
        # always has one (the row the cursor came from).
        more_after = more if not backwards else position is not None
        more_before = more if backwards else position is not None
        if rows:
            first, last = ordering.values_of(rows[0]), ordering.values_of(rows[-1])
        else:
            # An empty page (its rows were withdrawn since): the way back from its position.
            first = last = position
        self._next = _Cursor.encode(ordering, False, last) if more_after and last else None
        self._previous = _Cursor.encode(ordering, True, first) if more_before and first else None
        return rows

    def get_next_link(self):
        return self._link(self._next)

    def get_previous_link(self):
        return self._link(self._previous)

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)


def page_ordering(*columns: str, model=None) -> list:
    """A total ordering for a page's list (offset pages): the columns (``-`` first:
    descending), nulls last either way, then the id. ``model`` says which columns cannot be
    null; without it every column but the id is ordered as if it might be."""
    keys = []
    for column in columns:
        name = column.lstrip("-")
        nullable = True if model is None else _nullable(model, name)
        keys.append(Key(name, descending=column.startswith("-"), nullable=nullable))
    if not any(key.name in ("pk", "id") for key in keys):
        keys.append(Key("pk", nullable=False))
    return Ordering(tuple(keys)).order_by()
