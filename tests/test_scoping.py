"""Fail-closed scoping: a query on system-owned data outside a scope raises."""

import pytest

from core.scoping import ScopeError, scope, unscoped
from governance.models import Committee, Meeting
from partners.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_committees(system, other_system):
    return (
        factories.CommitteeFactory(system=system, name="Ours"),
        factories.CommitteeFactory(system=other_system, name="Theirs"),
    )


def test_unscoped_query_raises(two_committees):
    with pytest.raises(ScopeError):
        list(Committee.objects.all())


def test_reverse_relation_outside_scope_raises(system):
    with pytest.raises(ScopeError):
        list(system.people.all())


def test_scope_limits_rows_to_its_systems(two_committees, system):
    with scope([system]):
        assert [c.name for c in Committee.objects.all()] == ["Ours"]


def test_scope_filters_through_nested_paths(two_committees, system):
    ours, theirs = two_committees
    factories.MeetingFactory(committee=ours)
    factories.MeetingFactory(committee=theirs)
    with scope([system]):
        assert [m.committee_id for m in Meeting.objects.all()] == [ours.pk]
        # Their committee cannot be reached, so neither can its meetings.
        with pytest.raises(Committee.DoesNotExist):
            Committee.objects.get(pk=theirs.pk)
        # Children follow a parent already in hand (the parent was read through a scope).
        assert [m.committee_id for m in ours.meetings.all()] == [ours.pk]


def test_related_rows_on_a_path_not_through_the_parent_stay_scoped(system, other_system):
    """A person's system is not reached through their organisation: an organisation shared by
    two systems shows only this system's people."""
    shared = factories.OrganisationFactory()
    factories.PersonFactory(system=system, organisation=shared, name="Ours")
    factories.PersonFactory(system=other_system, organisation=shared, name="Theirs")
    with scope([system]):
        assert [p.name for p in shared.people.all()] == ["Ours"]


def test_empty_scope_sees_nothing(two_committees):
    with scope([]):
        assert list(Committee.objects.all()) == []


def test_unscoped_sees_every_system(two_committees):
    with unscoped():
        assert Committee.objects.count() == 2


def test_queryset_built_in_scope_keeps_its_filter_after_the_scope_closes(two_committees, system):
    with scope([system]):
        queryset = Committee.objects.all()
    assert [c.name for c in queryset] == ["Ours"]


def test_scope_is_restored_after_nesting(two_committees, system, other_system):
    with scope([system]):
        with unscoped():
            assert Committee.objects.count() == 2
        assert Committee.objects.count() == 1
    with pytest.raises(ScopeError):
        Person.objects.count()
