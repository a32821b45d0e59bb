"""The API's filter sets: a JSON request builds only the filters it gives (an absent one filters
nothing), the browsable API all of them; naming a system scopes the page to it alone, never to a
system the user may not see."""

import django_filters
import pytest
from django import forms
from django.contrib.auth import get_user_model
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core import authz
from core.api.base import SystemFilterSet
from core.roles import Role
from core.scoping import unscoped
from governance.api.filters import TermsOfReferenceFilterSet
from governance.models import Committee, TermsOfReference
from milestones.api.filters import MilestoneFilterSet
from milestones.models import Milestone
from partners.models import Access
from tests import factories

pytestmark = pytest.mark.django_db


def drf_request(user, renderer, **params) -> Request:
    request = Request(APIRequestFactory().get("/api/v1/", params))
    request.user = user
    request.accepted_renderer = renderer
    return request


def built(filterset_class, model, request) -> set[str]:
    with unscoped():
        filterset = filterset_class(
            request.query_params, queryset=model._base_manager.all(), request=request
        )
        return set(filterset.filters)


def test_a_json_request_builds_only_the_filters_it_gives(regulator):
    request = drf_request(regulator, JSONRenderer(), key="true", rag=["red", "green"])
    assert built(MilestoneFilterSet, Milestone, request) == {"key", "rag"}
    assert built(MilestoneFilterSet, Milestone, drf_request(regulator, JSONRenderer())) == set()


def test_the_browsable_api_builds_every_filter(regulator):
    request = drf_request(regulator, BrowsableAPIRenderer(), key="true")
    assert built(MilestoneFilterSet, Milestone, request) == set(MilestoneFilterSet.base_filters)


def test_filters_that_read_other_names_or_act_when_absent_are_always_built(regulator):
    """A range reads name_after/name_before; an unticked checkbox is False, not absent; a
    required filter's absence is an error."""

    class Odd(SystemFilterSet):
        ticked = django_filters.BooleanFilter(field_name="kind", widget=forms.CheckboxInput)
        named = django_filters.CharFilter(field_name="name", required=True)
        plain = django_filters.CharFilter(field_name="name")

        class Meta:
            model = Committee
            fields = ["system"]

    request = drf_request(regulator, JSONRenderer())
    assert built(Odd, Committee, request) == {"ticked", "named"}
    assert built(TermsOfReferenceFilterSet, TermsOfReference, request) == {"review_on"}
    with unscoped():
        filterset = Odd(request.query_params, queryset=Committee.objects.all(), request=request)
        assert not filterset.is_valid() and "named" in filterset.errors


@pytest.fixture
def both(system, other_system, office, in_scope):
    """A regulator of both test systems, a milestone in each, and a third system's milestone."""
    user = get_user_model().objects.create_user(username="rhys")
    for each in (system, other_system):
        Access.objects.create(user=user, system=each, role=Role.REGULATOR)
    third = factories.SystemFactory(slug="gamma", name="Gamma ICS")
    milestones = {}
    for each in (system, other_system, third):
        plan = factories.PlanFactory(system=each)
        workstream = factories.WorkstreamFactory(plan=plan)
        with unscoped():
            milestones[each.slug] = factories.MilestoneFactory(workstream=workstream).pk
    return user, factories.api_token(user), third, milestones


def test_naming_a_system_lists_that_systems_rows_only(client, both, system, other_system):
    _, token, third, milestones = both

    def ids(**params):
        response = client.get("/api/v1/milestones/", params, HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code, {row["id"] for row in response.json().get("results", [])}

    assert ids() == (200, {milestones["alpha"], milestones["beta"]})
    assert ids(system=system.pk) == (200, {milestones["alpha"]})
    assert ids(system=other_system.pk) == (200, {milestones["beta"]})
    assert ids(system=third.pk)[0] == 400
    assert ids(system="abc")[0] == 400
    detail = f"/api/v1/milestones/{milestones['beta']}/"
    response = client.get(detail, {"system": system.pk}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_a_scope_within_systems_never_reaches_past_the_users_own(both, system, other_system):
    user, _, third, milestones = both
    assert {m.pk for m in authz.scoped(user, Milestone, within=[other_system.pk])} == {
        milestones["beta"]
    }
    assert list(authz.scoped(user, Milestone, within=[third.pk])) == []
    assert list(authz.scoped(user, Milestone, within=[])) == []


def test_a_system_the_view_scoped_to_is_not_filtered_again(regulator, system, other_system):
    """The view scopes to a system the user may see when ?system= names it: the filter is not
    built. One the user may not see (or not an id) is left to the filter, which refuses it."""

    class View:
        narrowed_to = frozenset({system.pk})

    def request_for(value):
        request = drf_request(regulator, JSONRenderer(), system=value, key="true")
        request.parser_context = {"view": View()}
        return request

    assert built(MilestoneFilterSet, Milestone, request_for(system.pk)) == {"key"}
    assert built(MilestoneFilterSet, Milestone, request_for(other_system.pk)) == {"key", "system"}
    assert built(MilestoneFilterSet, Milestone, request_for("x")) == {"key", "system"}
    View.narrowed_to = frozenset()  # the named system is not the user's: nothing in scope
    assert built(MilestoneFilterSet, Milestone, request_for(system.pk)) == {"key", "system"}


def test_with_no_filter_given_the_queryset_is_unfiltered_and_valid(regulator, system):
    request = drf_request(regulator, JSONRenderer())
    with unscoped():
        queryset = Milestone._base_manager.all()
        filterset = MilestoneFilterSet(request.query_params, queryset=queryset, request=request)
        assert filterset.filters == {} and filterset.is_valid() and filterset.errors == {}
        assert str(filterset.qs.query) == str(queryset.query)
