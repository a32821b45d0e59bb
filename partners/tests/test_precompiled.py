"""Statements compiled once: the rows are the ORM's, for any values, on either database."""

from datetime import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models.functions import Upper
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from partners.api.precompiled import Precompiled
from partners.api.tokens import token_issue
from partners.models import ApiToken, System

pytestmark = pytest.mark.django_db


def by_slug(slug: str):
    return System.objects.filter(slug=slug).values_list("pk", "name", "slug")


def test_rows_are_the_orms_for_each_value(system, other_system):
    query = Precompiled(by_slug, "precompiled slug")
    for slug in ("alpha", "beta", "gamma", "alpha"):
        assert query.rows(slug) == list(by_slug(slug))
    assert query.rows("beta") == [(other_system.pk, "Beta ICS", "beta")]


def test_a_statement_is_compiled_once(system, other_system):
    query = Precompiled(by_slug, "precompiled slug")
    query.rows("alpha")
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        assert query.rows("beta") == [(other_system.pk, "Beta ICS", "beta")]
    as_sql.assert_not_called()


def test_values_are_converted_as_the_orm_converts_them(regulator, office):
    """SQLite returns text for times: the compiled statement applies the ORM's converters."""
    token, _ = token_issue(actor=office, user=regulator)
    query = Precompiled(
        lambda pk: ApiToken.objects.filter(pk=pk).values_list("created_at", "revoked_at"), -1
    )
    ((created_at, revoked_at),) = query.rows(token.pk)
    assert isinstance(created_at, datetime) and created_at == token.created_at
    assert revoked_at is None


def test_a_list_spread_into_parameters_is_compiled_each_time(system, other_system):
    """``pk__in`` gives a parameter per id, so the placeholder is not one parameter: the ORM
    compiles the statement for every call, and the rows are still right."""
    query = Precompiled(
        lambda ids: System.objects.filter(pk__in=ids).order_by("pk").values_list("slug"), [-1]
    )
    assert query.rows([system.pk]) == [("alpha",)]
    assert query.rows([system.pk, other_system.pk]) == [("alpha",), ("beta",)]
    assert query.rows([]) == []


def test_expression_columns_after_the_fields_are_compiled_once(system, other_system):
    def named(slug):
        return System.objects.filter(slug=slug).values_list("pk", Upper("name"))

    query = Precompiled(named, "precompiled slug")
    assert query.rows("alpha") == list(named("alpha")) == [(system.pk, "ALPHA STP")]
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        assert query.rows("beta") == [(other_system.pk, "BETA ICS")]
    as_sql.assert_not_called()


def test_an_expression_before_the_fields_is_compiled_in_the_order_asked(system, other_system):
    def named(slug):
        return System.objects.filter(slug=slug).values_list(Upper("name"), "slug")

    query = Precompiled(named, "precompiled slug")
    assert query.rows("alpha") == [("ALPHA STP", "alpha")]
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        assert query.rows("beta") == [("BETA ICS", "beta")]
    as_sql.assert_not_called()


def test_columns_not_named_are_left_to_the_orm(system, other_system):
    """values_list() without names: the ORM decides the columns, so it compiles every time."""
    query = Precompiled(lambda slug: System.objects.filter(slug=slug).values_list(), "slug x")
    assert query.rows("alpha") == list(System.objects.filter(slug="alpha").values_list())
    compile_ = mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    )
    with compile_ as as_sql:
        assert [row[0] for row in query.rows("beta")] == [other_system.pk]
    as_sql.assert_called()


def test_on_postgresql_the_statement_is_prepared_once_per_session(system, other_system):
    """Prepared in the same statement as its first run (one query either way), then only
    executed; elsewhere the compiled SQL runs as it is."""
    query = Precompiled(by_slug, "precompiled slug")
    with CaptureQueriesContext(connection) as first:
        assert query.rows("alpha") == [(system.pk, "Alpha STP", "alpha")]
    with CaptureQueriesContext(connection) as later:
        assert query.rows("beta") == [(other_system.pk, "Beta ICS", "beta")]
        assert query.rows("alpha") == [(system.pk, "Alpha STP", "alpha")]
    assert len(first) == 1 and len(later) == 2
    statements = [first[0]["sql"], *(q["sql"] for q in later)]
    if connection.vendor == "postgresql":
        assert statements[0].startswith(f"PREPARE {query._name} AS SELECT")
        assert all(s.startswith(f"EXECUTE {query._name}(") for s in statements[1:])
    else:
        assert all(s.startswith("SELECT") for s in statements)


def test_a_statement_prepared_in_a_rolled_back_transaction_still_runs(system, other_system):
    query = Precompiled(by_slug, "precompiled slug")
    try:
        with transaction.atomic():
            assert query.rows("alpha") == [(system.pk, "Alpha STP", "alpha")]
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert query.rows("beta") == [(other_system.pk, "Beta ICS", "beta")]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL only"
)
def test_a_statement_is_prepared_again_on_a_new_session(system):
    """A reconnection is a new session without the prepared statement: prepared again there.
    (The new session does not see this test's uncommitted rows: no rows, as the ORM gives.)"""
    query = Precompiled(by_slug, "precompiled slug")
    assert query.rows("alpha") == [(system.pk, "Alpha STP", "alpha")]
    old = connection.connection
    connection.connection = connection.get_new_connection(connection.get_connection_params())
    try:
        connection.init_connection_state()
        with CaptureQueriesContext(connection) as run:
            assert query.rows("alpha") == []
        assert list(by_slug("alpha")) == []
        assert run[0]["sql"].startswith(f"PREPARE {query._name}")
    finally:
        connection.connection.close()
        connection.connection = old
