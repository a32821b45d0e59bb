"""Statements written once and run as written, for the few paths every request takes (the API
token's lookup, a milestones page's baselines and dependencies), where building the statement
through the ORM for each request costs more than running it.

Table and column names come from the models' ``_meta`` (so a renamed column renames the
statement), values are always parameters, and rows come back as the ORM would give them
(``utc_aware``)."""

from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone


def table(model) -> str:
    return f'"{model._meta.db_table}"'


def column(model, name: str, alias: str = "") -> str:
    """A field's column (its ``_id`` column for a foreign key), quoted, after ``alias.``."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return f'{alias}."{field.column}"' if alias else f'"{field.column}"'


def columns(model, alias: str) -> list[str]:
    """Every concrete column of the model, in ``_meta.concrete_fields`` order."""
    return [f'{alias}."{field.column}"' for field in model._meta.concrete_fields]


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def fetch(statement: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def utc_aware(values) -> tuple:
    """A row's datetimes aware, as the ORM gives them: the database keeps them in UTC, and
    SQLite's driver reads them naive."""
    return tuple(
        timezone.make_aware(value, UTC)
        if isinstance(value, datetime) and timezone.is_naive(value)
        else value
        for value in values
    )
