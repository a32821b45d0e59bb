"""The register's RAG and slippage (database expressions, ``querysets.with_rag``) equal
milestones.rag's functions for every combination of dates: missing dates, no tolerance, a
tolerance of none, completed, due the day before, on and after the date shown, and rebaselined."""

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest

from core.scoping import scope
from milestones.models import Baseline, Milestone
from milestones.querysets import with_rag
from milestones.rag import expected_on, rag_status, slippage_days
from tests import factories

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 4, 30)
OFFSETS = [None, -40, -1, 0, 1, 20, 45]


def _day(offset):
    return None if offset is None else AS_AT + timedelta(days=offset)


@pytest.fixture
def grid(system):
    """One milestone per (tolerance, baseline, forecast, completed); every third rebaselined."""
    with scope([system]):
        for tolerance in (None, 0, 30):
            plan = factories.PlanFactory(system=system, amber_tolerance_days=tolerance)
            workstream = factories.WorkstreamFactory(plan=plan)
            cases = product(OFFSETS, OFFSETS, (None, -3, 0))
            for n, (baseline, forecast, completed) in enumerate(cases):
                milestone = factories.MilestoneFactory(
                    workstream=workstream,
                    title=f"Case {n}",
                    baseline_on=_day(baseline),
                    forecast_on=_day(forecast),
                    completed_on=_day(completed),
                )
                if n % 3 == 0:
                    # Two baselines set at the same moment: the lower id is the first.
                    for moved in (-60, -10):
                        Baseline.objects.create(
                            milestone=milestone,
                            baseline_on=AS_AT + timedelta(days=moved),
                            set_at=datetime(2019, 1, 1, tzinfo=UTC),
                        )
        yield Milestone.objects.filter(workstream__plan__system=system)


@pytest.mark.parametrize("as_at", [AS_AT, AS_AT - timedelta(days=1), AS_AT + timedelta(days=1)])
def test_annotation_equals_the_functions(grid, as_at):
    annotated = with_rag(grid.select_related("workstream__plan"), as_at).prefetch_related(
        "baselines"
    )
    checked = 0
    for m in annotated:
        expected_rag = rag_status(
            baseline=m.baseline_on,
            forecast=m.forecast_on,
            completed=m.completed_on,
            tolerance_days=m.workstream.plan.amber_tolerance_days,
            today=as_at,
        )
        first = min(m.baselines.all(), key=lambda b: (b.set_at, b.pk), default=None)
        first_on = m.baseline_on if first is None else first.baseline_on
        expected_slip = slippage_days(
            first_on,
            expected_on(
                baseline=m.baseline_on,
                forecast=m.forecast_on,
                completed=m.completed_on,
                as_at=as_at,
            ),
        )
        key = (m.workstream.plan.amber_tolerance_days, m.baseline_on, m.forecast_on, m.completed_on)
        assert (m.as_at_rag, m.as_at_slippage) == (expected_rag.value, expected_slip), key
        assert m.as_at_rag == m.rag_on(as_at)
        checked += 1
    assert checked == 3 * len(OFFSETS) ** 2 * 3


def test_open_milestone_without_forecast_is_late_by_the_days_since_its_baseline(system):
    with scope([system]):
        milestone = factories.MilestoneFactory(
            workstream=factories.WorkstreamFactory(plan=factories.PlanFactory(system=system)),
            baseline_on=date(2019, 3, 31),
        )
        assert milestone.slippage_on(date(2019, 4, 30)) == 30
        assert milestone.slippage_on(date(2019, 3, 1)) == 0
        assert milestone.rag_on(date(2019, 4, 30)) == "red"
