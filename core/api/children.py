"""The children of the records a response writes, read in one query each, as named rows.

``prefetch_related`` builds a model instance (and, without ``to_attr``, a related manager) for
every child; a nested serializer that reads nothing but the child's own columns
(``column_writer``) writes the same JSON from ``values_list(named=True)`` rows, whose
attributes are those columns. The viewset names its children (``child_rows``) and every list
and detail response reads them after the page, so both write the same shape;
``tests/test_api_column_rows.py`` holds them equal to what DRF writes from model instances.
"""

import functools
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from core.api.columns import column_writer, reads_only_own_columns


@dataclass(frozen=True)
class ChildRows:
    """The children ``queryset`` (scoped, in the order they are written) of each parent, as a
    list set on the parent's ``attr``; ``parent`` is the children's column naming their parent
    (e.g. ``"meeting_id"``), whose value is the parent's ``key`` (its pk, or a column such as
    ``"committee_id"``: parents with the same value share one list). ``serializer`` is the
    nested serializer that writes them: they are named rows of its columns (and of ``extra``
    columns, for anything else that reads them) when it reads nothing but its model's own
    columns (``reads_only_own_columns``); model instances otherwise, or without one (read by
    something else)."""

    attr: str
    queryset: QuerySet
    parent: str
    serializer: type | None = None
    extra: tuple[str, ...] = ()
    key: str = "pk"

    def attach(self, parents: list) -> None:
        """Sets each parent's children (``attr``): an attribute of a record, a key of a
        ``.values()`` row (a list written from rows: ``ScopedReadOnlyViewSet.list``)."""
        rows = bool(parents) and isinstance(parents[0], dict)
        key_of = operator.itemgetter(self.key) if rows else operator.attrgetter(self.key)
        groups = self._read({key_of(p) for p in parents})
        for parent in parents:
            children = groups.get(key_of(parent), [])
            if rows:
                parent[self.attr] = children
            else:
                setattr(parent, self.attr, children)

    def _read(self, keys: set) -> dict:
        """The children of the parents with these keys, by key, in one query."""
        groups = defaultdict(list)
        if keys:
            model = self.queryset.model
            children = self.queryset.filter(**{_keys_lookup(model, self.parent): keys})
            own = self.serializer and reads_only_own_columns(self.serializer)
            writer = own and column_writer(self.serializer, model)
            if writer:
                columns = dict.fromkeys([self.parent, *writer.columns, *self.extra])
                children = children.values_list(*columns, named=True)
            for child in children:
                groups[getattr(child, self.parent)].append(child)
        return groups


@functools.cache
def _keys_lookup(model, column: str) -> str:
    """The lookup of the children whose ``column`` holds one of the given keys. A foreign key's
    column is compared through its relation, with the related field itself (the same SQL, the
    join trimmed): Django normalises each key given to the foreign key as a related object,
    which cost some fifteen calls a key, more than the page's rows took to write."""
    for field in model._meta.concrete_fields:
        if field.attname == column and field.many_to_one:
            return f"{field.name}__{field.target_field.name}__in"
    return f"{column}__in"


class ChildRowsMixin:
    """For a ScopedReadOnlyViewSet: the records its serializer writes, a page or one, get
    their children (``child_rows``) first."""

    def child_rows(self) -> Iterable[ChildRows]:
        return ()

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None:
            many = kwargs.get("many", False)
            records = list(args[0]) if many else [args[0]]
            for children in self.child_rows():
                children.attach(records)
            args = (records if many else args[0], *args[1:])
        return super().get_serializer(*args, **kwargs)
