"""Sign-in's records in the admin: platform operators alone, as the sign-in attempts are.

Providers come from the environment (config/oidc.py), never from the admin, and neither e-mail
addresses nor provider tokens are kept for anyone to edit: those of allauth's screens are not
offered. An operator sees, and may remove, a person's single sign-on link (their provider and
subject) and their two-factor authenticators (e.g. a lost phone, with no recovery code left).
"""

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.socialaccount.admin import SocialAccountAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

from core.admin_scope import ScopedAdminMixin

for model in (
    EmailAddress,
    EmailConfirmation,
    SocialApp,
    SocialToken,
    SocialAccount,
    Authenticator,
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SocialAccount)
class SingleSignOnLinkAdmin(ScopedAdminMixin, SocialAccountAdmin):
    superuser_only = True


@admin.register(Authenticator)
class TwoFactorAdmin(ScopedAdminMixin, AuthenticatorAdmin):
    superuser_only = True
