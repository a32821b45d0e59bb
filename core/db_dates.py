"""Date arithmetic in SQL that both databases agree on, for derived facts computed as
annotations (so a register filters, sorts and pages in the database)."""

from django.db import models


class DaysBetween(models.Func):
    """Whole days from ``earlier`` to ``later`` (negative when ``later`` is earlier), NULL when
    either is NULL: Python's ``(later - earlier).days`` for two dates."""

    arity = 2
    output_field = models.IntegerField()

    def __init__(self, later, earlier, **extra):
        super().__init__(later, earlier, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps dates as ISO text; julianday() counts days, exact for whole dates.
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )
