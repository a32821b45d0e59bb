"""Lookups the ORM lacks, written as Django's documented custom lookups."""

import json

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


class AnyOf(Lookup):
    """``column IN (keys)`` with the keys (integer ids) as one parameter: an ``IN`` of a page's
    100 ids prepares and compiles each (some 2,600 calls a query, more than reading the
    children), an array is passed as it is. PostgreSQL compares with ``= ANY(array)``, SQLite
    reads a JSON array; any other database is given an ``IN`` of placeholders. No keys match
    nothing, without a query (as ``__in`` of nothing)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def _keys(self) -> list:
        keys = list(self.rhs)
        if not keys:
            raise EmptyResultSet
        return keys

    def as_sql(self, compiler, connection):
        keys = self._keys()
        lhs, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(keys))
        return f"{lhs} IN ({placeholders})", [*params, *keys]

    def as_postgresql(self, compiler, connection):
        keys = self._keys()
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, keys]

    def as_sqlite(self, compiler, connection):
        keys = self._keys()
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(keys)]
