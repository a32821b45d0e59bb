"""A withdrawn action (recorded in error) is kept, labelled, but asks nothing of anyone: the
API's "overdue" filter leaves it out, as the action log's does."""

from datetime import date, timedelta

import pytest

from core.scoping import scope
from governance import services

pytestmark = pytest.mark.django_db

PAST = date.today() - timedelta(days=10)


@pytest.fixture
def actions(world, office):
    """Beside the world's open action (no due date): one overdue, one overdue but withdrawn."""
    with scope([world.system]):
        overdue = services.action_create(
            actor=office, meeting=world.meeting, description="Overdue", owner=world.ann
        )
        services.action_update(actor=office, action=overdue, due_on=PAST)
        withdrawn = services.action_create(
            actor=office, meeting=world.meeting, description="Entered twice", owner=world.ann
        )
        services.action_update(actor=office, action=withdrawn, due_on=PAST)
        services.action_withdraw(actor=office, action=withdrawn, reason="Entered twice")
    return overdue, withdrawn


def test_the_api_overdue_filter_leaves_out_a_withdrawn_action(api, world, actions):
    overdue, withdrawn = actions
    listed = api("/api/v1/actions/", overdue="true").json()["results"]
    assert [a["id"] for a in listed] == [overdue.pk]
    rest = api("/api/v1/actions/", overdue="false").json()["results"]
    assert sorted(a["id"] for a in rest) == sorted([world.action.pk, withdrawn.pk])
    (shown,) = [a for a in rest if a["id"] == withdrawn.pk]
    assert (shown["withdrawn_on"], shown["withdrawn_reason"]) == (
        date.today().isoformat(),
        "Entered twice",
    )
