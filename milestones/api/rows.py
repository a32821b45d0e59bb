"""The milestones list, read as plain values: a page of 100 would otherwise build 100 model
instances, 200 related managers for the prefetches and 1,600 serializer field calls, which cost
many times the queries themselves. Each row is exactly what MilestoneSerializer (the detail, and
the schema) gives for the same milestone; RAG and slippage come from milestones.rag as there."""

import functools
from collections.abc import Callable
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from core import sql
from milestones.models import Baseline, Dependency, Milestone
from milestones.rag import expected_on, rag_status, slippage_days

# What a row reads: the milestone's columns and its plan's tolerance (for RAG). "pk" (and
# "due_sort", when the view sorts by it) are there for the cursor, which reads the ordering
# field from each row.
COLUMNS = (
    "pk",
    "workstream_id",
    "title",
    "commitment_id",
    "responsible_organisation_id",
    "responsible_person_id",
    "baseline_on",
    "forecast_on",
    "completed_on",
    "is_key",
    "gateway_id",
    "withdrawn_on",
    "withdrawal_reason",
    "workstream__plan__amber_tolerance_days",
)


def _iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _writers(tz) -> tuple[Callable, Callable]:
    """How the serializer writes dates and times, as functions: DRF's fields, called for
    every value, cost more than the rest of a row. With ISO 8601 (DRF's default, and the
    settings change neither) a date is its ``isoformat()``, and an aware time is converted to
    the current time zone and written with UTC as Z, as DRF does; anything else goes to DRF.
    The tests compare the rows with the serializer's. Built once per time zone (DRF's fields
    are not cheap to make)."""
    return _writers_for(tz, api_settings.DATE_FORMAT, api_settings.DATETIME_FORMAT)


@functools.lru_cache(maxsize=8)
def _writers_for(tz, date_format: str, datetime_format: str) -> tuple[Callable, Callable]:
    drf_date = serializers.DateField().to_representation
    drf_time = serializers.DateTimeField(default_timezone=tz).to_representation
    if date_format != ISO_8601 or datetime_format != ISO_8601:
        return drf_date, drf_time

    def write_time(value: datetime | None) -> str | None:
        if value is None or tz is None or value.utcoffset() is None:
            return drf_time(value)
        text = value.astimezone(tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return _iso_date, write_time


def milestone_values(queryset: models.QuerySet[Milestone]) -> models.QuerySet:
    """The (filtered) list queryset as values: one query, joined to the plan."""
    sorts_by_due = "due_sort" in queryset.query.annotations
    return queryset.values(*COLUMNS, *(["due_sort"] if sorts_by_due else []))


@functools.cache
def _related_sql(count: int) -> str:
    """The baselines (oldest first) and the dependencies of ``count`` milestones, in one
    statement written once per page length (``core.sql``): baselines as ("b", milestone,
    set at, baseline date, reason, None, id), dependencies as ("d", milestone, None, None,
    None, depended-on milestone, id).

    The tables are read without the scope's join: the ids were read through the scope, and a
    baseline or dependency belongs to its milestone's system."""
    ids = sql.placeholders(count)
    milestone = sql.column(Baseline, "milestone")
    baselines = (
        f"SELECT 'b', {milestone}, {sql.column(Baseline, 'set_at')}, "
        f"{sql.column(Baseline, 'baseline_on')}, {sql.column(Baseline, 'reason')}, NULL, "
        f"{sql.column(Baseline, 'pk')} "
        f"FROM {sql.table(Baseline)} WHERE {milestone} IN ({ids})"
    )
    depends = sql.column(Dependency, "milestone")
    dependencies = (
        f"SELECT 'd', {depends}, NULL, NULL, NULL, {sql.column(Dependency, 'depends_on')}, "
        f"{sql.column(Dependency, 'pk')} "
        f"FROM {sql.table(Dependency)} WHERE {depends} IN ({ids})"
    )
    # Columns by position: 2 milestone, 3 set at, 6 depended-on milestone, 7 the row's id.
    return f"{baselines} UNION ALL {dependencies} ORDER BY 2, 3, 6, 7"


def _related(ids: list[int]) -> tuple[list, list]:
    """The milestones' baselines (milestone, set at, baseline date, reason; oldest first) and
    dependencies (milestone, depended-on milestone)."""
    baselines, dependencies = [], []
    for kind, milestone_id, set_at, on, reason, other, _ in sql.fetch(
        _related_sql(len(ids)), [*ids, *ids]
    ):
        if kind == "b":
            # Read aware, but by SQLite's driver (sql.utc_aware).
            aware = set_at if set_at.tzinfo is not None else sql.utc_aware((set_at,))[0]
            baselines.append((milestone_id, aware, on, reason))
        else:
            dependencies.append((milestone_id, other))
    return baselines, dependencies


def milestone_rows(page: list[dict], today: date) -> list[dict]:
    """The page's rows, with their baselines (oldest first) and dependencies: one more query,
    none when the page is empty."""
    related: dict[int, tuple[list, list]] = {row["pk"]: ([], []) for row in page}
    if related:
        baselines, dependencies = _related(list(related))
        for milestone_id, set_at, on, reason in baselines:
            related[milestone_id][0].append((set_at, on, reason))
        for milestone_id, other in dependencies:
            related[milestone_id][1].append(other)
    # In the time zone the serializer's field would look up for every value.
    write_date, write_time = _writers(timezone.get_current_timezone())
    rows = []
    for row in page:
        baselines, depends_on = related[row["pk"]]
        baseline, forecast = row["baseline_on"], row["forecast_on"]
        # Oldest first, so the first is the first set (first_baseline_on's rule).
        first = baselines[0][1] if baselines else baseline
        rag = rag_status(
            baseline=baseline,
            forecast=forecast,
            completed=row["completed_on"],
            tolerance_days=row["workstream__plan__amber_tolerance_days"],
            today=today,
        )
        rows.append(
            {
                "id": row["pk"],
                "workstream": row["workstream_id"],
                "title": row["title"],
                "commitment": row["commitment_id"],
                "responsible_organisation": row["responsible_organisation_id"],
                "responsible_person": row["responsible_person_id"],
                "baseline_on": write_date(baseline),
                "first_baseline_on": write_date(first),
                "forecast_on": write_date(forecast),
                "completed_on": write_date(row["completed_on"]),
                "is_key": row["is_key"],
                "gateway": row["gateway_id"],
                "depends_on": depends_on,
                "rag": rag.value,
                "slippage_days": slippage_days(
                    first,
                    expected_on(
                        baseline=baseline,
                        forecast=forecast,
                        completed=row["completed_on"],
                        as_at=today,
                    ),
                ),
                "baselines": [
                    {"baseline_on": write_date(on), "set_at": write_time(set_at), "reason": r}
                    for set_at, on, r in baselines
                ],
                "withdrawn_on": write_date(row["withdrawn_on"]),
                "withdrawal_reason": row["withdrawal_reason"],
            }
        )
    return rows
