"""OpenID Connect with django-allauth's provider, held a little tighter, and signing out there.

The callback is allauth's with an adapter that always checks the ID token's signature against
the provider's published keys (allauth may skip it when the token came straight from the token
endpoint) and that it was issued to this client (``azp``, for a token of several audiences),
refuses a userinfo answer about another subject than the ID token's, refuses a
subject it knows from another issuer than the one it first signed in from, and keeps the raw
ID token in the session: signing out sends it back to the provider's ``end_session_endpoint``
(RP-initiated logout), where the provider offers one.
"""

from urllib.parse import urlencode

from allauth.account.signals import user_logged_in
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.cache import cache
from django.dispatch import receiver
from django.http import Http404, HttpRequest

from identity.adapters import refuse

SESSION_KEY = "identity_oidc"
DISCOVERY_SECONDS = 60 * 60


class CheckedOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        # OpenID Connect Core 3.1.3.7: a token for several audiences says which party it was
        # issued to (azp), and that party must be this client.
        audiences = claims.get("aud")
        audiences = [audiences] if isinstance(audiences, str) else list(audiences or ())
        party = claims.get("azp")
        if (len(audiences) > 1 and party is None) or party not in (None, app.client_id):
            raise OAuth2Error("The ID token was issued to another party")
        return claims

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        raw = kwargs["response"].get("id_token")
        if not raw:
            raise OAuth2Error("The provider gave no ID token")
        login = super().complete_login(request, app, token, **kwargs)
        data = login.account.extra_data
        userinfo, claims = data.get("userinfo"), data.get("id_token") or {}
        if userinfo and str(userinfo.get("sub")) != str(claims.get("sub")):
            raise OAuth2Error("The userinfo answer is about another subject")
        if _first_issuer(login.account) not in (None, claims.get("iss")):
            refuse(request, "issuer", provider=app.name)
        # Kept on the request until the sign-in completes (then in the session: sign_out).
        request._identity_oidc = {"provider_id": self.provider_id, "id_token": raw}
        return login


def _first_issuer(account: SocialAccount) -> str | None:
    """The issuer the provider's subject first signed in from: read here, as allauth's lookup
    then stores this sign-in's claims over it."""
    stored = SocialAccount.objects.filter(provider=account.provider, uid=account.uid)
    extra_data = stored.values_list("extra_data", flat=True).first() or {}
    return (extra_data.get("id_token") or {}).get("iss")


def callback(request: HttpRequest, provider_id: str):
    try:
        view = OAuth2CallbackView.adapter_view(CheckedOpenIDConnectAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@receiver(user_logged_in)
def keep_id_token(sender, request, user, **kwargs):
    pending = getattr(request, "_identity_oidc", None) if request is not None else None
    if pending:
        request.session[SESSION_KEY] = pending


def end_session_url(request: HttpRequest, signed_in: dict, return_to: str) -> str | None:
    """The provider's sign-out address for this session's sign-in, or None when it has none
    (or cannot be asked): the local sign-out is done either way."""
    provider_id = signed_in.get("provider_id")
    key = f"identity:oidc-end-session:{provider_id}"
    found = cache.get(key)
    if found is None:
        try:
            adapter = OpenIDConnectOAuth2Adapter(request, provider_id)
            found = (
                adapter.openid_config.get("end_session_endpoint") or "",
                adapter.get_provider().app.client_id,
            )
        except Exception:  # the provider unknown now, or unreachable: sign out here only
            return None
        cache.set(key, found, DISCOVERY_SECONDS)
    endpoint, client_id = found
    if not endpoint:
        return None
    query = {
        "id_token_hint": signed_in.get("id_token", ""),
        "client_id": client_id,
        "post_logout_redirect_uri": return_to,
    }
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(query)}"
