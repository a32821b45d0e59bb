"""Repeated failed sign-ins lock that account at that address only (django-axes), with a page
that says so; every attempt is recorded; API tokens never go through the sign-in form."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import SESSION_KEY

from partners.api.tokens import token_issue

LOGIN = "/login/"
HERE, ELSEWHERE = "192.0.2.10", "198.51.100.20"


def attempt(client, username, password, address=HERE, **headers):
    return client.post(
        LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def lock_out(client, username, address=HERE, **headers):
    for _ in range(4):
        assert attempt(client, username, "wrong", address, **headers).status_code == 200
    return attempt(client, username, "wrong", address, **headers)


def test_five_failures_lock_that_account_from_that_address(client, chair):
    locked = lock_out(client, "carol")
    assert locked.status_code == 429
    page = locked.content.decode()
    # A page in the product's own layout, saying what happened and for how long.
    assert '<h1 class="nhsuk-heading-l">Too many attempts to sign in</h1>' in page
    assert "for 15 minutes" in page
    assert 'class="nhsuk-header' in page
    recorded = AccessAttempt.objects.get(username="carol", ip_address=HERE)
    assert recorded.failures_since_start == 5


def test_the_correct_password_is_refused_while_locked(client, chair):
    lock_out(client, "carol")
    response = attempt(client, "carol", "password")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_same_account_from_another_address_still_signs_in(client, chair):
    lock_out(client, "carol")
    response = attempt(client, "carol", "password", ELSEWHERE)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(chair.pk)
    assert AccessLog.objects.filter(username="carol", ip_address=ELSEWHERE).exists()


def test_another_account_from_the_locked_address_still_signs_in(client, chair, office):
    lock_out(client, "carol")
    assert attempt(client, "alice", "password").status_code == 302


def test_fewer_failures_then_success_start_the_count_again(client, chair):
    for _ in range(4):
        attempt(client, "carol", "wrong")
    assert attempt(client, "carol", "password").status_code == 302
    client.logout()
    assert attempt(client, "carol", "wrong").status_code == 200


def test_api_token_is_unaffected_by_a_lockout(client, regulator, office, system):
    raw = token_issue(actor=office, user=regulator)[1]
    assert lock_out(client, "rita").status_code == 429
    response = client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=HERE)
    assert response.status_code == 200


@pytest.mark.parametrize("spoofed", ["", "203.0.113.99, "])
def test_behind_a_proxy_the_client_address_counts_not_the_proxy(client, chair, settings, spoofed):
    """With one trusted proxy the client is the right-most forwarded address; whatever the
    client wrote further left cannot move it to a fresh count."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    locked = lock_out(client, "carol", proxy, HTTP_X_FORWARDED_FOR=HERE)
    assert locked.status_code == 429
    again = attempt(client, "carol", "password", proxy, HTTP_X_FORWARDED_FOR=f"{spoofed}{HERE}")
    assert again.status_code == 429
    elsewhere = attempt(client, "carol", "password", proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert elsewhere.status_code == 302


def test_behind_a_proxy_the_sign_in_rate_limit_counts_each_client(client, chair, settings):
    """allauth's own limit on signing in (30 a minute an address) reads the same client address
    as the lockout: people behind one proxy are not one address, and one person still is."""
    settings.TRUSTED_PROXY_COUNT = 1
    limit = 30
    for n in range(limit + 1):
        signed_in = attempt(
            client, "carol", "password", "10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}"
        )
        assert signed_in.status_code == 302, n
        client.logout()
    for _ in range(limit):
        attempt(client, "carol", "password", "10.0.0.1", HTTP_X_FORWARDED_FOR=HERE)
        client.logout()
    refused = attempt(client, "carol", "password", "10.0.0.1", HTTP_X_FORWARDED_FOR=HERE)
    assert refused.status_code == 429
