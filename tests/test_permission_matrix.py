"""Every URL the resolver knows, asked by every role about its own and another system's records,
answers as ``tests/permissions/table.py`` declares; a route the table does not declare fails.

One data set serves the whole module (built once, rolled back at the end); each POST runs in a
savepoint that is rolled back, after checking that a refused one changed no row.
"""

import pytest
from django.db import transaction

from core.roles import Role
from tests.permissions.probe import Cell, asked, check, variants
from tests.permissions.roles import STANDING_USER
from tests.permissions.routes import all_routes
from tests.permissions.table import PAGES, rules_for
from tests.permissions.world import ROLES, build_world

# The mark makes pytest-django set up the test database; each test then runs in a savepoint
# inside the module's transaction.
pytestmark = pytest.mark.django_db
ROUTES = all_routes()
# The API is read-only by construction: every write method is asked of it.
WRITES = {"api": ("post", "put", "patch", "delete"), "page": ("post",), "admin": ("post",)}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def test_every_route_is_declared():
    undeclared = sorted(key for key in ROUTES if rules_for(key) is None)
    assert not undeclared, "declare these routes in tests/permissions/table.py: " + ", ".join(
        undeclared
    )


def test_every_declared_page_exists():
    assert not sorted(set(PAGES) - set(ROUTES))


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_route_answers_every_role_as_declared(world, key):
    route = ROUTES[key]
    failures = []
    for rule in rules_for(key) or []:
        for variant in variants(route, rule):
            for role in ROLES:
                cell = Cell(route, rule, role, variant)
                methods = WRITES[rule.area] if rule.post is not None or rule.area == "api" else ()
                for method in (m for m in ("get", *methods) if asked(cell, m)):
                    try:
                        failure = check(world, cell, method)
                    except LookupError as error:
                        failure = str(error)
                    if failure:
                        failures.append(f"{cell}: {failure}")
    assert not failures, "\n".join(failures)


def test_every_role_has_a_standing_user():
    # A new Role without a standing user in the root conftest would be skipped by every test
    # parametrised over ROLES (tests/permissions/roles.py).
    assert set(STANDING_USER) == set(Role)
