"""Milestones as they stood at the cut-off, rebuilt from their own dates and logs.

Completion is the completed date; the forecast is the latest monthly update's (the month's own or
an earlier one); the baseline is the latest re-baselining on or before the cut-off. Simple-history
timestamps say when data was keyed in, not when things happened, so they are not read.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from milestones.models import Milestone, ProgressUpdate
from milestones.querysets import current, milestones_for_list
from milestones.rag import Rag, expected_on, rag_status, slippage_days
from reports.snapshot.common import Period, iso, organisation_label

# Worse means further down this list.
# Not dated (the source gives no date) sits with on track: nothing says it is late.
SEVERITY = {Rag.COMPLETE: 0, Rag.UNDATED: 1, Rag.GREEN: 1, Rag.AMBER: 2, Rag.RED: 3}


@dataclass(frozen=True)
class State:
    baseline: date | None
    forecast: date | None
    completed: date | None
    rag: Rag

    @property
    def due(self) -> date | None:
        """The forecast, or the baseline when there is none, as milestones.rag reads it."""
        return self.forecast or self.baseline


def fetch(system) -> list[Milestone]:
    """Every milestone of the system that counts (none withdrawn) with its baselines and monthly
    updates (three queries).

    Later months' updates are fetched too: they show the current forecast postdates the month.
    """
    updates = ProgressUpdate.objects.order_by("month", "pk")
    return list(
        milestones_for_list(current(Milestone.objects.filter(workstream__plan__system=system)))
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="updates_by_month"))
        .order_by("pk")
    )


def state_at(milestone: Milestone, period: Period) -> State:
    baselines = sorted(milestone.baselines.all(), key=lambda b: (b.set_at, b.pk))
    in_force = [b for b in baselines if b.set_at < period.end]
    baseline = in_force[-1].baseline_on if in_force else milestone.baseline_on
    updates = [u for u in milestone.updates_by_month if u.month <= period.month]
    if updates:
        forecast = updates[-1].forecast_on
    elif milestone.updates_by_month:
        # Only later updates exist: the forecast then is not known, so the baseline stands.
        forecast = None
    else:
        forecast = milestone.forecast_on
    completed = milestone.completed_on
    if completed is not None and completed > period.cutoff:
        completed = None
    rag = rag_status(
        baseline=baseline,
        forecast=forecast,
        completed=completed,
        tolerance_days=milestone.workstream.plan.amber_tolerance_days,
        today=period.cutoff,
    )
    return State(baseline=baseline, forecast=forecast, completed=completed, rag=rag)


def rag_change(now: Rag, before: Rag | None) -> str:
    if before is None:
        return "new"
    if SEVERITY[now] > SEVERITY[before]:
        return "worse"
    if SEVERITY[now] < SEVERITY[before]:
        return "better"
    return "same"


def _row(milestone: Milestone, now: State, before: State | None, cutoff: date) -> dict:
    first_baseline = milestone.first_baseline_on
    expected = expected_on(
        baseline=now.baseline, forecast=now.forecast, completed=now.completed, as_at=cutoff
    )
    return {
        "id": milestone.pk,
        "title": milestone.title,
        "workstream": str(milestone.workstream),
        "organisation": organisation_label(milestone.responsible_organisation),
        "baseline": iso(now.baseline),
        "first_baseline": iso(first_baseline),
        "forecast": iso(now.forecast),
        "completed": iso(now.completed),
        "slippage_days": slippage_days(first_baseline, expected),
        "rag": now.rag.value,
        "previous_rag": before.rag.value if before is not None else None,
        "rag_change": rag_change(now.rag, before.rag if before is not None else None),
        "is_key": milestone.is_key,
    }


@dataclass(frozen=True)
class _Line:
    milestone: Milestone
    now: State
    row: dict

    @property
    def by_baseline(self) -> tuple:
        baseline = self.now.baseline
        return (baseline is None, baseline or date.min, self.milestone.title, self.milestone.pk)

    @property
    def by_workstream(self) -> tuple:
        workstream = self.milestone.workstream
        return (workstream.code, workstream.name, workstream.pk, *self.by_baseline)


def section(system, period: Period, previous_ids: set[int] | None) -> dict:
    """``previous_ids``: the milestones last month's published report listed, if there was one.
    A milestone it did not list is new (there is no dated record of when one was added)."""
    earlier = period.previous
    lines: list[_Line] = []
    slipped: list[_Line] = []
    for milestone in fetch(system):
        now = state_at(milestone, period)
        existed = previous_ids is None or milestone.pk in previous_ids
        before = state_at(milestone, earlier) if existed else None
        line = _Line(milestone, now, _row(milestone, now, before, period.cutoff))
        lines.append(line)
        if (
            before is not None
            and now.completed is None
            and None not in (now.due, before.due)
            and now.due > before.due
        ):
            slipped.append(line)
    key = sorted(
        (line for line in lines if line.milestone.is_key),
        key=lambda line: (line.now.rag != Rag.RED, *line.by_baseline),
    )
    completed = sorted(
        (line for line in lines if period.contains(line.now.completed)),
        key=lambda line: (line.now.completed, *line.by_baseline),
    )
    counts = {rag.value: 0 for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE)}
    for line in lines:
        # "undated" only where some milestone has no date (its source gives none)
        counts[line.now.rag.value] = counts.get(line.now.rag.value, 0) + 1
    return {
        "rag_counts": counts,
        "key": [line.row for line in key],
        "completed": [line.row for line in completed],
        "slipped": [line.row for line in sorted(slipped, key=lambda line: line.by_baseline)],
        "all": [line.row for line in sorted(lines, key=lambda line: line.by_workstream)],
    }
