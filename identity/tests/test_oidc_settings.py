"""The providers come from environment variables, and a mistake stops the start-up."""

import pytest

from config.env import ImproperlyConfiguredEnv
from config.oidc import oidc_origin, oidc_providers_from_env

NHSMAIL = {
    "OIDC_PROVIDERS": "nhsmail",
    "OIDC_NHSMAIL_SERVER_URL": "https://login.microsoftonline.com/tenant-id/v2.0/",
    "OIDC_NHSMAIL_CLIENT_ID": "client-id",
    "OIDC_NHSMAIL_SECRET": "client-secret",
    "OIDC_NHSMAIL_EMAIL_DOMAINS": "nhs.net, @Example.NHS.uk",
    "OIDC_NHSMAIL_LABEL": "NHSmail",
    "OIDC_NHSMAIL_TRUST_EMAIL": "True",
}


def test_a_provider_is_read_from_its_variables(monkeypatch):
    for name, value in NHSMAIL.items():
        monkeypatch.setenv(name, value)
    [app] = oidc_providers_from_env()
    assert app["provider_id"] == "nhsmail" and app["name"] == "NHSmail"
    assert (app["client_id"], app["secret"]) == ("client-id", "client-secret")
    options = app["settings"]
    assert options["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert options["email_domains"] == ["nhs.net", "example.nhs.uk"]
    assert options["trust_email"] is True and options["oauth_pkce_enabled"] is True
    assert oidc_origin(options["server_url"]) == "https://login.microsoftonline.com"


def test_none_without_the_variable(monkeypatch):
    monkeypatch.delenv("OIDC_PROVIDERS", raising=False)
    assert oidc_providers_from_env() == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OIDC_NHSMAIL_EMAIL_DOMAINS", "", "must name the e-mail domains"),
        ("OIDC_NHSMAIL_CLIENT_ID", "", "OIDC_NHSMAIL_CLIENT_ID must be set"),
        ("OIDC_NHSMAIL_SERVER_URL", "http://idp.example.com", "must be an https URL"),
        ("OIDC_NHSMAIL_TRUST_EMAIL", "yes", "must be True or False"),
        ("OIDC_PROVIDERS", "NHS mail", "lower-case letters"),
    ],
)
def test_a_mistake_stops_the_start(monkeypatch, name, value, message):
    for variable, setting in {**NHSMAIL, name: value}.items():
        monkeypatch.setenv(variable, setting)
    with pytest.raises(ImproperlyConfiguredEnv, match=message):
        oidc_providers_from_env()
