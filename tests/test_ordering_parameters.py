"""``?ordering=`` and ``?cursor=`` as a careless or hostile client gives them: a value a list
does not offer is a 400 naming ``ordering``, a cursor the list did not give (edited, forged,
from another ordering) a 404 naming ``cursor``, never a server error; and the schema lists
each list's orderings."""

import base64
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing
from django.core.management import call_command
from rest_framework.filters import OrderingFilter

from config.api import router
from core.ordering import KeysetPagination, StableOrderingFilter, ordering_values
from tests import factories

LISTS = [
    f"/api/v1/{prefix}/"
    for prefix, viewset, _ in router.registry
    if issubclass(viewset.pagination_class, KeysetPagination)
]


@pytest.fixture
def reader(client, regulator, system, settings):
    settings.API_RATE_LIMIT = ""
    client.force_login(regulator)
    for n in range(3):
        factories.AgreementFactory(system=system, title=f"Agreement {n}", expires_on=None)
    return client


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "ordering", ["nonsense", "-", "id,-id", "pk", "system__name", "title\x00", "-" * 5000]
)
def test_an_ordering_the_list_does_not_offer_is_a_400_naming_it(reader, url, ordering):
    response = reader.get(url, {"ordering": ordering})
    assert response.status_code == 400
    message = response.json()["ordering"][0]
    # A NUL is refused before the list is asked (core.middleware), for every parameter.
    expected = "null character" if "\x00" in ordering else "Not an ordering of this list"
    assert expected in message


def test_one_agreement_ignores_the_ordering(reader, system):
    agreement = factories.AgreementFactory(system=system)
    response = reader.get(f"/api/v1/agreements/{agreement.pk}/", {"ordering": "nonsense"})
    assert response.status_code == 200


@pytest.mark.parametrize(("prefix", "viewset"), [(p, v) for p, v, _ in router.registry])
def test_every_list_sorts_and_pages_through_the_shared_ordering(prefix, viewset):
    """One implementation (core.ordering): a list that pages another way (the finance
    summaries) offers no ordering."""
    assert not any(issubclass(b, OrderingFilter) for b in viewset.filter_backends)
    if issubclass(viewset.pagination_class, KeysetPagination):
        assert StableOrderingFilter in viewset.filter_backends
    else:
        assert not ordering_values(viewset)


def _cursor_of(link: str) -> str:
    return parse_qs(urlparse(link).query)["cursor"][0]


def _next_cursor(reader, ordering: str) -> str:
    body = reader.get("/api/v1/agreements/", {"ordering": ordering, "page_size": 1}).json()
    return _cursor_of(body["next"])


def _forged(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "",
        "cD0x",  # DRF's own format ("p=1")
        _forged({"o": "expires_on", "p": [None, 1]}),
        _forged({"o": "expires_on", "p": [None, 1]}) + ":forged-signature",
        "9" * 5000,
    ],
)
def test_a_cursor_the_list_did_not_give_is_a_404_naming_it(reader, cursor):
    response = reader.get("/api/v1/agreements/", {"ordering": "expires_on", "cursor": cursor})
    assert response.status_code == 404
    assert "`cursor`" in response.json()["detail"]


def test_a_null_character_in_the_cursor_is_refused_before_the_list(reader):
    response = reader.get("/api/v1/agreements/", {"cursor": "\x00"})
    assert response.status_code == 400
    assert "null character" in response.json()["cursor"][0]


def test_an_edited_cursor_is_refused(reader):
    cursor = _next_cursor(reader, "expires_on")
    value, signature = cursor.rsplit(":", 1)
    payload = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    payload["p"][-1] += 1
    edited = f"{_forged(payload)}:{signature}"
    response = reader.get("/api/v1/agreements/", {"ordering": "expires_on", "cursor": edited})
    assert response.status_code == 404


def test_a_cursor_from_another_ordering_is_refused(reader):
    cursor = _next_cursor(reader, "expires_on")
    for ordering in ("-expires_on", "title", ""):
        response = reader.get("/api/v1/agreements/", {"ordering": ordering, "cursor": cursor})
        assert response.status_code == 404, ordering


def test_a_cursor_holds_the_null_it_stopped_at(reader):
    """Agreements without an expiry date: DRF's cursor could not say where among them a page
    ended, and answered a server error."""
    cursor = _next_cursor(reader, "expires_on")
    payload = signing.Signer(salt="core.ordering.cursor").unsign_object(cursor)
    assert payload["o"] == "expires_on" and payload["p"][0] is None


def test_the_schema_lists_each_lists_orderings(tmp_path, db):
    target = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(target))
    paths = json.loads(target.read_text())["paths"]
    for prefix, viewset, _ in router.registry:
        operation = paths[f"/api/v1/{prefix}/"]["get"]
        parameters = {p["name"]: p for p in operation.get("parameters", [])}
        offered = ordering_values(viewset)
        if offered:
            assert parameters["ordering"]["schema"]["enum"] == offered, prefix
        else:
            assert "ordering" not in parameters, prefix
    assert paths["/api/v1/agreements/"]["get"]["parameters"]
    agreements = {p["name"]: p for p in paths["/api/v1/agreements/"]["get"]["parameters"]}
    assert agreements["ordering"]["schema"]["enum"] == [
        "title",
        "-title",
        "expires_on",
        "-expires_on",
        "review_on",
        "-review_on",
    ]


@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/api/v1/finance-summaries/"])
@pytest.mark.parametrize("size", ["abc", "0", "-5", "\u0661\u0662", "1.5"])
def test_a_page_size_that_is_no_whole_number_is_a_400_naming_it(reader, url, size):
    response = reader.get(url, {"page_size": size})
    assert response.status_code == 400
    assert response.json()["page_size"]


def test_a_page_size_above_the_most_gives_the_most(reader):
    response = reader.get("/api/v1/agreements/", {"page_size": 100_000})
    assert response.status_code == 200 and len(response.json()["results"]) <= 500
