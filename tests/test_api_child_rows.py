"""Children read after a page (core.api.children.ChildRows): the same rows for a page of model
instances and for a page of ``.values()`` rows, found by one array of the parents' keys."""

import pytest
from django.db.models import F

from core.api.children import ChildRows
from core.lookups import AnyOf
from escalation.models import Risk, RiskWorkstream
from tests import factories as f
from tests import record_factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def risks():
    system = f.SystemFactory()
    plan = f.PlanFactory(system=system)
    first, second, unlinked = (f.RiskFactory(system=system) for _ in range(3))
    for risk in (first, first, second):
        rf.RiskWorkstreamFactory(risk=risk, workstream=f.WorkstreamFactory(plan=plan))
    return [first, second, unlinked]


def _links(attr="links"):
    # The base manager: this reads the links by their risks alone, outside a request's scope.
    links = RiskWorkstream._base_manager.order_by("pk")
    return ChildRows(attr, links, "risk_id", extra=("workstream_id",))


def test_instances_and_values_rows_get_the_same_children_as_named_rows(risks):
    instances = list(Risk._base_manager.filter(pk__in=[r.pk for r in risks]).order_by("pk"))
    rows = list(Risk._base_manager.filter(pk__in=[r.pk for r in risks]).order_by("pk").values("pk"))
    _links().attach(instances)
    _links().attach(rows)

    by_instance = [[link.workstream_id for link in risk.links] for risk in instances]
    by_row = [[link.workstream_id for link in row["links"]] for row in rows]
    assert by_instance == by_row
    assert [len(ids) for ids in by_row] == [2, 1, 0]
    expected = list(
        RiskWorkstream._base_manager.filter(risk=risks[0])
        .order_by("pk")
        .values_list("workstream_id", flat=True)
    )
    assert by_row[0] == expected


def test_parents_without_a_key_read_nothing(django_assert_num_queries):
    parents = [{"pk": None}]
    with django_assert_num_queries(0):
        _links().attach(parents)
    assert parents == [{"pk": None, "links": []}]


def test_any_of_finds_exactly_the_keys(risks):
    wanted = [risks[0].pk, risks[2].pk]
    found = Risk._base_manager.filter(AnyOf(F("pk"), wanted))
    assert sorted(found.values_list("pk", flat=True)) == sorted(wanted)


def test_any_of_nothing_matches_nothing_without_a_query(risks, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Risk._base_manager.filter(AnyOf(F("pk"), []))) == []


def test_a_scope_reads_its_systems_as_one_array(risks, django_assert_num_queries):
    """Scoped managers (core.scoping) filter by the visible systems through AnyOf: the same
    rows as ``__in``, and none (without a query) for no system."""
    from core.scoping import scope

    system_id = risks[0].system_id
    with scope({system_id, system_id + 1000}):
        assert sorted(Risk.objects.values_list("pk", flat=True)) == sorted(r.pk for r in risks)
    with scope(set()), django_assert_num_queries(0):
        assert list(Risk.objects.all()) == []
