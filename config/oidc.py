"""The OpenID Connect providers people sign in with, read from environment variables.

``OIDC_PROVIDERS`` names them, comma-separated (e.g. ``nhsmail,cis2``); each NAME is then
described by ``OIDC_<NAME>_*`` variables (NAME upper-cased, ``-`` as ``_``):

- ``SERVER_URL`` (required): the issuer, whose ``/.well-known/openid-configuration`` is read;
- ``CLIENT_ID`` (required) and ``SECRET`` (or ``SECRET_FILE``): this service's registration;
- ``EMAIL_DOMAINS`` (required): the e-mail domains this provider may sign people in for,
  comma-separated (``nhs.net``); any other address is refused;
- ``LABEL``: the button's words ("Sign in with NHSmail"; default: the NAME);
- ``TRUST_EMAIL``: True when the provider's e-mail claim is the person's own address even
  without ``email_verified`` (an organisation's own directory, as Entra ID's for NHSmail);
- ``SCOPE``: space-separated scopes (default ``openid email profile``);
- ``FETCH_USERINFO``: False to read only the ID token's claims (default True);
- ``AUTH_METHOD``: the token endpoint's client authentication (``client_secret_post`` or
  ``client_secret_basic``; default as the discovery document offers).

These become django-allauth's ``openid_connect`` apps, one per provider, with PKCE on.
"""

import re
from urllib.parse import urlsplit

from config.env import ImproperlyConfiguredEnv, env_bool, env_list, env_str

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,29}$")


def _variable(name: str, part: str) -> str:
    return f"OIDC_{name.upper().replace('-', '_')}_{part}"


def oidc_provider_from_env(name: str) -> dict:
    if not _NAME.match(name):
        raise ImproperlyConfiguredEnv(
            f"OIDC_PROVIDERS: {name!r} must be lower-case letters, digits and hyphens"
        )

    def required(part: str) -> str:
        value = (env_str(_variable(name, part)) or "").strip()
        if not value:
            raise ImproperlyConfiguredEnv(f"{_variable(name, part)} must be set")
        return value

    server_url = required("SERVER_URL").rstrip("/")
    if not server_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ImproperlyConfiguredEnv(f"{_variable(name, 'SERVER_URL')} must be an https URL")
    domains = [d.lower().lstrip("@") for d in env_list(_variable(name, "EMAIL_DOMAINS"), [])]
    if not domains:
        raise ImproperlyConfiguredEnv(
            f"{_variable(name, 'EMAIL_DOMAINS')} must name the e-mail domains it signs in"
        )
    settings = {
        "server_url": server_url,
        "oauth_pkce_enabled": True,
        "fetch_userinfo": env_bool(_variable(name, "FETCH_USERINFO"), True),
        "scope": (env_str(_variable(name, "SCOPE")) or "openid email profile").split(),
        "email_domains": domains,
        "trust_email": env_bool(_variable(name, "TRUST_EMAIL"), False),
    }
    method = (env_str(_variable(name, "AUTH_METHOD")) or "").strip()
    if method:
        if method not in ("client_secret_post", "client_secret_basic"):
            raise ImproperlyConfiguredEnv(
                f"{_variable(name, 'AUTH_METHOD')} must be client_secret_post or "
                "client_secret_basic"
            )
        settings["token_auth_method"] = method
    return {
        "provider_id": name,
        "name": (env_str(_variable(name, "LABEL")) or name).strip(),
        "client_id": required("CLIENT_ID"),
        "secret": (env_str(_variable(name, "SECRET")) or "").strip(),
        "settings": settings,
    }


def oidc_providers_from_env() -> list[dict]:
    names = env_list("OIDC_PROVIDERS", [])
    if len(set(names)) != len(names):
        raise ImproperlyConfiguredEnv("OIDC_PROVIDERS names a provider twice")
    return [oidc_provider_from_env(name) for name in names]


def oidc_origin(url: str) -> str:
    """The scheme and host of a provider's address, as a Content-Security-Policy source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
