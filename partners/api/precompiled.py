"""Statements of a fixed shape, compiled to SQL once and then run with new values."""

import itertools
import re
import weakref
from collections.abc import Callable
from typing import NamedTuple

from django.db import connections
from django.db.models import QuerySet

_names = itertools.count(1)
_PERCENT = re.compile(r"%%|%s")


class _Compiled(NamedTuple):
    compiler: object
    sql: str
    params: list
    positions: list[int]
    converters: dict
    # PostgreSQL: the statement as a server-side prepared statement's text ($1, $2, ...).
    prepared_sql: str | None


class Precompiled:
    """A ``values_list`` query compiled once per database connection, then run with new values:
    the ORM compiling the few statements every API request makes cost more than the database
    took to run them.

    ``build(*values)`` returns the queryset for the values; it is compiled once with the
    ``placeholders`` (type-valid values that nothing else in the statement equals). Where each
    placeholder became exactly one parameter, later calls only put their values in its place.
    Where not (SQLite spreads a list into a parameter per item), every call builds and compiles
    the queryset, as the ORM would.

    On PostgreSQL the statement is also prepared on the server, once per database session (in
    the same round trip as its first run), so that later runs are neither parsed nor planned
    again: for these small statements that was half the database's time. A prepared statement
    outlives a rolled-back transaction; one that failed to prepare is prepared again next time.
    (Behind a pooler in transaction mode, such as PgBouncer's, turn this off with
    ``prepare=False``: a later transaction may be on another session.)"""

    def __init__(self, build: Callable[..., QuerySet], *placeholders, prepare: bool = True):
        self._build = build
        self._placeholders = placeholders
        self._name = f"precompiled_{next(_names)}"
        self._prepare = prepare
        # Per connection object: connections are per thread, and converters belong to one.
        self._compiled = weakref.WeakKeyDictionary()
        # The database sessions (driver connections) that hold the prepared statement.
        self._prepared_on = weakref.WeakSet()

    def rows(self, *values, using: str = "default") -> list[tuple]:
        connection = connections[using]
        try:
            compiled = self._compiled[connection]
        except KeyError:
            compiled = self._compiled[connection] = self._compile(using)
        if compiled is None:
            return list(self._build(*values).using(using))
        params = list(compiled.params)
        for position, value in zip(compiled.positions, values, strict=True):
            params[position] = value
        with connection.cursor() as cursor:
            session = connection.connection
            if compiled.prepared_sql is None:
                cursor.execute(compiled.sql, params)
            elif session in self._prepared_on:
                cursor.execute(self._execute_sql(params), params)
            else:
                statement = f"PREPARE {self._name} AS {compiled.prepared_sql}; "
                cursor.execute(statement + self._execute_sql(params), params)
                self._prepared_on.add(session)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [
                tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)
            ]
        return rows

    def _execute_sql(self, params: list) -> str:
        return f"EXECUTE {self._name}({', '.join(['%s'] * len(params))})"

    def _compile(self, using: str) -> _Compiled | None:
        queryset = self._build(*self._placeholders)
        query = queryset.query
        # The columns in the order the statement selects them (Django 5.2 keeps values_list's
        # order in query.selected); values_list would reorder any others: leave those to the ORM.
        selected = (
            list(query.selected)
            if getattr(query, "selected", None)
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        if selected != list(queryset._fields):
            return None
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        positions = []
        for placeholder in self._placeholders:
            found = [i for i, param in enumerate(params) if param == placeholder]
            if len(found) != 1:
                return None
            positions.append(found[0])
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        prepared_sql = None
        if self._prepare and connections[using].vendor == "postgresql":
            # Each %s in order becomes $1, $2, ...; an escaped %% stays for the driver to read.
            numbers = itertools.count(1)
            prepared_sql = _PERCENT.sub(
                lambda found: "%%" if found[0] == "%%" else f"${next(numbers)}", sql
            )
        return _Compiled(
            compiler, sql, list(params), positions, compiler.get_converters(fields), prepared_sql
        )
