"""A milestone's RAG status and slippage: derived from its dates and the plan's tolerance as at
a date, never typed in.

Each is written twice on purpose, side by side: a Python function for one milestone (a report's
snapshot, a detail page) and a database expression for a register (``Milestone.objects
.with_rag(as_at)``), so lists filter, sort and page in SQL. ``milestones/tests/test_rag_sql.py``
holds the two equal over a grid of every case.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan

from core.db_dates import DaysBetween


class Rag(models.TextChoices):
    COMPLETE = "complete", "Complete"
    GREEN = "green", "On track"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    UNDATED = "undated", "Not dated"


def first_baseline_on(
    baselines: Iterable[tuple[datetime, date]], current: date | None
) -> date | None:
    """The first baseline ever set, from (set at, baseline date) pairs: the earliest set (the
    first listed among equals); the current baseline when none was recorded."""
    first = min(baselines, key=lambda pair: pair[0], default=None)
    return current if first is None else first[1]


def slippage_days(first_baseline: date | None, forecast: date | None) -> int:
    """Days between the first baseline and the current forecast (negative when ahead)."""
    if first_baseline is None or forecast is None:
        return 0
    return (forecast - first_baseline).days


def expected_on(
    *, baseline: date | None, forecast: date | None, completed: date | None, as_at: date
) -> date | None:
    """The date a milestone is expected, as slippage reads it: its forecast, else its baseline;
    but an open milestone with no forecast whose baseline has passed is expected no sooner than
    the date shown, so it is late by the days since its baseline (not on time)."""
    if completed is None and forecast is None and baseline is not None and baseline < as_at:
        return as_at
    return forecast or baseline


def rag_status(
    *,
    baseline: date | None,
    forecast: date | None,
    completed: date | None,
    tolerance_days: int | None,
    today: date,
) -> Rag:
    """Complete once completed (late or not); red when overdue or slipped beyond tolerance;
    amber when the forecast is later than the baseline but within tolerance; otherwise on track.

    Without a forecast the baseline stands as the forecast. Due today is not yet overdue. A plan
    that sets no tolerance has none to exceed: a slipped forecast is amber until it is overdue.
    A milestone with neither a baseline nor a forecast (its source gives no date) is not dated:
    no RAG is invented for it. With a forecast but no baseline, the forecast is its only date,
    so it can be overdue but not slipped.
    """
    if completed is not None:
        return Rag.COMPLETE
    if baseline is None and forecast is None:
        return Rag.UNDATED
    due = forecast or baseline
    baseline = baseline or due
    if today > due:
        return Rag.RED
    late_by = (due - baseline).days
    if tolerance_days is not None and late_by > tolerance_days:
        return Rag.RED
    if late_by > 0:
        return Rag.AMBER
    return Rag.GREEN


# The same rules as database expressions, in the same order as the functions above.
_DUE = Coalesce("forecast_on", "baseline_on")
_BASE = Coalesce("baseline_on", "forecast_on")
TOLERANCE = "workstream__plan__amber_tolerance_days"


def rag_expression(as_at: date) -> Case:
    """``rag_status`` for each row of a milestone queryset as at ``as_at`` (a NULL tolerance
    compares as unknown, so it never makes a row red: the plan sets none to exceed)."""
    late_by = DaysBetween(_DUE, _BASE)
    return Case(
        When(completed_on__isnull=False, then=Value(Rag.COMPLETE.value)),
        When(baseline_on__isnull=True, forecast_on__isnull=True, then=Value(Rag.UNDATED.value)),
        When(LessThan(_DUE, Value(as_at)), then=Value(Rag.RED.value)),
        When(GreaterThan(late_by, F(TOLERANCE)), then=Value(Rag.RED.value)),
        When(GreaterThan(late_by, Value(0)), then=Value(Rag.AMBER.value)),
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(),
    )


def first_baseline_expression(key: str = "pk", set_before=None) -> Coalesce:
    """``first_baseline_on``: the baseline set earliest (the lower id among equals), else the
    current baseline. ``key`` names the milestone's id in the queryset annotated (``id`` in its
    history rows, which look the baselines up); ``set_before`` (an instant) counts only the
    baselines set before it."""
    from milestones.models import Baseline  # the model module imports this one

    if key == "pk" and set_before is None:
        # A milestone as it stands: its own copy of the first baseline
        # (``Milestone.original_baseline_on``, kept from its baselines), not a lookup a row.
        return Coalesce("original_baseline_on", "baseline_on")
    # The base manager: the milestone the subquery is tied to is already scoped, and the scoping
    # manager would join each baseline back through its milestone, workstream and plan to the
    # system, for every milestone (a quarter of a 42-system overview's time).
    first = Baseline._base_manager.filter(milestone=OuterRef(key))
    if set_before is not None:
        first = first.filter(set_at__lt=set_before)
    first = first.order_by("set_at", "pk")
    return Coalesce(Subquery(first.values("baseline_on")[:1]), "baseline_on")


def slippage_expression(as_at: date, first_baseline="first_baseline") -> Coalesce:
    """``slippage_days(first_baseline, expected_on(...))`` for each row, 0 when either is
    missing; ``first_baseline`` names the annotation holding ``first_baseline_expression``."""
    expected = Case(
        When(
            Q(completed_on=None, forecast_on=None, baseline_on__lt=as_at),
            then=Value(as_at),
        ),
        default=_DUE,
        output_field=models.DateField(),
    )
    return Coalesce(DaysBetween(expected, F(first_baseline)), Value(0), output_field=IntegerField())
