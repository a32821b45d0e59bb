"""The calendar page: the signed-in person makes their address (shown once), makes a new one
(the old stops) or stops it; only the hash is kept, and history records each change."""

import re

import pytest
from django.urls import reverse

from core.tokens import hash_token
from reminders.models import CalendarToken
from reminders.tests.calendar_helpers import fetch

pytestmark = pytest.mark.django_db
PAGE = reverse("reminders:calendar")
ADDRESS = re.compile(r'id="calendar-address"[^>]*>(http://testserver/calendar/([\w-]+)\.ics)<')


def _made(response) -> tuple[str, str]:
    assert response.status_code == 200
    return ADDRESS.search(response.content.decode()).groups()


def test_the_address_is_shown_once_and_only_its_hash_kept(client, chair):
    client.force_login(chair)
    assert "Make my calendar address" in client.get(PAGE).content.decode()

    url, raw = _made(client.post(PAGE))

    token = CalendarToken.objects.get(user=chair)
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.prefix == raw[:8]
    page = client.get(PAGE)
    assert raw not in page.content.decode() and "Stop this address" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")  # never_cache: no copy kept
    assert fetch(url.removeprefix("http://testserver")).status_code == 200


def test_a_new_address_revokes_the_old_and_history_says_so(client, chair):
    client.force_login(chair)
    old_url, _ = _made(client.post(PAGE))
    new_url, _ = _made(client.post(PAGE))

    old, new = CalendarToken.objects.filter(user=chair).order_by("created_at")
    assert old.revoked_at is not None and new.revoked_at is None
    assert fetch(old_url.removeprefix("http://testserver")).status_code == 404
    assert fetch(new_url.removeprefix("http://testserver")).status_code == 200
    reasons = {
        (record.history_change_reason, record.history_user_id)
        for record in CalendarToken.history.filter(user=chair)
    }
    assert reasons == {
        ("Made", chair.pk),
        ("Replaced by a new address", chair.pk),
        ("Made again", chair.pk),
    }


def test_stopping_the_address_revokes_it(client, chair):
    client.force_login(chair)
    url, _ = _made(client.post(PAGE))

    response = client.post(reverse("reminders:calendar-revoke"), follow=True)

    assert "no longer works" in response.content.decode()
    assert "Make my calendar address" in response.content.decode()
    assert CalendarToken.objects.get(user=chair).revoked_reason == "Stopped by its holder"
    assert fetch(url.removeprefix("http://testserver")).status_code == 404


def test_the_page_needs_a_signed_in_person(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.post(reverse("reminders:calendar-revoke")).status_code == 302
    assert not CalendarToken.objects.exists()


def test_someone_with_no_system_may_still_make_an_empty_calendar(client, django_user_model):
    person = django_user_model.objects.create_user("newcomer", password="x")
    client.force_login(person)
    assert "your calendar will be empty" in client.get(PAGE).content.decode()
    url, _ = _made(client.post(PAGE))
    assert b"BEGIN:VEVENT" not in fetch(url.removeprefix("http://testserver")).content


def test_the_header_links_to_the_page(client, chair, system):
    client.force_login(chair)
    page = client.get(reverse("reports:dashboard", args=[system.slug]))
    assert f'href="{PAGE}"' in page.content.decode()


def test_a_platform_operator_stops_an_address_in_the_admin(client, chair, django_user_model):
    client.force_login(chair)
    url, _ = _made(client.post(PAGE))
    token = CalendarToken.objects.get(user=chair)
    operator = django_user_model.objects.create_superuser("operator", password="x")
    client.force_login(operator)
    changelist = reverse("admin:reminders_calendartoken_changelist")
    assert token.prefix in client.get(changelist).content.decode()

    client.post(changelist, {"action": "stop", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_reason == "Stopped by a platform operator"
    assert token.history.latest("history_date").history_user == operator
    assert fetch(url.removeprefix("http://testserver")).status_code == 404
