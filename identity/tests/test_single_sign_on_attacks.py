"""Single sign-on attacked through the test provider (identity/tests/oidc_provider.py): the
address a provider asserts in its variants, invitations that are not the asserter's to take
up, a second provider or issuer, a replayed callback, and an erased person coming back."""

from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY, get_user_model
from django.utils import timezone

from core import authz
from core.roles import Role
from identity.tests.oidc_provider import OIDCProvider
from identity.tests.test_single_sign_on import ALICE, PROVIDER_ID, invite, sign_in
from partners.models import Access, Invitation
from partners.privacy import person_erase
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    with OIDCProvider() as running:
        yield running


@pytest.fixture(scope="module")
def second_provider():
    with OIDCProvider() as running:
        yield running


@pytest.fixture
def idp(provider, settings):
    provider.person, provider.fault, provider.logouts[:] = dict(ALICE), None, []
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [provider.django_app()]}}
    return provider


def refused(client, response) -> bool:
    return response.status_code in (401, 403) and SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "asserted",
    [
        "dana.smith@nhs.net.",
        "dana.smith+x@nhs.net",
        "dana.smith@NHS.NET.",
        "dana.smith@nhs.net.evil",
    ],
)
def test_a_variant_of_the_invited_address_is_not_it(client, idp, office, system, asserted):
    invite(office, system, ALICE["email"])
    idp.person = {**ALICE, "email": asserted}
    assert refused(client, sign_in(client, idp))
    assert not SocialAccount.objects.exists()


def test_the_invited_address_in_capitals_is_the_same_mailbox(client, idp, office, system):
    invite(office, system, ALICE["email"])
    idp.person = {**ALICE, "email": "DANA.SMITH@NHS.NET"}
    assert sign_in(client, idp).status_code == 302


@pytest.mark.parametrize("state", ["expired", "revoked", "accepted"])
def test_an_invitation_no_longer_open_joins_nothing(client, idp, office, system, state):
    invitation = invite(office, system, ALICE["email"])
    now = timezone.now()
    changes = {
        "expired": {"expires_at": now},
        "revoked": {"revoked_at": now},
        "accepted": {"accepted_at": now, "accepted_user": office},
    }[state]
    Invitation._base_manager.filter(pk=invitation.pk).update(**changes)
    assert refused(client, sign_in(client, idp))
    assert not get_user_model().objects.filter(email__iexact=ALICE["email"]).exists()


def test_a_callback_is_not_taken_twice_nor_in_another_browser(client, idp, office, system):
    invite(office, system, ALICE["email"])
    start = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", {"process": "login"})
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["Location"])
    callback = f"{back.path}?{back.query}"
    # Someone else's browser (login CSRF): not the state this one started.
    other = type(client)()
    assert SESSION_KEY not in other.session and other.get(callback).status_code != 302
    assert client.get(callback).status_code == 302
    client.post("/logout/")
    again = client.get(callback)
    assert again.status_code != 302 and SESSION_KEY not in client.session


def test_a_known_subject_from_another_issuer_is_refused_every_time(
    client, idp, second_provider, office, system, settings
):
    """The provider's address changed to another issuer (mix-up, or a provider repointed): a
    subject it asserts that matches an account's is not that account."""
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    client.post("/logout/")
    second_provider.person, second_provider.fault = dict(ALICE), None
    other = second_provider.django_app(provider_id=PROVIDER_ID)
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [other]}}
    for _ in range(2):
        response = sign_in(client, second_provider)
        assert refused(client, response)
        assert "identified you differently" in response.content.decode()
    account = SocialAccount.objects.get()
    assert account.extra_data["id_token"]["iss"] == idp.url


def test_an_erased_person_cannot_sign_in_again(client, idp, office, system, other_system):
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    user = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    client.post("/logout/")
    person = factories.PersonFactory(system=system, name="Dana Smith", email=user.email, user=user)
    person_erase(actor=office, person=person, reason="SAR-1", every_system=False)
    response = sign_in(client, idp)
    assert refused(client, response)
    assert not authz.visible_system_ids(get_user_model().objects.get(pk=user.pk))


