"""core.addresses.RowAddresses: a row's address reversed once for a list, equal to Django's
reverse for every id, whatever the other arguments hold."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.addresses import RowAddresses


@pytest.mark.parametrize("slug", ["north-east", "stp-12", "1-2-21"])
@pytest.mark.parametrize("host", [None, "testserver"])
def test_every_id_gets_the_address_django_reverses(slug, host):
    request = RequestFactory().get("/", HTTP_HOST=host) if host else None
    addresses = RowAddresses("governance:paper-download", request)
    for pk in (1, 2, 9, 10, 12, 21, 100, 987654321):
        expected = reverse("governance:paper-download", args=[slug, pk])
        if request:
            expected = request.build_absolute_uri(expected)
        assert addresses(pk, slug) == expected


def test_each_set_of_other_arguments_is_reversed_once(monkeypatch):
    calls = []

    def address(pk, others):
        calls.append((pk, others))
        return f"/s/{others[0]}/papers/{pk}/download/"

    addresses = RowAddresses("governance:paper-download")
    monkeypatch.setattr(addresses, "_address", address)
    assert [addresses(pk, slug) for pk, slug in [(5, "a"), (6, "a"), (7, "b")]] == [
        "/s/a/papers/5/download/",
        "/s/a/papers/6/download/",
        "/s/b/papers/7/download/",
    ]
    assert calls == [(pk, (slug,)) for slug in "ab" for pk in (1, 2, 2, 10)]


def test_an_address_that_does_not_split_at_the_id_is_reversed_for_each(monkeypatch):
    """A converter that writes ids its own way (here, padded) cannot be cut at the id."""
    addresses = RowAddresses("governance:paper-download")
    monkeypatch.setattr(addresses, "_address", lambda pk, others: f"/papers/{pk:04d}/")
    assert addresses(7, "a") == "/papers/0007/"
    assert addresses(12, "a") == "/papers/0012/"
