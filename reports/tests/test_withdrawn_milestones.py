"""Withdrawn milestones, and the milestones of a withdrawn workstream, are in no figure of the
dashboard or the report."""

from datetime import date, timedelta

import pytest

from core.scoping import scope
from milestones import services
from reports import dashboard
from reports.snapshot import milestones as snapshot_milestones
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestones(system, office):
    with scope([system]):
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        soon = date.today() + timedelta(days=10)
        return workstream, [
            services.milestone_create(
                actor=office, workstream=workstream, title=title, baseline_on=soon, is_key=True
            )
            for title in ("Kept", "Withdrawn")
        ]


def test_a_withdrawn_milestone_is_in_no_dashboard_or_report_figure(system, office, milestones):
    _, (kept, gone) = milestones
    with scope([system]):
        services.milestone_withdraw(actor=office, milestone=gone, reason="Duplicate")
        built = dashboard.build(office, system, date.today())
        assert sum(built.rag_counts.values()) == 1
        assert [m.pk for m, _ in built.due_soon] == [kept.pk]
        assert [m.pk for m in snapshot_milestones.fetch(system)] == [kept.pk]


def test_a_withdrawn_workstreams_milestones_are_in_no_figure(system, office, milestones):
    workstream, _ = milestones
    with scope([system]):
        services.workstream_withdraw(actor=office, workstream=workstream, reason="Merged")
        built = dashboard.build(office, system, date.today())
        assert sum(built.rag_counts.values()) == 0
        assert built.due_soon == []
        assert snapshot_milestones.fetch(system) == []