def test_an_erased_person_invited_elsewhere_before_is_not_let_back_in(
    client, idp, office, system, other_system
):
    """A programme office erases them in its system while another system's invitation to the
    same address is still open: the erasure does not leave a way back in."""
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    user = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    client.post("/logout/")
    other_office = get_user_model().objects.create_user("olly")
    Access.objects.create(user=other_office, system=other_system, role=Role.PROGRAMME_OFFICE)
    invite(other_office, other_system, ALICE["email"], Role.PROGRAMME_OFFICE)
    person = factories.PersonFactory(system=system, name="Dana Smith", email=user.email, user=user)
    person_erase(actor=office, person=person, reason="SAR-1", every_system=False)
    response = sign_in(client, idp)
    assert refused(client, response)


def test_a_second_provider_does_not_take_over_an_account_another_signs_in(
    client, idp, second_provider, office, system, other_system, settings
):
    """Dana signs in through one provider; another, asserting her address (verified) when a
    new invitation to it is open, is refused: she adds it herself once signed in."""
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    dana = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    client.post("/logout/")
    other_office = get_user_model().objects.create_user("olly")
    Access.objects.create(user=other_office, system=other_system, role=Role.PROGRAMME_OFFICE)
    invite(other_office, other_system, ALICE["email"], Role.PROGRAMME_OFFICE)
    second_provider.person = {**ALICE, "sub": "someone-at-the-other-provider"}
    second_provider.fault = None
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [idp.django_app(), second_provider.django_app(provider_id="otheridp")]
        }
    }
    start = client.post("/accounts/oidc/otheridp/login/", {"process": "login"})
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["Location"])
    response = client.get(f"{back.path}?{back.query}")
    assert refused(client, response)
    assert "already signs in through" in response.content.decode()
    assert list(SocialAccount.objects.filter(user=dana).values_list("provider", flat=True)) == [
        PROVIDER_ID
    ]


def test_erasure_signs_out_the_browser_signed_in_through_the_provider(client, idp, office, system):
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    user = get_user_model().objects.get(pk=client.session[SESSION_KEY])
    person = factories.PersonFactory(system=system, name="Dana Smith", email=user.email, user=user)
    person_erase(actor=office, person=person, reason="SAR-2", every_system=False)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_account_switched_off_does_not_sign_in_through_the_provider(client, idp, office, system):
    invite(office, system, ALICE["email"])
    sign_in(client, idp)
    client.post("/logout/")
    get_user_model().objects.filter(email__iexact=ALICE["email"]).update(is_active=False)
    sign_in(client, idp)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_through_the_provider_never_leads_away(client, idp, office, system, target):
    invite(office, system, ALICE["email"])
    response = sign_in(client, idp, next_url=target)
    location = response["Location"]
    assert response.status_code == 302 and location.startswith("/")
    assert not location.startswith(("//", "/\\"))


# The long s, a dotless i and the Kelvin sign: the database's case-insensitive match folds
# them into ASCII letters (upper of the long s is "S").
LOOK_ALIKES = ["dana.\u017fmith@nhs.net", "dana.sm\u0131th@nhs.net", "\u212aate@nhs.net"]


@pytest.mark.parametrize("asserted", LOOK_ALIKES)
def test_a_look_alike_of_the_invited_address_is_not_it(client, idp, office, system, asserted):
    invited = "kate@nhs.net" if asserted.startswith("\u212a") else ALICE["email"]
    invite(office, system, invited)
    idp.person = {**ALICE, "email": asserted}
    assert refused(client, sign_in(client, idp))
    assert Invitation._base_manager.get().accepted_at is None


def test_a_look_alike_address_does_not_take_over_an_account_without_a_password(
    client, idp, office, system
):
    made = get_user_model().objects.create_user("dana", email=ALICE["email"])  # no password
    invite(office, system, ALICE["email"])
    idp.person = {**ALICE, "email": LOOK_ALIKES[0]}
    assert refused(client, sign_in(client, idp))
    assert not SocialAccount.objects.filter(user=made).exists()
