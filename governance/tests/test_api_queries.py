"""The governance endpoints cost a fixed number of queries per page, however many rows."""

import pytest

from core.roles import Role
from governance.api import ROUTES
from governance.tests.api_helpers import ENDPOINTS, build

pytestmark = pytest.mark.django_db
MODELS = {prefix: viewset.model for prefix, viewset in ROUTES}
# What the regulator lists of each build (the confidential item is not for them).
LISTED = {"agenda-items": {"confidential": False}}


# --- A page costs the same number of queries with 2 rows as with 20 ----------------------------

# The token with its user and the user's accesses, in one query. A token used within the minute
# writes nothing (its first use is counted in partners' API tests): each test uses it first.
AUTH = "token with its user and the user's accesses"
PEOPLE = "the user's entries in the people register"
QUERIES = {
    "committees": (2, f"{AUTH}, committees"),
    "terms-of-reference": (3, f"{AUTH}, terms, their quorum requirements"),
    "memberships": (2, f"{AUTH}, memberships"),
    "meetings": (
        6,
        f"{AUTH}, meetings, attendance, their committees' terms (once each), their quorum "
        "requirements, the committees' memberships (the members deputised for among them)",
    ),
    "decisions": (2, f"{AUTH}, decisions"),
    "actions": (2, f"{AUTH}, actions"),
    "agreements": (
        6,
        f"{AUTH}, agreements, parties with organisation and signatory, versions, commitments, "
        "commitment owners",
    ),
    "delegations": (2, f"{AUTH}, delegations"),
    "minutes": (
        4,
        f"{AUTH}, {PEOPLE}, minutes with the approving meeting, their entries with items",
    ),
    "interests": (2, f"{AUTH}, interests"),
    # The confidential rule is a condition of the one query, once the user's entries in the
    # people register are known (a user who is nobody there is asked only about the office).
    "declarations": (3, f"{AUTH}, {PEOPLE}, declarations on the items the user may see"),
    # The confidential rule is a condition in the list's own query (governance.confidential).
    "agenda-items": (3, f"{AUTH}, {PEOPLE}, agenda items"),
    "papers": (3, f"{AUTH}, {PEOPLE}, papers with their system's slug (for the download URL)"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_costs_a_fixed_number_of_queries(
    client, token_for, system, office, in_scope, endpoint, django_assert_num_queries
):
    token = token_for(Role.REGULATOR)
    expected, named = QUERIES[endpoint]
    client.get(f"/api/v1/{endpoint}/", HTTP_AUTHORIZATION=f"Bearer {token}")  # first use
    for rows in (2, 20):
        while MODELS[endpoint]._base_manager.filter(**LISTED.get(endpoint, {})).count() < rows:
            build(system, office)
        with django_assert_num_queries(expected, info=named):
            response = client.get(f"/api/v1/{endpoint}/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert len(response.json()["results"]) == rows
