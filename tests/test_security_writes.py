"""Access granted, changed, ended and removed, API tokens issued, extended and revoked, and
requests refused (403) are security events, recorded by doing them: through the services and
the pages. An event is written in the action's transaction (a rolled-back grant leaves none),
and failing to write one never breaks the action."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import path
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from core.models import SecurityEvent
from core.roles import Role
from core.scoping import scope
from partners import services
from partners.api.tokens import token_extend, token_issue
from partners.models import Access
from partners.services import token_revoke
from tests import factories

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
HERE = "192.0.2.10"


class Refused(APIView):
    """An endpoint that refuses whoever asks, read with a real token: the API's 403."""

    def get(self, request):
        raise PermissionDenied("Not for you.")


# One API endpoint that always refuses, for the test marked with this module's addresses.
urlpatterns = [path("api/v1/refused/", Refused.as_view())]


def recorded(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("pk"))


def system_ids(event) -> set[int]:
    return set(event.systems.values_list("pk", flat=True))


def test_granting_access_is_recorded_for_the_system(office, system, other_system):
    newcomer = factories.UserFactory(first_name="Nia", last_name="New")
    services.access_grant(actor=office, user=newcomer, system=system, role=Role.CHAIR)
    [event] = recorded(Kind.ACCESS_GRANTED)
    assert (event.user, event.subject, event.detail) == (office, newcomer, "Chair")
    assert system_ids(event) == {system.pk}


def test_granting_again_says_what_it_replaced_and_nothing_if_nothing_changes(office, system):
    newcomer = factories.UserFactory()
    services.access_grant(actor=office, user=newcomer, system=system, role=Role.CHAIR)
    services.access_grant(
        actor=office, user=newcomer, system=system, role=Role.PROGRAMME_OFFICE, reason="Promoted"
    )
    services.access_grant(actor=office, user=newcomer, system=system, role=Role.PROGRAMME_OFFICE)
    details = [event.detail for event in recorded(Kind.ACCESS_GRANTED)]
    assert details == ["Chair", "Programme office (was Chair): Promoted"]


def test_a_grant_rolled_back_leaves_no_event(office, system):
    newcomer = factories.UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.access_grant(actor=office, user=newcomer, system=system, role=Role.CHAIR)
        raise RuntimeError("the caller's next step failed")
    assert not Access.objects.filter(user=newcomer).exists()
    assert recorded(Kind.ACCESS_GRANTED) == []


def test_a_grant_the_service_refuses_leaves_no_event(office, system):
    stranger = factories.OrganisationFactory()  # a partner of no system
    with scope([system]), pytest.raises(ValidationError, match="not a partner"):
        services.access_grant(
            actor=office,
            user=factories.UserFactory(),
            system=system,
            role=Role.PARTNER_LEAD,
            organisation=stranger,
        )
    assert recorded(Kind.ACCESS_GRANTED) == []


def test_an_event_that_cannot_be_written_does_not_stop_the_grant(
    office, system, monkeypatch, caplog
):
    def broken(**fields):
        # A real database error, as a full disk or a missing table gives: on PostgreSQL it
        # would end the grant's transaction, were the event not in a savepoint of its own.
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(SecurityEvent.objects, "create", broken)
    newcomer = factories.UserFactory()
    with caplog.at_level(logging.ERROR, logger="core.security"):
        access = services.access_grant(actor=office, user=newcomer, system=system, role=Role.CHAIR)
    assert Access.objects.get(pk=access.pk).role == Role.CHAIR
    assert access.history.count() == 1
    assert "could not be recorded" in caplog.text


def test_changing_ending_and_removing_access_are_recorded(office, system, chair):
    access = Access.objects.get(user=chair)
    services.access_change(
        actor=office, access=access, role=Role.PROGRAMME_OFFICE, organisation=None
    )
    later = timezone.localdate() + timedelta(days=7)
    services.access_end(actor=office, access=access, ends_on=later, reason="Leaving in a week")
    services.access_revoke(actor=office, access=access)
    events = SecurityEvent.objects.exclude(kind=Kind.SIGN_IN).order_by("pk")
    assert [(e.kind, e.user, e.subject, e.detail) for e in events] == [
        (Kind.ACCESS_CHANGED, office, chair, "Programme office (was Chair)"),
        (
            Kind.ACCESS_ENDED,
            office,
            chair,
            f"Programme office. Ends on {later:%-d %B %Y}: Leaving in a week",
        ),
        (Kind.ACCESS_REVOKED, office, chair, "Programme office"),
    ]
    assert all(system_ids(e) == {system.pk} for e in events)


