"""The milestones list of a request that filters and sorts nothing (milestones.api.plain) gives
the ORM path's pages, row for row, forwards and backwards, in every scope."""

import base64
from itertools import chain
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.contrib.auth import get_user_model

from core.roles import Role
from milestones.api import plain
from partners.models import Access
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/milestones/"


@pytest.fixture
def world(system, other_system, office, in_scope):
    """Seven milestones in each test system and three in a third; a regulator of the first two,
    with baselines moved on some (so rows differ beyond their ids)."""
    third = factories.SystemFactory(slug="gamma", name="Gamma ICS", short_name="Gamma")
    for each, count in ((system, 7), (other_system, 7), (third, 3)):
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=each))
        for _ in range(count):
            factories.MilestoneFactory(workstream=workstream)
    user = get_user_model().objects.create_user(username="reg", password="x")
    for each in (system, other_system):
        Access.objects.create(user=user, system=each, role=Role.REGULATOR)
    return user, factories.api_token(user), third


def flat(pages: list[list[int]]) -> list[int]:
    return list(chain.from_iterable(pages))


def pages(client, token, params, *, backwards_from=None):
    """Every page's rows following the links (next, or previous from ``backwards_from``)."""
    link, direction, seen = URL + "?" + urlencode(params), "next", []
    if backwards_from is not None:
        link, direction = backwards_from, "previous"
    while link:
        response = client.get(link, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, response.content
        body = response.json()
        seen.append([row["id"] for row in body["results"]])
        last = link
        link = body[direction]
    return seen, last


@pytest.fixture
def plain_reads(monkeypatch) -> list:
    """The plain pages read (each a PlainPage), counted."""
    reads, read = [], plain.PlainPage.__iter__

    def counted(page):
        reads.append(page)
        return read(page)

    monkeypatch.setattr(plain.PlainPage, "__iter__", counted)
    return reads


def test_pages_are_the_orm_paths_forwards_and_backwards(client, world, system, plain_reads):
    _, token, _ = world
    for params in ({"page_size": 3}, {"page_size": 4, "system": system.pk}):
        plain_reads.clear()
        fast, last = pages(client, token, params)
        fast_back, _ = pages(client, token, params, backwards_from=last)
        assert len(plain_reads) == len(fast) + len(fast_back)
        assert {page.descending for page in plain_reads} == {False, True}
        # Any other parameter takes the ORM's path (this one filters nothing).
        plain_reads.clear()
        slow, last = pages(client, token, {**params, "unused": "1"})
        slow_back, _ = pages(client, token, {**params, "unused": "1"}, backwards_from=last)
        assert plain_reads == []
        assert fast == slow and fast_back == slow_back
        ids = flat(fast)
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
    # The whole list is the two systems' fourteen milestones; the first system's seven.
    assert len(flat(pages(client, token, {"page_size": 5})[0])) == 14
    assert len(flat(pages(client, token, {"system": system.pk})[0])) == 7


def test_rows_are_the_orm_paths(client, world, system):
    _, token, _ = world
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    fast = client.get(URL, {"page_size": 50}, **headers).json()
    slow = client.get(URL, {"page_size": 50, "unused": "1"}, **headers).json()
    assert fast["results"] == slow["results"] and len(fast["results"]) == 14


def test_a_system_the_user_may_not_see_is_refused_as_before(client, world):
    _, token, third = world
    response = client.get(URL, {"system": third.pk}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and "system" in response.json()


def test_a_superuser_pages_through_every_system(client, world, office):
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    token = factories.api_token(admin)
    assert len(flat(pages(client, token, {"page_size": 6})[0])) == 17


def test_a_user_without_access_gets_an_empty_page(client, world, office):
    user = get_user_model().objects.create_user(username="nobody", password="x")
    Access.objects.create(user=user, system=office.accesses.get().system, role=Role.REGULATOR)
    token = factories.api_token(user)
    Access.objects.filter(user=user).delete()  # access ended: the token reads nothing
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize("extra", [{}, {"unused": "1"}])
def test_a_cursor_edited_to_a_position_that_is_no_id_is_invalid(client, world, extra):
    _, token, _ = world
    cursor = base64.b64encode(b"p=abc").decode()
    response = client.get(URL, {"cursor": cursor, **extra}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Invalid cursor: the `cursor` parameter")


def test_a_plain_page_costs_one_statement_whatever_its_size(
    client, world, django_assert_num_queries
):
    _, token, _ = world
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get(URL, **headers)  # the token's first use is recorded
    for size in (2, 10):
        # The token; the page; its baselines and dependencies.
        with django_assert_num_queries(3):
            response = client.get(URL, {"page_size": size}, **headers)
        assert len(response.json()["results"]) == size
        query = parse_qs(urlparse(response.json()["next"]).query)
        assert query["page_size"] == [str(size)] and "cursor" in query


def test_only_what_pagination_asks_is_accepted():
    page = plain.PlainPage((1,))
    with pytest.raises(ValueError):
        page.order_by("title")
    with pytest.raises(ValueError):
        page.filter(title="x")
    with pytest.raises(ValueError):
        page[0:2][0:1]
