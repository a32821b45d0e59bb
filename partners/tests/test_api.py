"""The API's foundations: tokens, read-only, scoping, pagination, ETags, history, changes feed."""

import re
from datetime import timedelta
from io import StringIO
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core import authz
from core.roles import Role
from partners.api.tokens import hash_token, token_issue, token_lookup
from partners.models import Access, ApiToken
from partners.services import token_revoke
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def get(path, token=None, **headers):
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client.get(path, **headers)

    return get


@pytest.fixture
def regulator_token(regulator, office):
    return token_issue(actor=office, user=regulator)[1]


def test_issue_api_token_prints_a_token_stored_only_as_a_hash(regulator):
    out = StringIO()
    call_command("issue_api_token", "rita", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=regulator)
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.expires_at > timezone.now() + timedelta(days=89)
    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody", stdout=StringIO())


def test_token_sees_its_users_systems_only(api, regulator_token, system, other_system):
    body = api("/api/v1/systems/", regulator_token).json()
    assert [s["slug"] for s in body["results"]] == [system.slug]
    assert api(f"/api/v1/systems/{other_system.pk}/", regulator_token).status_code == 404


def test_no_token_is_refused(api, system):
    response = api("/api/v1/systems/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_and_revoked_tokens_are_refused(api, regulator, office, system):
    token, raw = token_issue(
        actor=office, user=regulator, lifetime=timedelta(seconds=-1) + timedelta(days=1)
    )
    assert api("/api/v1/systems/", raw).status_code == 200
    token_revoke(actor=office, token=token)
    response = api("/api/v1/systems/", raw)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    old, old_raw = token_issue(actor=office, user=regulator)
    past = timezone.now() - timedelta(days=1)
    ApiToken.objects.filter(pk=old.pk).update(created_at=past - timedelta(days=90), expires_at=past)
    assert api("/api/v1/systems/", old_raw).status_code == 401


def test_last_use_is_recorded_to_the_minute(
    api, regulator, office, system, django_assert_num_queries
):
    """As the tokens page shows it: a token used again within the minute is not rewritten, and
    costs no statement at all (the time read with the token says so)."""
    token, raw = token_issue(actor=office, user=regulator)
    # The token with its user and accesses, the first use recorded, the page of systems.
    with django_assert_num_queries(3):
        assert api("/api/v1/systems/", raw).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=30)
    with django_assert_num_queries(2):
        api("/api/v1/systems/", raw)
    token.refresh_from_db()
    assert token.last_used_at == first
    earlier = first - timedelta(minutes=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    with django_assert_num_queries(3):
        api("/api/v1/systems/", raw)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_token_brings_its_user_and_every_access(regulator, office, system, other_system):
    """One query reads the token, its user, the systems it is bound to and the user's accesses
    (kept for authz)."""
    access = Access.objects.create(user=regulator, system=other_system, role=Role.CHAIR)
    token, raw = token_issue(
        actor=office, user=regulator, systems=[system, other_system], by_operator=True
    )
    found = token_lookup(raw)
    assert found.pk == token.pk and found.key_hash == token.key_hash
    assert found.expires_at == token.expires_at and found.last_used_at is None
    assert found.user.pk == regulator.pk and found.user.username == "rita"
    assert found.user.check_password("password") and found.user.is_active
    assert authz.visible_system_ids(found.user) == {system.pk, other_system.pk}
    assert authz.role_in(found.user, other_system) == access.role == Role.CHAIR
    assert authz.role_in(found.user, system) == Role.REGULATOR
    assert token_lookup(raw + "x") is None


def test_a_token_whose_users_access_ended_sees_nothing(api, office, regulator, system):
    token, raw = token_issue(actor=office, user=regulator)
    Access.objects.filter(user=regulator).delete()
    found = token_lookup(raw)
    assert found.pk == token.pk and found.user.pk == regulator.pk
    assert authz.visible_system_ids(found.user) == frozenset()
    assert api("/api/v1/systems/", raw).json()["results"] == []


def test_a_token_reads_each_access_s_end_date(office, regulator, system, other_system):
    """The accesses come with the token as one row's JSON: an access that ended yesterday
    grants nothing, one that ends tomorrow still does."""
    today = timezone.localdate()
    Access.objects.filter(user=regulator, system=system).update(ends_on=today - timedelta(days=1))
    Access.objects.create(
        user=regulator, system=other_system, role=Role.REGULATOR, ends_on=today + timedelta(days=1)
    )
    _, raw = token_issue(actor=office, user=regulator, by_operator=True)
    found = token_lookup(raw)
    assert authz.visible_system_ids(found.user) == {other_system.pk}
    assert authz.role_in(found.user, system) is None


def test_an_inactive_users_token_is_refused(api, regulator, regulator_token, system):
    regulator.is_active = False
    regulator.save()
    assert token_lookup(regulator_token) is None
    assert api("/api/v1/systems/", regulator_token).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_not_allowed(client, regulator_token, system, method):
    for path in ("/api/v1/systems/", f"/api/v1/systems/{system.pk}/"):
        response = getattr(client, method)(
            path,
            {},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {regulator_token}",
        )
        assert response.status_code == 405, (method, path)


def test_etag_gives_304_when_nothing_changed(api, regulator_token, system):
    first = api("/api/v1/systems/", regulator_token)
    etag = first["ETag"]
    again = api("/api/v1/systems/", regulator_token, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_cursor_pagination(api, regulator_token, system, office):
    for _ in range(5):
        factories.PersonFactory(system=system)
    first = api("/api/v1/people/?page_size=2", regulator_token).json()
    assert len(first["results"]) == 2 and first["next"]
    second = api(first["next"], regulator_token).json()
    assert {p["id"] for p in second["results"]}.isdisjoint({p["id"] for p in first["results"]})


def test_people_carry_no_contact_details(api, regulator_token, system):
    factories.PersonFactory(system=system, email="someone@nhs.net")
    person = api("/api/v1/people/", regulator_token).json()["results"][0]
    assert "email" not in person and "user" not in person


def test_object_history(api, regulator_token, system, office, in_scope):
    from partners import services

    person = services.person_create(actor=office, system=system, name="Sam Example")
    services.person_update(actor=office, person=person, title="Chief Executive")
    history = api(f"/api/v1/people/{person.pk}/history/", regulator_token).json()
    assert history[0]["changes"] == [{"field": "Title", "old": "", "new": "Chief Executive"}]
    assert history[0]["who"] == "alice"


def test_changes_feed_lists_own_systems_only(api, regulator_token, system, other_system, office):
    since = quote(timezone.now().isoformat())
    ours = factories.CommitteeFactory(system=system)
    factories.CommitteeFactory(system=other_system)
    ours.save()
    # The committee's history model from the record itself: partners does not import governance.
    type(ours).history.model.objects.create(
        id=ours.pk,
        system_id=system.pk,
        name="x",
        kind="board",
        stage="established",
        history_date=timezone.now(),
        history_type="~",
    )
    feed = api(f"/api/v1/changes/?since={since}", regulator_token).json()
    assert {(c["model"], c["id"]) for c in feed["results"]} == {("governance.committee", ours.pk)}
    assert api("/api/v1/changes/?since=yesterday", regulator_token).status_code == 400


def test_schema_and_docs_are_served_locally(api, regulator_token):
    assert api("/api/v1/schema/", regulator_token).status_code == 200
    docs = api("/api/v1/docs/", regulator_token).content.decode()
    # Swagger UI from the sidecar's static files: no script, style or font from another host.
    assert "swagger-ui" in docs
    assert not re.findall(r"(?:https?:)?//(?!testserver)[\w.-]+\.[a-z]{2,}/", docs)
    assert "cdn" not in docs.lower()


def test_programme_office_issues_and_revokes_a_token_from_the_page(
    client, office, regulator, system
):
    client.force_login(office)
    url = f"/s/{system.slug}/api-tokens/"
    page = client.post(
        url, {"user": regulator.pk, "name": "NHSE data", "systems": [system.pk], "days": 30}
    )
    assert page.status_code == 200
    raw = page.context["issued"]
    token = ApiToken.objects.get(user=regulator)
    assert token.key_hash == hash_token(raw)
    assert token.history.first().history_user == office
    assert client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    revoke = client.post(f"/s/{system.slug}/api-tokens/{token.pk}/revoke/")
    assert revoke.status_code == 302
    assert client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.parametrize("role", [Role.PARTNER_LEAD, Role.CHAIR])
def test_only_the_programme_office_and_regulators_manage_tokens(
    client_for, role, regulator, system
):
    client = client_for(role)
    url = f"/s/{system.slug}/api-tokens/"
    assert client.get(url).status_code == 403
    form = {"user": regulator.pk, "systems": [system.pk], "days": 30}
    assert client.post(url, form).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_regulator_issues_only_their_own_token_from_the_page(client, office, regulator, system):
    client.force_login(regulator)
    url = f"/s/{system.slug}/api-tokens/"
    client.post(url, {"user": office.pk, "systems": [system.pk], "days": 30})
    assert ApiToken.objects.get().user == regulator


def test_token_page_refuses_a_non_regulator_with_a_message(
    client, office, chair, regulator, system
):
    client.force_login(office)
    form = {"user": chair.pk, "systems": [system.pk], "days": 30}
    page = client.post(f"/s/{system.slug}/api-tokens/", form)
    assert "Choose one of the options offered" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_rate_limit_answers_429_with_retry_after(client, regulator_token, system, settings):
    settings.API_RATE_LIMIT = "2/minute"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {regulator_token}"}
    assert client.get("/api/v1/systems/", **headers).status_code == 200
    assert client.get("/api/v1/systems/", **headers).status_code == 200
    limited = client.get("/api/v1/systems/", **headers)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["detail"]


def test_the_rate_limit_counts_per_token_and_window(client, office, regulator, system, settings):
    """Each token has its own count; a new window (here the next minute) starts again, and a
    refused request is told how long until then."""
    settings.API_RATE_LIMIT = "3/minute"
    first, second = (token_issue(actor=office, user=regulator)[1] for _ in range(2))

    def status(token):
        return client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {token}")

    start = 60 * 29_000_000 + 50  # 10 seconds before a minute ends
    with mock.patch("partners.api.auth.time.time", return_value=start):
        assert [status(first).status_code for _ in range(3)] == [200, 200, 200]
        limited = status(first)
        assert limited.status_code == 429 and limited["Retry-After"] == "10"
        assert status(second).status_code == 200
    with mock.patch("partners.api.auth.time.time", return_value=start + 10):
        assert status(first).status_code == 200
