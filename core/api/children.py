"""The children of the records a response writes, read in one query each, as named rows.

``prefetch_related`` builds a model instance (and, without ``to_attr``, a related manager) for
every child; a nested serializer that reads nothing but the child's own columns
(``column_writer``) writes the same JSON from ``values_list(named=True)`` rows, whose
attributes are those columns. The viewset names its children (``child_rows``) and every list
and detail response reads them after the page, so both write the same shape;
``tests/test_api_column_rows.py`` holds them equal to what DRF writes from model instances.

A list whose serializer reads nothing but columns once its children are set on each row
(``column_writer``'s ``attached``) is read as ``.values()`` rows, and each row's children are
set on it already written by their own serializer's column writer (``ChildRows.write``).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from core.api.columns import ColumnWriter, column_writer, reads_only_own_columns


@dataclass(frozen=True)
class ChildRows:
    """The children ``queryset`` (scoped, in the order they are written) of each parent, as a
    list set on the parent's ``attr``; ``parent`` is the children's column naming their parent
    (e.g. ``"meeting_id"``), whose value is the parent's ``key`` (its pk, or a column such as
    ``"committee_id"``: parents with the same value share one list). ``serializer`` is the
    nested serializer that writes them: they are named rows of its columns (and of ``extra``
    columns, for anything else that reads them) when it reads nothing but its model's own
    columns (``reads_only_own_columns``); model instances otherwise, or without one (read by
    something else). ``children``: their own children, set on each of them."""

    attr: str
    queryset: QuerySet
    parent: str
    serializer: type | None = None
    extra: tuple[str, ...] = ()
    key: str = "pk"
    children: tuple["ChildRows", ...] = ()

    def attach(self, parents: list) -> None:
        groups = defaultdict(list)
        keys = {getattr(p, self.key) for p in parents}
        if keys:
            children = self.of(keys)
            own = self.serializer and not self.children and reads_only_own_columns(self.serializer)
            writer = own and column_writer(self.serializer, self.queryset.model)
            if writer:
                columns = dict.fromkeys([self.parent, *writer.columns, *self.extra])
                children = children.values_list(*columns, named=True)
            children = list(children)
            for grandchildren in self.children:
                grandchildren.attach(children)
            for child in children:
                groups[getattr(child, self.parent)].append(child)
        for parent in parents:
            setattr(parent, self.attr, groups.get(getattr(parent, self.key), []))

    def of(self, keys) -> QuerySet:
        """The children of the parents whose keys are ``keys``. A foreign key is matched by its
        target's column (``fk__id__in``): the same SQL, with each key prepared as a plain value
        instead of normalised as a related object (``fk__in``), which cost more than the rest
        of the query."""
        field = self.queryset.model._meta.get_field(self.parent)
        column = f"{field.name}__{field.target_field.name}" if field.many_to_one else self.parent
        return self.queryset.filter(**{f"{column}__in": keys})

    def writer(self) -> ColumnWriter | None:
        """How ``write`` writes the children from ``.values()`` rows (their own children set on
        them), or None when their serializer needs instances."""
        attached = frozenset(grandchildren.attr for grandchildren in self.children)
        return column_writer(self.serializer, self.queryset.model, attached)

    def writes_rows(self) -> bool:
        """Whether ``write`` can set them on rows: named rows of their columns without a
        serializer, else written by their serializer's column writer."""
        own = self.serializer is None or self.writer() is not None
        return own and all(grandchildren.writes_rows() for grandchildren in self.children)

    def write(self, parents: list[dict], context: dict) -> None:
        """Sets each ``.values()`` row's children on it (under ``attr``): written as their
        serializer writes them, or, without one, as named rows of ``parent`` and ``extra``."""
        groups = defaultdict(list)
        keys = {p[self.key] for p in parents}
        if keys:
            children = self.of(keys)
            if self.serializer is None:
                rows = children.values_list(*dict.fromkeys([self.parent, *self.extra]), named=True)
                for row in rows:
                    groups[getattr(row, self.parent)].append(row)
            else:
                writer = self.writer()
                own_keys = (grandchildren.key for grandchildren in self.children)
                columns = dict.fromkeys([self.parent, *writer.columns, *own_keys])
                rows = list(children.values(*columns))
                for grandchildren in self.children:
                    grandchildren.write(rows, context)
                written = writer.write(rows, self.serializer(context=context))
                for row, item in zip(rows, written, strict=True):
                    groups[row[self.parent]].append(item)
        for parent in parents:
            parent[self.attr] = groups.get(parent[self.key], [])


class ChildRowsMixin:
    """For a ScopedReadOnlyViewSet: the records its serializer writes, a page or one, get
    their children (``child_rows``) first."""

    def child_rows(self) -> Iterable[ChildRows]:
        return ()

    @cached_property
    def _children(self) -> tuple[ChildRows, ...]:
        # Built once a request (a viewset serves one): their querysets read scoped managers.
        return tuple(self.child_rows())

    def list_writer(self) -> ColumnWriter | None:
        if not all(children.writes_rows() for children in self._children):
            return None
        attached = frozenset(children.attr for children in self._children)
        return column_writer(self.get_serializer_class(), self.model, attached)

    def row_keys(self) -> tuple[str, ...]:
        return tuple(children.key for children in self._children)

    def with_children(self, rows) -> list[dict]:
        rows = list(rows)
        for children in self._children:
            children.write(rows, self.get_serializer_context())
        return rows

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None:
            many = kwargs.get("many", False)
            records = list(args[0]) if many else [args[0]]
            for children in self._children:
                children.attach(records)
            args = (records if many else args[0], *args[1:])
        return super().get_serializer(*args, **kwargs)
