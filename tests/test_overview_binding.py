"""The overview's API reads only the systems its token is bound to (and the holder still sees),
and the overview page only the systems the person sees, whatever they ask for."""

import pytest

from core.audit import system_actor
from core.roles import Role
from partners.api.tokens import token_issue
from partners.models import Access
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reg(system, other_system):
    user = f.UserFactory(username="reg.two")
    for each in (system, other_system):
        Access.objects.create(user=user, system=each, role=Role.REGULATOR)
    return user


def _get(client, token, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_bound_to_one_system_reads_its_row_only(client, reg, system, other_system):
    _, token = token_issue(actor=system_actor(), user=reg, systems=[system], by_operator=True)
    rows = _get(client, token, "/api/v1/overview/").json()["results"]
    assert [row["id"] for row in rows] == [system.pk]
    assert _get(client, token, f"/api/v1/overview/{other_system.pk}/").status_code == 404
    asked = _get(client, token, f"/api/v1/overview/?system={other_system.pk}")
    assert asked.status_code == 400 or asked.json()["results"] == []


def test_access_ended_since_the_token_was_issued_is_not_read(client, reg, system, other_system):
    _, token = token_issue(actor=system_actor(), user=reg, by_operator=True)
    Access.objects.filter(user=reg, system=other_system).update(ends_on="2020-01-01")
    rows = _get(client, token, "/api/v1/overview/").json()["results"]
    assert [row["id"] for row in rows] == [system.pk]


def test_the_page_shows_only_the_persons_systems_whatever_the_region(
    client, office, system, other_system
):
    client.force_login(office)
    page = client.get("/overview/")
    assert [row.system for row in page.context["rows"]] == [system]
    assert client.get("/overview/", {"region": other_system.region}).status_code in (200, 400)
    assert other_system.name not in client.get("/overview/").content.decode()
