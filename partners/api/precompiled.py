"""Statements of a fixed shape, compiled to SQL once and then run with new values."""

import weakref
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet


class Precompiled:
    """A ``values_list`` query compiled once per database connection, then run with new values:
    the ORM compiling the few statements every API request makes cost more than the database
    took to run them.

    ``build(*values)`` returns the queryset for the values; it is compiled once with the
    ``placeholders`` (type-valid values that nothing else in the statement equals). Where each
    placeholder became exactly one parameter, later calls only put their values in its place.
    Where not (SQLite spreads a list into a parameter per item), every call builds and compiles
    the queryset, as the ORM would."""

    def __init__(self, build: Callable[..., QuerySet], *placeholders):
        self._build = build
        self._placeholders = placeholders
        # Per connection object: connections are per thread, and converters belong to one.
        self._compiled = weakref.WeakKeyDictionary()

    def rows(self, *values, using: str = "default") -> list[tuple]:
        connection = connections[using]
        try:
            compiled = self._compiled[connection]
        except KeyError:
            compiled = self._compiled[connection] = self._compile(using)
        if compiled is None:
            return list(self._build(*values).using(using))
        compiler, sql, params, positions, converters = compiled
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _compile(self, using: str):
        queryset = self._build(*self._placeholders)
        query = queryset.query
        selected = [*query.extra_select, *query.values_select, *query.annotation_select]
        if selected != list(queryset._fields):
            return None  # values_list would reorder the columns: leave it to the ORM
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        positions = []
        for placeholder in self._placeholders:
            found = [i for i, param in enumerate(params) if param == placeholder]
            if len(found) != 1:
                return None
            positions.append(found[0])
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return compiler, sql, params, positions, compiler.get_converters(fields)
