"""The sign-in page (a username and password, and a button per single sign-on provider), and
signing out, at the provider too where it offers that."""

from allauth.account.views import LoginView as AllauthLoginView
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from identity import oidc


def single_sign_on_providers(request) -> list:
    """The configured providers, as allauth's provider objects (name, login URL)."""
    return [
        provider
        for provider in get_social_adapter().list_providers(request)
        if provider.id == "openid_connect"
    ]


class LoginView(AllauthLoginView):
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORDS_ENABLED:
            return HttpResponseForbidden("Sign in through your organisation.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["local_passwords"] = settings.LOCAL_PASSWORDS_ENABLED
        context["sso_providers"] = single_sign_on_providers(self.request)
        context["next"] = self.request.GET.get("next", "") or self.request.POST.get("next", "")
        return context


login = LoginView.as_view()


@require_POST
def sign_out(request):
    """Sign out here; then, after a single sign-on, at the provider (its end_session_endpoint,
    RP-initiated logout), which returns to the sign-in page."""
    signed_in = request.session.get(oidc.SESSION_KEY)
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    provider_url = None
    if signed_in:
        provider_url = oidc.end_session_url(request, signed_in, request.build_absolute_uri(after))
    logout(request)
    return HttpResponseRedirect(provider_url or after)


def admin_login(request):
    """The admin signs in through the one sign-in page (two-factor, single sign-on, lockout)."""
    target = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': target})}")
