"""A milestone's RAG status: derived from its dates and the plan's tolerance, never typed in."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import models


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
