"""The log of security events in the admin: every system's, and those of no system (a user name
no account has), for platform operators alone, to read only: nothing adds, changes or deletes an
event there. An access granted or changed in the admin is recorded as on the pages."""

import pytest
from django.urls import reverse

from core.models import SecurityEvent
from core.roles import Role
from partners.models import Access
from tests import factories
from tests.record_factories import SecurityEventFactory

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind


@pytest.fixture
def operator(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def test_an_operator_reads_every_event_and_changes_none(client, operator, system):
    unknown = SecurityEventFactory(
        kind=Kind.SIGN_IN_FAILED, user=None, username="mallory", systems=[]
    )
    client.force_login(operator)
    listing = client.get(reverse("admin:core_securityevent_changelist"))
    assert listing.status_code == 200 and "mallory" in listing.content.decode()
    change = reverse("admin:core_securityevent_change", args=[unknown.pk])
    assert client.get(change).status_code == 200  # shown read-only
    assert client.post(change, {"detail": "tampered"}).status_code == 403
    assert client.get(reverse("admin:core_securityevent_add")).status_code == 403
    delete = reverse("admin:core_securityevent_delete", args=[unknown.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    unknown.refresh_from_db()
    assert unknown.detail != "tampered"


def test_a_staff_programme_office_cannot_read_them_there(client, office, system):
    office.is_staff = True
    office.save()
    client.force_login(office)
    assert client.get(reverse("admin:core_securityevent_changelist")).status_code == 403


def test_an_access_granted_and_changed_in_the_admin_is_recorded(client, operator, system):
    client.force_login(operator)
    person = factories.UserFactory()
    data = {"user": person.pk, "system": system.pk, "role": Role.CHAIR, "organisation": ""}
    assert client.post(reverse("admin:partners_access_add"), data).status_code == 302
    access = Access.objects.get(user=person)
    change = reverse("admin:partners_access_change", args=[access.pk])
    assert client.post(change, {**data, "role": Role.REGULATOR}).status_code == 302
    events = SecurityEvent.objects.exclude(kind=Kind.SIGN_IN).order_by("pk")
    assert [(e.kind, e.user, e.subject, e.detail) for e in events] == [
        (Kind.ACCESS_GRANTED, operator, person, "Chair"),
        (Kind.ACCESS_CHANGED, operator, person, "Regulator (was Chair)"),
    ]
    assert all(set(e.systems.values_list("pk", flat=True)) == {system.pk} for e in events)
