"""Partner and people lists cost the same number of queries however many rows they show."""

import pytest

from core.scoping import scope
from partners import services
from partners.tests.page_helpers import url

pytestmark = pytest.mark.django_db


# Query counts -----------------------------------------------------------------------------------


def make_partners(office, system, count: int) -> None:
    """``count`` partner organisations, each with a person."""
    with scope([system]):
        for n in range(count):
            partnership = services.partner_add(
                actor=office,
                system=system,
                name=f"Partner {n:02}",
                short_name=f"P{n}",
                kind="nhs_trust" if n % 2 else "local_authority",
                role="Partner",
            )
            services.person_create(
                actor=office,
                system=system,
                name=f"Person {n:02}",
                organisation=partnership.organisation,
            )


# Every page costs: the session, the user, the user's accesses (core.authz, once per request),
# the system from the URL, the header's list of the user's systems, and saving the session (which
# remembers the system): savepoint, update, release.
REQUEST = 8


@pytest.mark.parametrize("count", [2, 20])
def test_organisation_list_queries_are_constant(
    client, office, system, count, django_assert_num_queries
):
    make_partners(office, system, count)
    client.force_login(office)
    # REQUEST, then: the partnerships' count for the paginator (1); the page of partnerships with
    # their organisations joined (1); the kinds present, for the filter (1).
    with django_assert_num_queries(REQUEST + 3):
        response = client.get(url(system, "organisation-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [2, 20])
def test_person_list_queries_are_constant(client, office, system, count, django_assert_num_queries):
    make_partners(office, system, count)
    client.force_login(office)
    # REQUEST, then: the people's count for the paginator (1); the page of people with their
    # organisations joined (1).
    with django_assert_num_queries(REQUEST + 2):
        response = client.get(url(system, "person-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count
