"""A milestone its source gives no date: stored without a baseline, shown as not dated, no RAG
invented for it (002 Norfolk and Waveney's cancer and digital deliverables carry no dates)."""

from datetime import date

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import Milestone
from milestones.querysets import milestone_rows, rag_counts, sort_rows, timeline_rows
from milestones.rag import Rag, rag_status
from milestones.tests.form_helpers import milestone_data, url

pytestmark = pytest.mark.django_db

DAY = date(2019, 11, 30)


def test_rag_of_a_milestone_without_a_date_is_not_dated():
    assert (
        rag_status(baseline=None, forecast=None, completed=None, tolerance_days=30, today=DAY)
        == Rag.UNDATED
    )
    # A completed one is complete; one given a forecast is judged by that date alone.
    done = rag_status(baseline=None, forecast=None, completed=DAY, tolerance_days=30, today=DAY)
    assert done == Rag.COMPLETE
    later = rag_status(
        baseline=None, forecast=date(2020, 1, 1), completed=None, tolerance_days=30, today=DAY
    )
    assert later == Rag.GREEN
    past = rag_status(
        baseline=None, forecast=date(2019, 10, 1), completed=None, tolerance_days=30, today=DAY
    )
    assert past == Rag.RED


@pytest.fixture
def undated(workstream, office, in_scope):
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Community cancer nursing pilots",
        baseline_on=None,
    )


def test_created_without_a_baseline_record_and_dated_later_by_rebaselining(undated, office):
    assert undated.baseline_on is None
    assert not undated.baselines.exists()
    assert (undated.first_baseline_on, undated.slippage_days) == (None, 0)
    services.milestone_rebaseline(
        actor=office, milestone=undated, baseline_on=date(2020, 3, 31), reason="Date agreed"
    )
    undated.refresh_from_db()
    assert undated.baseline_on == date(2020, 3, 31)
    assert undated.baselines.get().reason == "Date agreed"


def test_lists_put_undated_last_count_them_and_keep_them_off_the_timeline(
    undated, milestone, in_scope
):
    rows = milestone_rows(Milestone.objects.all(), DAY)
    for order in ("baseline", "-baseline", "forecast", "title"):
        sort_rows(rows, order)  # None never compared with a date
    assert [r.milestone for r in sort_rows(rows, "baseline")] == [milestone, undated]
    assert dict(rag_counts(r.rag for r in rows))[Rag.UNDATED] == 1
    assert [t.title for t in timeline_rows(rows)] == [milestone.title]
    # Most plans date everything: "not dated" is then not counted at all.
    assert Rag.UNDATED not in dict(rag_counts(r.rag for r in rows if r.milestone == milestone))


def test_form_adds_a_milestone_without_a_date(client, office, system, workstream):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-create"), milestone_data(workstream, baseline_on=""), follow=True
    )
    with scope([system]):
        milestone = Milestone.objects.get(title="Shared care record live")
    assert milestone.baseline_on is None
    page = response.content.decode()
    assert "Not dated" in page
    assert "None: not dated" in page
