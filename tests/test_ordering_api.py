"""Every API list, in every ordering it offers, either way, pages through every row exactly
once, forwards and backwards, with nulls and ties in the sorted column (tests.ordering_data)."""

import pytest
from django.contrib.auth import get_user_model

from config.api import router
from core.ordering import KeysetPagination, ordering_values
from tests.ordering_data import ROWS, copy_rows, nulls_and_ties, seed_rows

LISTS = [
    (prefix, viewset)
    for prefix, viewset, _ in router.registry
    if issubclass(viewset.pagination_class, KeysetPagination)
]
CASES = [
    pytest.param(prefix, viewset, ordering, id=f"{prefix}?ordering={ordering}")
    for prefix, viewset in LISTS
    for ordering in ["", *ordering_values(viewset)]
]


@pytest.fixture
def regulator_client(client, seeds, settings):
    # Each walk is many requests: the rate limit is not what these tests are about.
    settings.API_RATE_LIMIT = ""
    seed_rows()
    client.force_login(get_user_model().objects.get(username="regulator"))
    return client


def _walk(client, url: str, direction: str) -> list[list[dict]]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body["results"])
        url = body[direction]
    return pages


def _ids(pages: list[list[dict]]) -> list[int]:
    return [row["id"] for page in pages for row in page]


@pytest.mark.parametrize(("prefix", "viewset", "ordering"), CASES)
def test_every_row_once_forwards_and_backwards(regulator_client, prefix, viewset, ordering):
    model = viewset.model
    copy_rows(model, ROWS)
    column = ordering.lstrip("-")
    if column:
        nulls_and_ties(model, column)
    # Without ?ordering= at all, as a script paging through everything asks.
    url = f"/api/v1/{prefix}/?" + (f"ordering={ordering}&" if ordering else "")
    everything = _ids(_walk(regulator_client, f"{url}page_size=500", "next"))
    assert len(everything) >= 2, f"{prefix}: too few rows to page through"
    size = max(1, len(everything) // 6)
    forwards = _walk(regulator_client, f"{url}page_size={size}", "next")
    assert _ids(forwards) == everything
    assert len(everything) == len(set(everything))
    if not ordering:
        assert everything == sorted(everything)  # by id
    # From the last page back to the first, by the previous links.
    last = regulator_client.get(f"{url}page_size={size}")
    while last.json()["next"]:
        last = regulator_client.get(last.json()["next"])
    backwards = [
        last.json()["results"],
        *_walk(regulator_client, last.json()["previous"], "previous"),
    ]
    assert _ids(backwards[::-1]) == everything
    rows = [row for page in forwards for row in page]
    aliased = column in getattr(viewset, "ordering_aliases", {})
    if column and column in rows[0] and not aliased:
        # Rows without a value come last, whichever way the column sorts.
        values = [row[column] for row in rows]
        nulls = values.count(None)
        assert values[len(values) - nulls :] == [None] * nulls
