"""core.due: each app registers its deadlines once; every reader gets the same answer."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import authz, due
from core.roles import Role
from core.scoping import ScopeError
from tests import factories
from tests.record_factories import AccessFactory, ActionFactory

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
        due.register("action", "Something else", roles=None)(lambda as_at, ids: [])


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


@pytest.fixture
def kinds(monkeypatch):
    """The registry, emptied for this test: the kinds it registers, and what each was asked."""
    monkeypatch.setattr(due, "_KINDS", {})
    asked = []

    def kind(slug, roles, named=()):
        def find(as_at, system_ids):
            asked.append(slug)
            holders = due.Holders(system_ids, *named)
            return [
                due.Due(slug, system_id, f"x:{slug}", slug, as_at, "/", holders.of(system_id, role))
                for system_id in system_ids
                for role in named
            ]

        due.register(slug, slug, roles=roles)(find)

    return kind, asked


def test_one_persons_list_skips_the_kinds_that_cannot_be_theirs(kinds):
    kind, asked = kinds
    regulator = factories.UserFactory()
    system = factories.SystemFactory()
    AccessFactory(user=regulator, system=system, role=Role.REGULATOR)
    kind("for_the_chair", roles=(Role.CHAIR,), named=(Role.CHAIR,))
    kind("for_regulators", roles=(Role.REGULATOR,), named=(Role.REGULATOR,))
    kind("for_owners", roles=None)
    assert authz.roles_in(regulator, [system.pk, factories.SystemFactory().pk]) == {"regulator"}
    found = due.due_for(regulator, AS_AT, [system.pk])
    assert [item.kind for item in found] == ["for_regulators"]
    assert sorted(asked) == ["for_owners", "for_regulators"]
    # The daily check, for everyone, computes every kind.
    asked.clear()
    due.due_as_at(AS_AT, system_ids=[system.pk])
    assert sorted(asked) == ["for_owners", "for_regulators", "for_the_chair"]


def test_a_kind_that_names_holders_of_a_role_it_did_not_declare_fails(kinds):
    kind, _ = kinds
    kind("undeclared", roles=(Role.CHAIR,), named=(Role.REGULATOR,))
    with pytest.raises(ImproperlyConfigured, match="undeclared"):
        due.due_as_at(AS_AT, system_ids=[factories.SystemFactory().pk])
