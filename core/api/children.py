"""The children of the records a response writes, read in one query each, as named rows.

``prefetch_related`` builds a model instance (and, without ``to_attr``, a related manager) for
every child; a nested serializer that reads nothing but the child's own columns
(``column_writer``) writes the same JSON from ``values_list(named=True)`` rows, whose
attributes are those columns. The viewset names its children (``child_rows``) and every list
and detail response reads them after the page, so both write the same shape;
``tests/test_api_column_rows.py`` holds them equal to what DRF writes from model instances.
A list written from ``.values()`` rows (``core.api.base``) gets its children as keys of each
row, which a method field declared with ``reads`` reads as it would the instance's attribute.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from django.db.models import F, QuerySet

from core.api.columns import RowView, column_writer, reads_only_own_columns
from core.lookups import AnyOf


@dataclass(frozen=True)
class ChildRows:
    """The children ``queryset`` (scoped, in the order they are written) of each parent, as a
    list set on the parent's ``attr``; ``parent`` is the children's column naming their parent
    (e.g. ``"meeting_id"``), whose value is the parent's ``key`` (its pk, or a column such as
    ``"committee_id"``: parents with the same value share one list). ``serializer`` is the
    nested serializer that writes them: they are named rows of its columns (and of ``extra``
    columns, for anything else that reads them) when it reads nothing but its model's own
    columns (``reads_only_own_columns``), rows read as instances (``RowView``) when it also
    reads related rows' columns or declared methods (``column_writer``); model instances
    otherwise, or without one (read by something else), unless ``extra`` names the columns
    that something reads (a link's other end, say). Parents are model instances or
    ``.values()`` rows (dicts); the children of ``.values()`` rows that a serializer with a
    ColumnWriter writes are ``.values()`` rows too, which the parents' writer writes by it.
    ``children``: their own children, set on each of them first (a commitment's owners)."""

    attr: str
    queryset: QuerySet
    parent: str
    serializer: type | None = None
    extra: tuple[str, ...] = ()
    key: str = "pk"
    children: tuple["ChildRows", ...] = ()

    def names(self) -> frozenset[str]:
        """What is set on each parent: ``attr``, and on each child its own children's."""
        return frozenset([self.attr]).union(*(child.names() for child in self.children))

    def attach(self, parents: list) -> None:
        groups = defaultdict(list)
        as_rows = bool(parents) and isinstance(parents[0], dict)
        key = itemgetter(self.key) if as_rows else attrgetter(self.key)
        keys = {key(p) for p in parents} - {None}
        if keys:
            children = self.queryset.filter(AnyOf(F(self.parent), list(keys)))
            children, parent_of = self._rows(children, as_rows)
            for child in children:
                groups[parent_of(child)].append(child)
        for parent in parents:
            found = groups.get(key(parent), [])
            if as_rows:
                parent[self.attr] = found
            else:
                setattr(parent, self.attr, found)

    def _rows(self, children: QuerySet, as_rows: bool) -> tuple[Iterable, Callable]:
        """The children as what writes the parents reads them (with their own children set on
        them), and how each names its parent."""
        model = self.queryset.model
        grandchildren = frozenset().union(*(child.names() for child in self.children))
        writer = self.serializer and column_writer(self.serializer, model, grandchildren)
        own = not self.children and self.serializer and reads_only_own_columns(self.serializer)
        if writer and (as_rows or not own):
            keys = (child.key for child in self.children)
            columns = dict.fromkeys([self.parent, *writer.columns, *self.extra, *keys])
            values = list(children.values(*columns))
            self._attach_children(values)
            if as_rows:
                # A list of .values() rows writes them by the serializer's ColumnWriter.
                return values, itemgetter(self.parent)
            # Its methods are given each row as the instance would read (RowView).
            return [RowView(row, model) for row in values], attrgetter(self.parent)
        columns = (*writer.columns, *self.extra) if writer else self.extra
        if not self.children and (writer or (self.serializer is None and columns)):
            children = children.values_list(*dict.fromkeys([self.parent, *columns]), named=True)
        children = list(children)
        self._attach_children(children)
        return children, attrgetter(self.parent)

    def _attach_children(self, rows: list) -> None:
        for child in self.children:
            child.attach(rows)


class ChildRowsMixin:
    """For a ScopedReadOnlyViewSet: the records its serializer writes, a page or one, get
    their children (``child_rows``) first, as a list of ``.values()`` rows does."""

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None:
            many = kwargs.get("many", False)
            records = list(args[0]) if many else [args[0]]
            for children in self.child_rows():
                children.attach(records)
            args = (records if many else args[0], *args[1:])
        return super().get_serializer(*args, **kwargs)
