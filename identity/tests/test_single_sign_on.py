"""Single sign-on through a real OpenID Connect provider on 127.0.0.1 (identity/tests/
oidc_provider.py): the browser's part is played by the test client here and by ``requests``
at the provider, each following the other's redirect; the token exchange, the key set and the
userinfo are this service asking the provider over HTTP, as in production."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY, get_user_model

from core import authz
from core.roles import Role
from core.scoping import scope
from identity.tests.oidc_provider import OIDCProvider
from partners import services
from partners.models import Access, Invitation

pytestmark = pytest.mark.django_db
PROVIDER_ID = "testidp"
ALICE = {"sub": "0f1e2d3c-aaaa", "email": "dana.smith@nhs.net", "email_verified": True}


@pytest.fixture(scope="module")
def provider():
    with OIDCProvider() as running:
        yield running


@pytest.fixture
def idp(provider, settings):
    provider.person, provider.fault, provider.logouts[:] = dict(ALICE), None, []
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [provider.django_app()]}}
    return provider


def sign_in(client, provider, next_url="", process="login"):
    """Press "Sign in with ..." and go through the provider; the service's last answer."""
    data = {"process": process, **({"next": next_url} if next_url else {})}
    start = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", data)
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(f"{provider.url}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
    return client.get(f"{back.path}?{back.query}")


def invite(office, system, email, role=Role.CHAIR) -> Invitation:
    with scope([system]):
        return services.invitation_create(actor=office, system=system, email=email, role=role)


def test_the_sign_in_page_offers_the_provider(client, idp):
    page = client.get("/login/").content.decode()
    assert "Sign in with Test NHS identity" in page
    assert f'action="/accounts/oidc/{PROVIDER_ID}/login/"' in page


def test_an_unknown_address_is_refused_and_nothing_is_made(client, idp, office):
    response = sign_in(client, idp)
    assert response.status_code == 403
    page = response.content.decode()
    assert "dana.smith@nhs.net has not been invited" in page
    assert SESSION_KEY not in client.session
    assert not get_user_model().objects.filter(email__iexact=ALICE["email"]).exists()
    assert not SocialAccount.objects.exists()


def test_an_invited_address_joins_with_the_invited_role(client, idp, office, system):
    invitation = invite(office, system, "Dana.Smith@nhs.net", Role.CHAIR)
    response = sign_in(client, idp)
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    assert user.email.lower() == ALICE["email"] and not user.has_usable_password()
    assert authz.role_in(user, system) == Role.CHAIR
    invitation = Invitation._base_manager.get(pk=invitation.pk)
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER_ID, ALICE["sub"])
    assert account.extra_data["id_token"]["iss"] == idp.url
    # The access's history says how it came.
    access = Access.objects.get(user=user, system=system)
    assert "Accepted the invitation" in access.history.first().history_change_reason


def test_every_pending_invitation_to_the_address_is_taken_up(
    client, idp, office, system, other_system
):
    invite(office, system, ALICE["email"], Role.CHAIR)
    other_office = get_user_model().objects.create_user("olly")
    Access.objects.create(user=other_office, system=other_system, role=Role.PROGRAMME_OFFICE)
    invite(other_office, other_system, ALICE["email"], Role.PROGRAMME_OFFICE)
    sign_in(client, idp)
    user = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    assert authz.role_in(user, system) == Role.CHAIR
    assert authz.role_in(user, other_system) == Role.PROGRAMME_OFFICE


@pytest.mark.parametrize("fault", ["audience", "shared", "azp", "expired", "signature"])
def test_a_token_for_another_service_expired_or_forged_is_refused(
    client, idp, office, system, fault
):
    invite(office, system, ALICE["email"])
    idp.fault = fault
    response = sign_in(client, idp)
    assert response.status_code == 401
    assert "did not confirm who you are" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not SocialAccount.objects.exists()
    assert Invitation._base_manager.get().accepted_at is None


def test_the_second_sign_in_finds_the_account_by_subject_whatever_the_email(
    client, idp, office, system
):
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    first = client.session[SESSION_KEY]
    client.post("/logout/")
    idp.person = {**ALICE, "email": "dana.jones@nhs.net"}
    response = sign_in(client, idp)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == first
    assert get_user_model().objects.count() == 2  # the office and Dana, no one new


def test_someone_else_with_the_invited_address_later_is_not_the_invitee(
    client, idp, office, system
):
    """Another subject presenting the address after the invitation was taken up joins nothing."""
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    client.post("/logout/")
    idp.person = {**ALICE, "sub": "someone-else"}
    response = sign_in(client, idp)
    assert response.status_code == 403
    assert SocialAccount.objects.count() == 1


def test_an_address_outside_the_providers_domains_is_refused(client, idp, office, system):
    invite(office, system, "dana@example.com")
    idp.person = {**ALICE, "email": "dana@example.com"}
    response = sign_in(client, idp)
    assert response.status_code == 403
    assert "is not one of them" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_unverified_address_is_refused_unless_the_provider_is_trusted_for_it(
    client, idp, office, system, settings
):
    invite(office, system, ALICE["email"])
    idp.person = {key: value for key, value in ALICE.items() if key != "email_verified"}
    response = sign_in(client, idp)
    assert response.status_code == 403
    assert "has not confirmed" in response.content.decode()
    trusted = idp.django_app(trust_email=True)
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [trusted]}}
    assert sign_in(client, idp).status_code == 302


def test_an_account_with_a_password_is_not_taken_over_by_address(client, idp, office, system):
    get_user_model().objects.create_user("dana", email=ALICE["email"], password="secret-pass")
    invite(office, system, ALICE["email"])
    response = sign_in(client, idp)
    assert response.status_code == 403
    assert "already exists and signs in with a password" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_account_with_a_password_adds_the_provider_once_signed_in(client, idp, office):
    client.post("/login/", {"login": "alice", "password": "password"})
    response = sign_in(client, idp, process="connect")
    assert response.status_code == 302
    account = SocialAccount.objects.get()
    assert (account.user, account.uid) == (office, ALICE["sub"])
    client.post("/logout/")
    sign_in(client, idp)
    assert client.session[SESSION_KEY] == str(office.pk)


def test_the_sign_in_page_reads_little(client, idp, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get("/login/").status_code == 200


def test_signing_out_ends_the_providers_session_too(client, idp, office, system):
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    response = client.post("/logout/")
    assert SESSION_KEY not in client.session
    assert response.status_code == 302
    ending = urlsplit(response["Location"])
    assert f"{ending.scheme}://{ending.netloc}{ending.path}" == f"{idp.url}/logout"
    query = parse_qs(ending.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert query["client_id"] == ["governance-tracker"]
    # The hint is the ID token the provider issued for this sign-in.
    back = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.headers["Location"] == "http://testserver/login/"
    assert idp.logouts[0]["id_token_hint"].count(".") == 2


def test_a_password_sign_out_stays_here(client, office):
    client.post("/login/", {"login": "alice", "password": "password"})
    assert client.post("/logout/")["Location"] == "/login/"


def test_local_passwords_can_be_switched_off(client, idp, office, settings):
    settings.LOCAL_PASSWORDS_ENABLED = False
    page = client.get("/login/").content.decode()
    assert 'name="password"' not in page and "Sign in with Test NHS identity" in page
    response = client.post("/login/", {"login": "alice", "password": "password"})
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
