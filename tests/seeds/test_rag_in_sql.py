"""Every seed milestone's RAG and slippage as the registers and the dashboard count them (the
database's expressions, ``milestones.querysets.with_rag``) equal milestones.rag's functions, as
a milestone's page and the report read them: on each system's opening date, the month ends
around it, and today. (``milestones/tests/test_rag_sql.py`` holds the edge cases.)"""

from datetime import date, timedelta

import pytest

from milestones.models import Milestone
from milestones.querysets import with_rag
from partners.models import System

pytestmark = pytest.mark.django_db


def _dates(system: System) -> list[date]:
    opens = system.opens_as_at or date.today()
    month_start = opens.replace(day=1)
    return [
        opens,
        month_start - timedelta(days=1),  # the month end before
        (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1),  # its own end
        opens + timedelta(days=365),
        date.today(),
    ]


def test_the_database_and_the_functions_agree_on_every_seed_milestone(seeds):
    compared, statuses = 0, set()
    for system in System.objects.all():
        milestones = Milestone.objects.filter(workstream__plan__system=system)
        for as_at in _dates(system):
            annotated = with_rag(
                milestones.select_related("workstream__plan").prefetch_related("baselines"), as_at
            )
            for m in annotated:
                assert (m.as_at_rag, m.as_at_slippage) == (
                    m.rag_on(as_at).value,
                    m.slippage_on(as_at),
                ), (system.slug, as_at, m.title)
                statuses.add(m.as_at_rag)
                compared += 1
    # The seeds give dated milestones on either side of the dates, and undated ones.
    assert compared > 100
    assert {"green", "red", "undated"} <= statuses
