"""One base viewset for every list (core.api.base): each filters by ``system`` among the user's
systems only, the lists of systems and of shared organisations included, and a viewset without
that filter cannot be declared."""

import datetime

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured

from config.api import router
from core.api.base import ScopedReadOnlyViewSet, SystemFilterSet, VisibleSystemFilter
from core.roles import Role
from partners.models import Access, Partnership, System
from tests import factories, record_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_systems(system, other_system):
    """A regulator of both test systems, each with a partner of its own, and a third system the
    regulator does not oversee."""
    user = factories.UserFactory(username="reg")
    for each in (system, other_system):
        Access.objects.create(user=user, system=each, role=Role.REGULATOR)
        factories.PartnershipFactory(system=each)
    hidden = factories.SystemFactory(slug="gamma")
    return factories.api_token(user), hidden


def get(client, token, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("prefix, viewset", [(p, v) for p, v, _ in router.registry])
def test_every_list_filters_by_a_visible_system(prefix, viewset):
    filterset = viewset.filterset_class
    assert issubclass(viewset, ScopedReadOnlyViewSet), prefix
    assert issubclass(filterset, SystemFilterSet), prefix
    assert isinstance(filterset.base_filters["system"], VisibleSystemFilter), prefix


def test_systems_and_organisations_filter_by_system(client, two_systems, system, other_system):
    token, hidden = two_systems
    every = get(client, token, "/api/v1/systems/").json()["results"]
    assert {row["id"] for row in every} == {system.pk, other_system.pk}
    one = get(client, token, f"/api/v1/systems/?system={system.pk}").json()["results"]
    assert [row["id"] for row in one] == [system.pk]
    partners = get(client, token, f"/api/v1/organisations/?system={other_system.pk}").json()
    links = Partnership._base_manager.filter(system=other_system).order_by("organisation_id")
    expected = links.values_list("organisation_id", flat=True)
    assert [row["id"] for row in partners["results"]] == list(expected)
    for url in ("/api/v1/systems/", "/api/v1/organisations/", "/api/v1/financial-years/"):
        assert get(client, token, f"{url}?system={hidden.pk}").status_code == 400, url


def test_a_viewset_without_the_system_filter_is_refused():
    class Unfiltered(django_filters.FilterSet):
        system = django_filters.NumberFilter()

    with pytest.raises(ImproperlyConfigured):

        class Forgetful(ScopedReadOnlyViewSet):
            model = System
            filterset_class = Unfiltered

    with pytest.raises(ImproperlyConfigured):

        class Unfilterable(ScopedReadOnlyViewSet):
            model = System
            filterset_class = None


def test_financial_years_narrow_to_the_named_system(client, two_systems, system, other_system):
    """The years list reads only the named system's years (the view narrows it; the filter
    checks the choice): a year with rows in the other system alone is not listed."""
    token, _ = two_systems
    shared = record_factories.FinancialYearFactory(label="2019/20")
    later = record_factories.FinancialYearFactory(
        label="2020/21", starts_on=datetime.date(2020, 4, 1), ends_on=datetime.date(2021, 3, 31)
    )
    record_factories.ControlTotalFactory(system=system, year=shared)
    record_factories.ControlTotalFactory(system=other_system, year=shared)
    record_factories.EfficiencyPlanFactory(system=other_system, year=later)

    def labels(query=""):
        rows = get(client, token, f"/api/v1/financial-years/{query}").json()["results"]
        return [row["label"] for row in rows]

    assert labels() == ["2019/20", "2020/21"]
    assert labels(f"?system={system.pk}") == ["2019/20"]
    assert labels(f"?system={other_system.pk}") == ["2019/20", "2020/21"]
