"""What the browser is told: a Content-Security-Policy without 'unsafe-inline' that the pages
keep to, a Permissions-Policy, and no-store on pages for a signed-in user."""

import re

import pytest

from partners.api.tokens import token_issue
from tests.permissions.roles import ROLES


def pages(system) -> list[str]:
    return [
        "/login/",
        f"/s/{system.slug}/people/",
        f"/s/{system.slug}/partners/",
        f"/s/{system.slug}/api-tokens/",
        f"/s/{system.slug}/committees/",
    ]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_pages_have_a_policy_without_unsafe_inline(client, office, system):
    client.force_login(office)
    for url in pages(system):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"][0] == "'self'"
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        assert "unsafe-eval" not in response["Content-Security-Policy"], url


def test_pages_keep_to_the_policy(client, office, system):
    """Every script is a file, no element carries a style or an event handler attribute."""
    client.force_login(office)
    for url in pages(system):
        body = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert "src=" in tag, f"{url}: inline script {tag}"
        assert "<style" not in body, url
        assert not re.search(r"<[^>]+\sstyle=", body), url
        assert not re.search(r"<[^>]+\son[a-z]+=", body), url


def test_every_response_refuses_unused_browser_features(client, db):
    policy = client.get("/login/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_pages_with_personal_data_or_secrets_are_not_stored(client, office, system):
    client.force_login(office)
    for url in pages(system):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control or url == "/login/", url


def test_a_token_client_keeps_its_etags(client, office, regulator, system):
    raw = token_issue(actor=office, user=regulator)[1]
    response = client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["ETag"]


def test_the_docs_page_nonces_its_one_inline_style(client, office, db):
    client.force_login(office)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    nonce = re.search(r"<style nonce=\"([^\"]+)\">", response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


@pytest.mark.parametrize("role", ROLES)
def test_schema_and_docs_are_for_anyone_signed_in(client_for, client, role, system):
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    assert client.get("/api/v1/docs/").status_code in (401, 403)
    client = client_for(role)
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_a_setting_opens_schema_and_docs(client, db, settings):
    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_the_browsable_api_keeps_to_the_policy(client, regulator, system):
    client.force_login(regulator)
    response = client.get("/api/v1/committees/?ordering=name", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    body = response.content.decode()
    assert not re.search(r"<[^>]+\sstyle=", body)
    nonce = directives(response)["style-src"][1].removeprefix("'nonce-").rstrip("'")
    for tag in re.findall(r"<style\b[^>]*>", body):
        assert f'nonce="{nonce}"' in tag
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
