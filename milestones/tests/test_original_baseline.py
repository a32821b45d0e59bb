"""A milestone's original baseline (``Milestone.original_baseline_on``): its copy of the first
baseline ever set, kept from the baselines however one is saved or deleted, and read by the
registers' and the overview's slippage in SQL instead of a lookup a row."""

from datetime import UTC, date, datetime

import pytest

from core.history import history_rows
from milestones import services
from milestones.models import Baseline, Milestone
from milestones.querysets import with_rag
from tests import factories

pytestmark = pytest.mark.django_db

AS_AT = date(2020, 9, 1)


@pytest.fixture
def workstream(system):
    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    return factories.WorkstreamFactory(plan=plan, code="C", name="Urgent and emergency care")


def create(workstream, office, baseline_on):
    # 002: Same Day Emergency Care 12 hours a day, 7 days a week, by 31 March 2020.
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Same Day Emergency Care 12 hours a day, 7 days a week",
        baseline_on=baseline_on,
    )


def stored(milestone) -> date | None:
    return Milestone.objects.values_list("original_baseline_on", flat=True).get(pk=milestone.pk)


def slippage_in_sql(milestone) -> int:
    return with_rag(Milestone.objects.filter(pk=milestone.pk), AS_AT).get().as_at_slippage


def test_rebaselining_keeps_the_first_baseline(workstream, office, chair, in_scope):
    sdec = create(workstream, office, date(2020, 3, 31))
    assert stored(sdec) == date(2020, 3, 31)
    for baseline_on, actor in ((date(2020, 6, 30), office), (date(2020, 9, 30), chair)):
        services.milestone_rebaseline(
            actor=actor, milestone=sdec, baseline_on=baseline_on, reason="Workforce gaps"
        )
    assert stored(sdec) == date(2020, 3, 31)
    sdec = Milestone.objects.get(pk=sdec.pk)
    assert slippage_in_sql(sdec) == sdec.slippage_on(AS_AT) == 183


def test_an_undated_milestone_has_none_until_its_first_baseline(workstream, office, in_scope):
    undated = create(workstream, office, None)
    assert stored(undated) is None
    services.milestone_rebaseline(
        actor=office, milestone=undated, baseline_on=date(2020, 6, 30), reason="Dated at last"
    )
    # The service's own milestone, saved after the baseline, did not write back its old value.
    assert stored(undated) == undated.original_baseline_on == date(2020, 6, 30)
    services.milestone_rebaseline(
        actor=office, milestone=undated, baseline_on=date(2020, 8, 31), reason="Moved"
    )
    assert stored(undated) == date(2020, 6, 30)


def test_a_baseline_recorded_as_set_earlier_becomes_the_first(workstream, office, in_scope):
    sdec = create(workstream, office, date(2020, 3, 31))
    earlier = Baseline(
        milestone=Milestone.objects.get(pk=sdec.pk),
        baseline_on=date(2019, 12, 31),
        set_by=office,
        set_at=datetime(2019, 6, 1, 9, 0, tzinfo=UTC),
    )
    earlier.save()
    assert stored(sdec) == date(2019, 12, 31)
    earlier.delete()
    assert stored(sdec) == date(2020, 3, 31)


def test_deleting_baselines_through_a_queryset_keeps_the_copy(workstream, office, in_scope):
    sdec = create(workstream, office, date(2020, 3, 31))
    services.milestone_rebaseline(
        actor=office, milestone=sdec, baseline_on=date(2020, 6, 30), reason="Workforce gaps"
    )
    Baseline.objects.filter(milestone=sdec, baseline_on=date(2020, 3, 31)).delete()
    assert stored(sdec) == date(2020, 6, 30)
    Baseline.objects.filter(milestone=sdec).delete()
    assert stored(sdec) is None
    sdec = Milestone.objects.get(pk=sdec.pk)
    # None recorded: the current baseline (30 June) stands as the first, in SQL as in Python;
    # open with no forecast, the milestone is late by the days since it.
    assert slippage_in_sql(sdec) == sdec.slippage_on(AS_AT) == 63


def test_the_copy_is_no_change_in_the_history(workstream, office, in_scope):
    undated = create(workstream, office, None)
    services.milestone_rebaseline(
        actor=office, milestone=undated, baseline_on=date(2020, 6, 30), reason="Dated at last"
    )
    rows = history_rows(Milestone.objects.get(pk=undated.pk))
    changed = [(change.field, change.new_shown) for row in rows for change in row.changes]
    assert changed == [("Baseline date", "30 Jun 2020")]
    # The history keeps the value, version by version, for whoever reads it directly.
    assert undated.history.first().original_baseline_on == date(2020, 6, 30)