def test_the_pages_record_the_address_of_whoever_ended_the_access(client, office, system, chair):
    access = Access.objects.get(user=chair)
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/access/{access.pk}/end/",
        {"ends_on": timezone.localdate().isoformat(), "reason": "Left the post"},
        REMOTE_ADDR=HERE,
        HTTP_USER_AGENT="Office browser",
    )
    assert response.status_code == 302
    [event] = recorded(Kind.ACCESS_ENDED)
    assert (event.user, event.subject, event.ip_address) == (office, chair, HERE)
    assert event.user_agent == "Office browser"
    assert event.detail.startswith("Chair. Ended on ")


def test_issuing_extending_and_revoking_a_token_are_recorded(office, regulator, system):
    token, raw = token_issue(actor=office, user=regulator, name="NHSE data")
    token_extend(actor=office, token=token, lifetime=timedelta(days=200))
    token_revoke(actor=office, token=token, reason="Leaked")
    token_revoke(actor=office, token=token, reason="Again")  # already revoked: nothing new
    events = SecurityEvent.objects.exclude(kind=Kind.SIGN_IN).order_by("pk")
    assert [e.kind for e in events] == [Kind.TOKEN_ISSUED, Kind.TOKEN_EXTENDED, Kind.TOKEN_REVOKED]
    assert all((e.user, e.subject) == (office, regulator) for e in events)
    assert all(system_ids(e) == {system.pk} for e in events)
    assert events[0].detail.startswith(f"Token NHSE data (#{token.pk}), expires ")
    assert events[2].detail.endswith(": Leaked")
    # Not the token, nor the first characters the token page shows to tell it apart.
    for event in events:
        assert raw not in event.detail and token.prefix not in event.detail


def test_a_token_issued_on_the_tokens_page_is_recorded_with_the_address(
    client, office, regulator, system
):
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/api-tokens/",
        {"user": regulator.pk, "name": "Feed", "systems": [system.pk], "days": 30},
        REMOTE_ADDR=HERE,
    )
    assert response.status_code == 200
    [event] = recorded(Kind.TOKEN_ISSUED)
    assert (event.user, event.subject, event.ip_address) == (office, regulator, HERE)


def test_a_page_refused_is_recorded_in_its_system(client, lead, system):
    client.force_login(lead)
    response = client.post(f"/s/{system.slug}/access/invite/", {}, REMOTE_ADDR=HERE)
    assert response.status_code == 403
    [event] = recorded(Kind.PERMISSION_DENIED)
    assert (event.user, event.ip_address) == (lead, HERE)
    assert event.detail == f"POST /s/{system.slug}/access/invite/"
    assert system_ids(event) == {system.pk}


def test_another_systems_page_is_not_found_and_not_recorded(client, lead, other_system):
    client.force_login(lead)
    assert client.get(f"/s/{other_system.slug}/access/").status_code == 404
    assert recorded(Kind.PERMISSION_DENIED) == []


def test_a_refused_csrf_check_is_recorded_without_naming_a_system_not_reached(
    lead, system, other_system
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    assert client.post(f"/s/{system.slug}/access/invite/", {}).status_code == 403
    assert client.post(f"/s/{other_system.slug}/access/invite/", {}).status_code == 403
    ours, theirs = recorded(Kind.PERMISSION_DENIED)
    # Refused before the page found its system: neither is that system's (the second names one
    # the lead may not see), so both are for platform operators only.
    assert system_ids(ours) == set() and system_ids(theirs) == set()
    assert theirs.user == lead


def test_a_signed_out_refusal_is_not_recorded(client, system):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "x", "password": "y"}).status_code == 403
    assert recorded(Kind.PERMISSION_DENIED) == []


def test_an_invitation_token_in_a_refused_address_is_not_kept(lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    secret = "s3cr3t-invitation-token-value"
    assert client.post(f"/invitations/{secret}/", {}).status_code == 403
    [event] = recorded(Kind.PERMISSION_DENIED)
    assert secret not in event.detail and event.detail == "POST /invitations/\u2026/"
    assert event.user == lead


@pytest.mark.urls(__name__)
def test_an_api_refusal_is_recorded_in_the_token_holders_systems(regulator, system, other_system):
    Access.objects.create(user=regulator, system=other_system, role=Role.REGULATOR)
    raw = factories.api_token(regulator)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/refused/", REMOTE_ADDR=HERE).status_code == 403
    [event] = recorded(Kind.PERMISSION_DENIED)
    assert (event.user, event.ip_address, event.detail) == (regulator, HERE, "GET /api/v1/refused/")
    assert system_ids(event) == {system.pk, other_system.pk}
