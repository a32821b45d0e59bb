"""core.due: each app registers its deadlines once; every reader gets the same answer."""

from datetime import date

import pytest

from core import due
from core.scoping import ScopeError
from tests import factories
from tests.record_factories import ActionFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 7, 10)


@pytest.fixture
def owner():
    return factories.UserFactory()


def _action(owner_user, system=None, **fields):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system or factories.SystemFactory())
    )
    person = factories.PersonFactory(system=meeting.committee.system, user=owner_user)
    return ActionFactory(meeting=meeting, owner=person, **fields)


def test_apps_register_their_kinds_when_the_platform_starts():
    assert "action" in {kind.slug for kind in due.kinds()}
    assert due.kind("action").label == "Actions due"


def test_a_kind_cannot_be_registered_twice_under_one_name():
    with pytest.raises(ValueError, match="registered twice"):
        due.register("action", "Something else")(lambda as_at, ids: [])


def test_open_actions_are_due_for_their_owner_with_their_state(owner):
    overdue = _action(owner, due_on=date(2019, 7, 1))
    today = _action(owner, due_on=AS_AT)
    soon = _action(owner, due_on=date(2019, 7, 24))
    _action(owner, due_on=date(2019, 7, 25))  # beyond the 14 days of "due soon"
    _action(owner, due_on=date(2019, 6, 1), status="done", completed_on=date(2019, 6, 2))
    _action(owner, due_on=date(2019, 6, 1), withdrawn_on=date(2019, 6, 3))
    _action(None, due_on=date(2019, 6, 1))  # an owner without an account hears nothing

    found = due.due_as_at(AS_AT, only=["action"])

    assert [item.key for item in found] == [
        f"governance.action:{overdue.pk}",
        f"governance.action:{today.pk}",
        f"governance.action:{soon.pk}",
    ]
    assert [item.state(AS_AT) for item in found] == [
        due.State.OVERDUE,
        due.State.DUE,
        due.State.SOON,
    ]
    assert all(item.user_ids == {owner.pk} for item in found)
    assert (
        found[0].url == f"/s/{overdue.meeting.committee.system.slug}/meetings/{overdue.meeting_id}/"
    )


def test_due_for_a_user_stays_within_the_systems_given(owner):
    mine = _action(owner, due_on=AS_AT)
    elsewhere = _action(owner, due_on=AS_AT)
    _action(factories.UserFactory(), system=mine.meeting.committee.system, due_on=AS_AT)

    found = due.due_for(owner, AS_AT, [mine.meeting.committee.system_id])

    assert [item.key for item in found] == [f"governance.action:{mine.pk}"]
    assert f"governance.action:{elsewhere.pk}" not in {item.key for item in found}


def test_kinds_read_through_the_scoped_managers():
    """A kind's function called outside due_as_at (no scope) fails closed."""
    with pytest.raises(ScopeError):
        due.kind("action").find(AS_AT, None)
