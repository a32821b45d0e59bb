"""A milestone's page and a workstream's page (its timeline) cost the same number of queries
however many baselines, updates, dependencies or milestones they show: the pages under load
(bench/web_load.py) open them at 2,000 milestones a system."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.scoping import scope
from milestones import services
from milestones.tests.page_helpers import TODAY, url
from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def grow(office, system, organisation, milestone, workstream, rows: int, first: int = 0) -> None:
    """``rows`` more of everything the two pages list: milestones in the workstream, each
    depending on the one before and the first depending on each (dependencies and dependents),
    baselines moved and months reported on the first."""
    with scope([system]):
        for n in range(first, first + rows):
            other = services.milestone_create(
                actor=office,
                workstream=workstream,
                title=f"Milestone {n}",
                baseline_on=TODAY + timedelta(days=n + 1),
                responsible_organisation=organisation,
                is_key=n % 2 == 0,
            )
            services.dependency_add(actor=office, milestone=other, depends_on=milestone)
            services.progress_update_record(
                actor=office,
                milestone=other,
                month=TODAY,
                narrative=f"Update {n}",
            )
            services.milestone_rebaseline(
                actor=office,
                milestone=milestone,
                baseline_on=milestone.baseline_on + timedelta(days=1),
                reason=f"Moved {n}",
            )
            services.progress_update_record(
                actor=office,
                milestone=milestone,
                month=date(2019, 1, 1) + timedelta(days=31 * n),
                narrative=f"Month {n}",
                today=TODAY,
            )


def test_milestone_and_timeline_queries_do_not_grow(client, office, system, organisation):
    plan = factories.PlanFactory(system=system)
    workstream = factories.WorkstreamFactory(plan=plan, name="Urgent care")
    with scope([system]):
        milestone = services.milestone_create(
            actor=office,
            workstream=workstream,
            title="The first",
            baseline_on=TODAY,
            responsible_organisation=organisation,
        )
    client.force_login(office)
    pages = [
        url(system, "milestone-detail", pk=milestone.pk),
        url(system, "workstream-detail", pk=workstream.pk),
    ]
    grow(office, system, organisation, milestone, workstream, 2)
    # Each page once first: the session's first save, and the first visit's work, are not
    # the page's own.
    for path in pages:
        queries_for(client, path)
    small = [queries_for(client, path) for path in pages]
    grow(office, system, organisation, milestone, workstream, 18, first=2)
    large = [queries_for(client, path) for path in pages]
    assert large == small
