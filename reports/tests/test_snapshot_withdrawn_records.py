"""Records withdrawn (kept, labelled, never deleted) that the chair's report must not present
as current."""

import datetime

import pytest

from governance.models import Decision
from reports.snapshot import build_snapshot
from reports.tests.snapshot_data import NOVEMBER
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_withdrawn_decision_is_not_reported_as_decided(no_scope, system):
    """A decision recorded in error and withdrawn is left out of its meeting's decisions, as
    the report's "Since last month" leaves it out."""
    board = factories.CommitteeFactory(system=system, name="Partnership Board")
    meeting = factories.MeetingFactory(committee=board, held_on=D(2019, 11, 7))
    Decision(meeting=meeting, reference="PB-1", title="Kept").save()
    Decision(
        meeting=meeting,
        reference="PB-2",
        title="Entered twice",
        withdrawn_on=D(2019, 11, 20),
        withdrawn_reason="Recorded in error",
    ).save()
    (committee,) = build_snapshot(system, NOVEMBER)["committees"]
    (reported,) = committee["meetings"]
    assert reported["decisions"] == [{"reference": "PB-1", "title": "Kept"}]
