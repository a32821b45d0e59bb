"""The account page: each role sees its own systems and roles with their dates, its sessions,
the API tokens it holds (never their text), and the ways to its notification settings, calendar
and two-factor sign-in; the header links to it; its queries do not grow with what it lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from core.roles import Role
from partners.models import Access
from partners.services import access_end
from tests import factories, record_factories
from tests.permissions.roles import ROLES

pytestmark = pytest.mark.django_db
PAGE = reverse("accounts:account")
LABEL = {role: role.label for role in Role}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_own_system_and_role(client_for, user_for, system, role):
    body = client_for(role).get(PAGE).content.decode()
    assert '<h1 class="nhsuk-heading-l">Your account</h1>' in body
    assert system.name in body and LABEL[role] in body
    assert reverse("reports:dashboard", args=[system.slug]) in body
    assert "No end date" in body
    # One session: this one, which cannot be signed out from here (the header signs it out).
    assert body.count("This session") == 1 and "Sign out everywhere else" not in body
    assert reverse("reminders:preferences") in body and reverse("reminders:calendar") in body
    assert ">Two-factor sign-in</h2>" in body
    for other in set(ROLES) - {role}:
        assert f">{LABEL[other]}</td>" not in body.replace("Role </span>", ">")


def test_a_partner_lead_sees_the_organisation_they_lead(client_for, organisation):
    body = client_for(Role.PARTNER_LEAD).get(PAGE).content.decode()
    assert f"Partner lead of {organisation.short_name}" in body


def test_the_dates_an_access_began_and_ends(client, office, chair, system, other_system):
    Access.objects.create(user=chair, system=other_system, role=Role.REGULATOR)
    access = Access.objects.get(user=chair, system=system)
    ends = timezone.localdate() + datetime.timedelta(days=30)
    access_end(actor=office, access=access, ends_on=ends, reason="Leaving")
    client.force_login(chair)
    body = client.get(PAGE).content.decode()
    assert ends.strftime("%-d %B %Y") in body
    # Made without a service (no history): its start is not known.
    assert "Not recorded" in body


def test_an_ended_access_is_listed_as_ended_without_a_link(client, office, chair, system):
    access = Access.objects.get(user=chair, system=system)
    access.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    access.save()
    client.force_login(chair)
    body = client.get(PAGE).content.decode()
    assert "Ended " in body and reverse("reports:dashboard", args=[system.slug]) not in body


def test_the_regulator_sees_their_tokens_never_their_text(client_for, regulator, system, chair):
    raw = factories.api_token(regulator)
    record_factories.ApiTokenFactory(user=chair, name="The chair's own")
    body = client_for(Role.REGULATOR).get(PAGE).content.decode()
    assert "Your API tokens" in body and raw[:8] in body and raw not in body
    assert reverse("partners-api:token-list", args=[system.slug]) in body  # issue a new one
    assert "The chair's own" not in body


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD, Role.CHAIR])
def test_other_roles_have_no_tokens_section(client_for, role):
    assert "Your API tokens" not in client_for(role).get(PAGE).content.decode()


def test_the_header_links_to_it_and_marks_it_current(client_for, system):
    client = client_for(Role.CHAIR)
    link = f'href="{PAGE}" aria-current="page"'
    assert link in client.get(PAGE).content.decode()
    elsewhere = client.get(reverse("reports:dashboard", args=[system.slug])).content.decode()
    assert f'href="{PAGE}"' in elsewhere and link not in elsewhere


def test_the_signed_out_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("rows", [1, 8])
def test_the_page_queries_do_not_grow(client, regulator, system, rows, django_assert_num_queries):
    client.force_login(regulator)
    for n in range(rows):
        other = factories.SystemFactory(slug=f"s{n}", name=f"System {n}", short_name=f"S{n}")
        Access.objects.create(user=regulator, system=other, role=Role.REGULATOR)
        token = record_factories.ApiTokenFactory(user=regulator, key_hash=f"{n:064d}")
        token.systems.set([system, other])
        record_factories.UserSessionFactory(user=regulator)
    # session, user, the scope's accesses, the header's systems; accesses with their systems,
    # organisations and start dates; session records, Django's sessions they stand for; tokens,
    # their systems; the systems the regulator may issue themselves a token for; their
    # two-factor authenticators (identity's partial).
    with django_assert_num_queries(11):
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.content.decode().count("Revoke<span") == rows
    # The records made here have no Django session: they are not listed as signed in.
    assert UserSession.objects.filter(user=regulator).count() == rows + 1
    assert response.content.decode().count("This session") == 1
