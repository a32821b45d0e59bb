"""core.addresses.RowAddresses: a row's address reversed once for a list, equal to Django's
reverse for every id, whatever the other arguments hold."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

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


# Every address the regulators' overview writes for each system (reports/overview_pages.py).
SYSTEM_PAGES = (
    "milestones:milestone-list",
    "escalation:case-board",
    "reports:dashboard",
    "governance:meeting-list",
    "finance:overview",
    "escalation:risk-list",
    "reports:report-list",
)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SLUGS = ["north-east", "stp-12", "1-2-21", "overview-0", "a", "Z_9", "x" * 50, "10", "-_-"]


@pytest.mark.parametrize("name", SYSTEM_PAGES)
def test_every_slug_gets_the_address_django_reverses(name):
    addresses = RowAddresses(name)
    for slug in SLUGS:
        assert addresses.of(slug) == reverse(name, args=[slug])


@pytest.mark.parametrize("name", ["escalation:risk-detail", "reports:report-detail"])
def test_every_slug_and_id_get_the_address_django_reverses(name):
    addresses = RowAddresses(name)
    for slug in SLUGS:
        for pk in (1, 2, 10, 12, 987654321):
            assert addresses(pk, slug) == reverse(name, args=[slug, pk])


def test_the_demo_systems_slugs_get_the_address_django_reverses():
    """The systems the fixtures load (the demo's, the import examples')."""
    written = "".join(path.read_text() for path in FIXTURES.rglob("*.json"))
    slugs = set(re.findall(r'"slug": *"([^"]*)"', written))
    assert slugs
    for name in SYSTEM_PAGES:
        addresses = RowAddresses(name)
        for slug in slugs:
            assert addresses.of(slug) == reverse(name, args=[slug])


def test_a_value_no_slug_converter_takes_is_reversed_as_django_would():
    addresses = RowAddresses("reports:dashboard")
    with pytest.raises(NoReverseMatch):
        addresses.of("north east")
    with pytest.raises(NoReverseMatch):
        addresses.of("north-é")


def test_the_list_is_reversed_a_few_times_whatever_its_rows(monkeypatch):
    calls = []

    def address(args):
        calls.append(args)
        return f"/s/{args[0]}/papers/{args[1]}/download/"

    addresses = RowAddresses("governance:paper-download")
    monkeypatch.setattr(addresses, "_address", address)
    assert [addresses(pk, slug) for pk, slug in [(5, "a"), (6, "a"), (7, "b-2")]] == [
        "/s/a/papers/5/download/",
        "/s/a/papers/6/download/",
        "/s/b-2/papers/7/download/",
    ]
    assert calls == [("a", 1), ("b", 1), ("a", 2), ("b", 2), ("Z-9_x", 10)]


def test_an_address_that_does_not_split_at_the_id_is_reversed_for_each(monkeypatch):
    """A converter that writes ids its own way (here, padded) cannot be cut at the id."""
    addresses = RowAddresses("governance:paper-download")
    monkeypatch.setattr(addresses, "_address", lambda args: f"/papers/{args[-1]:04d}/")
    assert addresses(7, "a") == "/papers/0007/"
    assert addresses(12, "a") == "/papers/0012/"
