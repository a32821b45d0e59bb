"""Statements compiled once: the rows are the ORM's, for any values, on either database."""

from datetime import datetime
from unittest import mock

import pytest
from django.db.models.functions import Upper
from django.db.models.sql.compiler import SQLCompiler

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


def test_an_expression_before_the_fields_is_left_to_the_orm(system, other_system):
    """Columns the ORM might not select in the order asked for are not compiled by hand."""

    def named(slug):
        return System.objects.filter(slug=slug).values_list(Upper("name"), "slug")

    query = Precompiled(named, "precompiled slug")
    assert query.rows("alpha") == [("ALPHA STP", "alpha")]
    compile_ = mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    )
    with compile_ as as_sql:
        assert query.rows("beta") == [("BETA ICS", "beta")]
    as_sql.assert_called()
