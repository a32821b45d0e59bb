"""Two-factor sign-in (allauth.mfa): who must have it, and sending them to set it up first.

``settings.MFA_REQUIRED_FOR_ROLES`` names the roles (core.roles.Role values) and
``superuser``. Someone holding one of them (in any system) who signed in with a password and
has no authenticator app is sent to set one up before any other page; once set up they cannot
remove their last one. Whoever signed in through single sign-on is not asked: their
organisation's sign-in carries the second factor.

A wrong code (from the app, or a recovery code) counts towards the sign-in lockout
(identity.lockout).
"""

from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from core import authz
from identity.lockout import counted

SESSION_KEY = "identity_two_factor"
METHODS_SESSION_KEY = "account_authentication_methods"  # allauth's record of this sign-in
# What someone who must set it up may still reach: setting it up (and what that asks for),
# signing out, the session's timer, and the files the pages need.
ALLOWED_PREFIXES = ("/accounts/2fa/", "/accounts/reauthenticate/", "/static/")
ALLOWED_NAMES = ("logout", "login", "session-status", "healthz", "account_logout")


def roles_of(user) -> set[str]:
    roles = {authz.role_in(user, system_id) for system_id in authz.visible_system_ids(user)}
    roles.discard(None)
    if user.is_superuser:
        roles.add("superuser")
    return roles


def two_factor_required(user) -> bool:
    """Whether this user's roles need two-factor sign-in (``MFA_REQUIRED_FOR_ROLES``)."""
    wanted = settings.MFA_REQUIRED_FOR_ROLES
    if not wanted or not getattr(user, "is_authenticated", False):
        return False
    return bool(roles_of(user) & set(wanted))


def signed_in_by_single_sign_on(request) -> bool:
    methods = request.session.get(METHODS_SESSION_KEY) or []
    return any(record.get("method") == "socialaccount" for record in methods)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(SESSION_KEY):
            return False
        path = request.path_info
        if path.startswith(ALLOWED_PREFIXES) or path in {reverse(n) for n in ALLOWED_NAMES}:
            return False
        if signed_in_by_single_sign_on(request) or not two_factor_required(user):
            return False
        if has_authenticator_app(user):
            request.session[SESSION_KEY] = True
            return False
        return True


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use two-factor sign-in keeps their authenticator app."""
        if authenticator.type == Authenticator.Type.TOTP and two_factor_required(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)


class _CountedCode:
    """A code form whose wrong answers count towards the sign-in lockout."""

    def clean_code(self) -> str:
        refusal = get_adapter().validation_error("incorrect_code")
        return counted(self.user, super().clean_code, refusal)


class AuthenticateForm(_CountedCode, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(_CountedCode, AllauthReauthenticateForm):
    pass
