"""The API takes a browser session only from read-only roles (regulators, chairs), for the
browsable API; everyone else reads it with a token."""

import pytest
from django.contrib.auth import get_user_model

from core.roles import Role
from partners.api.tokens import token_issue
from partners.models import Access

SYSTEMS = "/api/v1/systems/"


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.CHAIR])
def test_read_only_roles_browse_the_api_signed_in(client_for, role, system):
    client = client_for(role)
    response = client.get(SYSTEMS, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert system.name in response.content.decode()
    assert [row["slug"] for row in client.get(SYSTEMS).json()["results"]] == [system.slug]


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD])
def test_roles_that_edit_need_a_token(user_for, client, role, system, office):
    user = user_for(role)
    client.force_login(user)
    assert client.get(SYSTEMS).status_code == 401
    raw = token_issue(actor=office, user=user)[1]
    assert client.get(SYSTEMS, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_regulator_who_also_edits_somewhere_needs_a_token(client, regulator, other_system):
    Access.objects.create(user=regulator, system=other_system, role=Role.PROGRAMME_OFFICE)
    client.force_login(regulator)
    assert client.get(SYSTEMS).status_code == 401


def test_a_superuser_needs_a_token(client, db):
    admin = get_user_model().objects.create_superuser("root", password="password")
    client.force_login(admin)
    assert client.get(SYSTEMS).status_code == 401


def test_a_session_without_any_access_reads_nothing(client, db):
    nobody = get_user_model().objects.create_user("nobody", password="password")
    client.force_login(nobody)
    assert client.get(SYSTEMS).status_code == 401
