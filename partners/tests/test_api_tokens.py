"""API tokens are bound to systems: who may bind which, what a bound token reads, and who may
list, revoke and extend it (the programme office of another system may not)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import authz
from core.roles import Role
from core.scoping import scope
from partners.api.tokens import token_issue, token_lookup, tokens_manageable_by
from partners.models import Access, ApiToken
from tests import factories

pytestmark = pytest.mark.django_db

bind_migration = __import__(
    "partners.migrations.0005_bind_existing_api_tokens", fromlist=["bind", "UNBOUND"]
)


@pytest.fixture
def both(regulator, other_system):
    """The regulator oversees both systems (as NHS England's regions do)."""
    Access.objects.create(user=regulator, system=other_system, role=Role.REGULATOR)
    return regulator


def read_slugs(client, raw: str) -> list[str]:
    response = client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    return sorted(s["slug"] for s in response.json()["results"])


def test_a_programme_office_binds_only_its_own_systems(client, office, both, system, other_system):
    token, raw = token_issue(actor=office, user=both)
    assert set(token.systems.values_list("pk", flat=True)) == {system.pk}
    assert read_slugs(client, raw) == ["alpha"]  # not beta, which the regulator also oversees
    with pytest.raises(ValidationError) as error:
        token_issue(actor=office, user=both, systems=[system, other_system])
    assert "systems" in error.value.message_dict
    assert ApiToken.objects.count() == 1


def test_a_token_cannot_be_issued_for_someone_outside_the_system(office, outsider):
    with pytest.raises(ValidationError):
        token_issue(actor=office, user=outsider)
    assert not ApiToken.objects.exists()


def test_a_regulator_issues_their_own_for_any_of_their_systems(client, both, office):
    _, raw = token_issue(actor=both, user=both)
    assert read_slugs(client, raw) == ["alpha", "beta"]
    # Another's token may not be issued by a regulator.
    with pytest.raises(ValidationError):
        token_issue(actor=both, user=office)


def test_a_token_reads_only_what_its_holder_may_still_see(client, office, both, other_system):
    _, raw = token_issue(actor=both, user=both)
    Access.objects.filter(user=both, system=other_system).delete()
    assert read_slugs(client, raw) == ["alpha"]


def test_a_superusers_token_reads_only_its_systems(client, system, other_system):
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    _, raw = token_issue(actor=admin, user=admin, systems=[other_system])
    assert read_slugs(client, raw) == ["beta"]
    found = token_lookup(raw)
    assert not authz.can_administer(found.user, system)


def test_changes_feed_and_history_stay_inside_the_binding(
    client, office, both, system, other_system
):
    with scope([system, other_system]):
        committee = factories.CommitteeFactory(system=other_system)
        own = factories.CommitteeFactory(system=system)
    _, raw = token_issue(actor=office, user=both)
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/v1/committees/{own.pk}/history/", **header).status_code == 200
    feed = client.get("/api/v1/changes/?since=2000-01-01T00:00Z", **header).json()
    committees = [r["id"] for r in feed["results"] if r["model"].endswith("committee")]
    assert committees == [own.pk]
    detail = client.get(f"/api/v1/committees/{committee.pk}/history/", **header)
    assert detail.status_code == 404


def test_manageable_tokens(office, both, outsider, system, other_system):
    from_office, _ = token_issue(actor=office, user=both)
    own_wide, _ = token_issue(actor=both, user=both)  # bound to alpha and beta
    assert list(tokens_manageable_by(office, system)) == [from_office]
    assert set(tokens_manageable_by(both, system)) == {from_office, own_wide}
    # The office of beta administers beta only: the wide token is not theirs to manage.
    assert list(tokens_manageable_by(outsider, other_system)) == []


@pytest.mark.parametrize("action", ["revoke", "extend"])
def test_another_systems_office_cannot_touch_a_token(client, both, outsider, other_system, action):
    token, raw = token_issue(actor=both, user=both)
    expires = token.expires_at
    client.force_login(outsider)
    response = client.post(f"/s/beta/api-tokens/{token.pk}/{action}/", {"days": 365})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and token.expires_at == expires
    assert read_slugs(client, raw) == ["alpha", "beta"]


def test_the_page_issues_a_bound_token_shown_once(client, office, both, system, other_system):
    client.force_login(office)
    response = client.post(
        "/s/alpha/api-tokens/",
        {"user": both.pk, "name": "NHSE data", "systems": [system.pk], "days": 30},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    raw = response.context["issued"]
    assert raw in response.content.decode() and token.name == "NHSE data"
    assert read_slugs(client, raw) == ["alpha"]
    refused = client.post(
        "/s/alpha/api-tokens/", {"user": both.pk, "systems": [other_system.pk], "days": 30}
    )
    assert "systems" in refused.context["form"].errors
    assert ApiToken.objects.count() == 1


def test_the_page_extends_and_revokes(client, office, both):
    token, raw = token_issue(actor=office, user=both, lifetime=timedelta(days=10))
    client.force_login(office)
    client.post(f"/s/alpha/api-tokens/{token.pk}/extend/", {"days": 90})
    token.refresh_from_db()
    assert token.expires_at > timezone.now() + timedelta(days=89)
    client.post(f"/s/alpha/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None and "alice" in token.revoked_reason
    client.post(f"/s/alpha/api-tokens/{token.pk}/extend/", {"days": 200})
    token.refresh_from_db()
    assert token.expires_at < timezone.now() + timedelta(days=91)  # a revoked one stays so
    assert token_lookup(raw) is None


@pytest.mark.parametrize("role", [Role.CHAIR, Role.PARTNER_LEAD])
def test_other_roles_have_no_token_page(client, system, organisation, role):
    user = factories.UserFactory()
    Access.objects.create(
        user=user,
        system=system,
        role=role,
        organisation=organisation if role == Role.PARTNER_LEAD else None,
    )
    client.force_login(user)
    assert client.get("/s/alpha/api-tokens/").status_code == 403


def test_existing_tokens_are_bound_or_revoked_with_a_reason(office, both, system):
    token, _ = token_issue(actor=office, user=both)
    token.systems.clear()
    orphan, _ = token_issue(actor=office, user=both)
    orphan.systems.clear()
    ApiToken.objects.filter(pk=orphan.pk).update(created_by=None)
    bind_migration.bind(apps, None)
    assert list(token.systems.values_list("pk", flat=True)) == [system.pk]
    orphan.refresh_from_db()
    assert orphan.revoked_at is not None and orphan.revoked_reason == bind_migration.UNBOUND


def test_every_endpoint_keeps_to_the_binding(client, office, both, system, other_system):
    """The milestones list (read by its own fast path) and a detail of another system's row."""
    milestones = {}
    for each in (system, other_system):
        with scope([each]):
            workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=each))
            milestones[each.slug] = factories.MilestoneFactory(workstream=workstream).pk
    _, raw = token_issue(actor=office, user=both)
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listed = client.get("/api/v1/milestones/", **header).json()["results"]
    assert [row["id"] for row in listed] == [milestones["alpha"]]
    beta = client.get(f"/api/v1/milestones/{milestones['beta']}/", **header)
    assert beta.status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "x"])
def test_a_system_that_is_no_id_is_a_form_error(client, office, both, value):
    client.force_login(office)
    response = client.post("/s/alpha/api-tokens/", {"user": both.pk, "systems": value, "days": 3})
    assert response.status_code == 200
    assert "systems" in response.context["form"].errors
    assert not ApiToken.objects.exists()
