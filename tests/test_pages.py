"""Across the site: sign-in, sign-out, every page behind sign-in, and the admin's scoping."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_page_requires_sign_in(client, system):
    for name in (
        "reports:dashboard",
        "partners:organisation-list",
        "governance:committee-list",
        "milestones:milestone-list",
        "escalation:case-board",
        "escalation:risk-list",
        "finance:overview",
    ):
        response = client.get(reverse(name, args=[system.slug]))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302


def test_sign_in_and_out(client, office, system):
    response = client.post("/login/", {"login": "alice", "password": "password"})
    assert response.status_code == 302
    assert client.get(reverse("reports:dashboard", args=[system.slug])).status_code == 200
    client.post("/logout/")
    assert client.get(reverse("reports:dashboard", args=[system.slug])).status_code == 302


def test_wrong_password_says_so(client, office):
    response = client.post("/login/", {"login": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_header_shows_name_role_and_switcher(client, office, system, other_system):
    hidden = factories.SystemFactory()  # a system the user cannot see is not offered
    from partners.models import Access

    Access.objects.create(user=office, system=other_system, role=Role.REGULATOR)
    client.force_login(office)
    page = client.get(reverse("reports:dashboard", args=[system.slug])).content.decode()
    assert "Programme office" in page
    assert 'id="system-switcher"' in page
    switcher = page.split('id="system-switcher"', 1)[1].split("</select>", 1)[0]
    offered = re.findall(r'<option value="([^"]+)"', switcher)
    assert sorted(offered) == sorted([system.slug, other_system.slug])
    assert hidden.name not in page and hidden.short_name not in switcher
    assert "Skip to main content" in page


def _staff(user):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="governance"))


def test_admin_lists_only_the_staff_members_systems(client, office, system, other_system):
    factories.CommitteeFactory(system=system, name="Integrated Commissioning Group")
    theirs = factories.CommitteeFactory(system=other_system, name="Joint Committee")
    _staff(office)
    client.force_login(office)
    page = client.get("/admin/governance/committee/").content.decode()
    assert "Integrated Commissioning Group" in page
    assert "Joint Committee" not in page
    assert client.get(f"/admin/governance/committee/{theirs.pk}/change/").status_code in (302, 404)


def test_admin_offers_only_the_staff_members_systems(client, office, system, other_system):
    _staff(office)
    client.force_login(office)
    page = client.get("/admin/governance/committee/add/").content.decode()
    assert "Alpha STP" in page
    assert "Beta ICS" not in page
