from allauth.mfa.models import Authenticator
from django import template
from django.conf import settings

from identity.mfa import signed_in_by_single_sign_on, two_factor_required

register = template.Library()


@register.simple_tag(takes_context=True)
def two_factor_status(context) -> dict:
    """The signed-in person's two-factor sign-in: their authenticator app (or None), how many
    recovery codes are unused (None: none made), whether their role needs it, and the provider
    they signed in through, if they did."""
    request = context["request"]
    user = request.user
    found = {a.type: a for a in Authenticator.objects.filter(user=user)}
    codes = found.get(Authenticator.Type.RECOVERY_CODES)
    provider = None
    if signed_in_by_single_sign_on(request):
        methods = request.session.get("account_authentication_methods") or []
        provider = next(m.get("provider") for m in methods if m.get("method") == "socialaccount")
        apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
        provider = next((a["name"] for a in apps if a["provider_id"] == provider), provider)
    return {
        "app": found.get(Authenticator.Type.TOTP),
        "recovery_codes": len(codes.wrap().get_unused_codes()) if codes else None,
        "required": two_factor_required(user),
        "single_sign_on": provider,
    }
