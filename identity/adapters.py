"""Who may sign in, and how a first single sign-on finds its account.

No one signs themselves up: an account comes from an invitation or the admin. A first sign-in
through a provider joins the person to their pending invitations by the e-mail address the
provider verified (and only then), and from then on the provider's subject finds the account,
whatever its e-mail claim says later. Everything else is refused with a page that says why.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from core import authz
from core.client_ip import client_ip
from partners import services
from partners.models import Invitation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def authenticate(self, request, **credentials):
        if not settings.LOCAL_PASSWORDS_ENABLED:
            return None
        return super().authenticate(request, **credentials)

    def get_client_ip(self, request) -> str:
        """The client's address as the lockout reads it (core.client_ip, which knows the
        trusted proxies): allauth's own reading gives the proxy's, and its sign-in rate limit
        (30 a minute an address) would then count everyone behind the proxy as one."""
        return client_ip(request) or super().get_client_ip(request)


def refuse(request, reason: str, **context):
    """End the sign-in with the page saying why (403): nothing is created or linked."""
    context["reason"] = reason
    response = render(request, "identity/sign_in_refused.html", context, status=403)
    raise ImmediateHttpResponse(response)


def same_address(stored: str, asserted: str) -> bool:
    """Whether a stored address is the asserted one: the same but for the case of ASCII
    letters. (The database's case-insensitive match also takes look-alikes, as the long s or
    the Kelvin sign, for the ASCII letters, so its finds are checked with this.)"""
    stored, asserted = stored.strip(), asserted.strip()
    if stored == asserted:
        return True
    return stored.isascii() and asserted.isascii() and stored.lower() == asserted.lower()


def usable_invitations(email: str) -> list[Invitation]:
    """The open invitations to this address whose sender may still give their role."""
    now = timezone.now()
    found = Invitation._base_manager.select_related("system", "organisation", "invited_by")
    found = found.filter(email__iexact=email, accepted_at=None, revoked_at=None)
    return [
        invitation
        for invitation in found.filter(expires_at__gt=now).order_by("created_at")
        if same_address(invitation.email, email)
        and invitation.invited_by is not None
        and authz.can_grant_role(invitation.invited_by, invitation.system_id, invitation.role)
    ]


def _verified_email(request, sociallogin: SocialLogin) -> str:
    """The provider's e-mail address for the person, in a domain it may sign in, and verified
    (by its ``email_verified`` claim, or a provider trusted for its domains); else refused."""
    app = sociallogin.provider.app
    options = app.settings
    addresses = sociallogin.email_addresses
    provider = app.name
    if not addresses:
        refuse(request, "no_email", provider=provider)
    address = addresses[0]
    # As the provider wrote it: allauth lower-cases it, taking the Kelvin sign for a "k".
    data = sociallogin.account.extra_data
    email = ((data.get("userinfo") or data.get("id_token") or {}).get("email") or "").strip()
    email = email or address.email.strip()
    domain = email.rpartition("@")[2].lower()
    if domain not in options.get("email_domains", []):
        refuse(request, "domain", provider=provider, email=email)
    if not (address.verified or options.get("trust_email")):
        refuse(request, "unverified", provider=provider, email=email)
    return email


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Only a sign-in pre_social_login found invitations for reaches here.
        return bool(getattr(sociallogin, "_identity_invitations", None))

    def pre_social_login(self, request, sociallogin: SocialLogin) -> None:
        email = _verified_email(request, sociallogin)
        provider = sociallogin.provider.app.name
        if sociallogin.is_existing:
            # Found by the provider and its subject (from its first issuer: identity.oidc); a
            # closed account (switched off, or its person erased) is refused here, plainly.
            if not sociallogin.user.is_active:
                refuse(request, "inactive", provider=provider)
            return
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return  # a signed-in person adds this sign-in to their own account
        invitations = usable_invitations(email)
        if not invitations:
            refuse(request, "not_invited", provider=provider, email=email)
        found = get_user_model().objects.filter(email__iexact=email)
        holders = [user for user in found if same_address(user.email, email)]
        if len(holders) > 1:
            refuse(request, "ambiguous", provider=provider, email=email)
        if holders:
            user = holders[0]
            if user.has_usable_password() or user.is_staff or user.is_superuser:
                refuse(request, "existing_account", provider=provider, email=email)
            if SocialAccount.objects.filter(user=user).exists():
                # Another provider's subject signs in as it: its owner adds this one.
                refuse(request, "other_provider", provider=provider, email=email)
            if not user.is_active:
                refuse(request, "inactive", provider=provider)
            with transaction.atomic():
                sociallogin.connect(request, user)
                _accept(invitations, user)
            return
        sociallogin._identity_invitations = invitations

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        invitations = getattr(sociallogin, "_identity_invitations", None) or []
        _accept(invitations, user)
        return user


def _accept(invitations: list[Invitation], user) -> None:
    for invitation in invitations:
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError:
            continue  # used or withdrawn meanwhile: the others still count
