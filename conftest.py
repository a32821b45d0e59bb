from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from core.roles import Role
from core.scoping import scope, unscoped
from partners.models import Access, Organisation, System
from tests import factories
from tests.permissions.roles import fixture_name


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The API's rate limit counts requests per token id in the cache (the only thing the project
    caches), and ids recur from test to test as each rolls back: every test starts uncounted."""
    cache.clear()


@pytest.fixture
def system(db) -> System:
    return factories.SystemFactory(slug="alpha", name="Alpha STP", short_name="Alpha")


@pytest.fixture
def other_system(db) -> System:
    return factories.SystemFactory(slug="beta", name="Beta ICS", short_name="Beta")


@pytest.fixture
def organisation(system) -> Organisation:
    organisation = factories.OrganisationFactory(name="Alpha Hospital NHS Foundation Trust")
    factories.PartnershipFactory(system=system, organisation=organisation)
    return organisation


def _user(username: str, system: System, role: str, organisation=None):
    user = get_user_model().objects.create_user(username=username, password="password")
    Access.objects.create(user=user, system=system, role=role, organisation=organisation)
    return user


# Standing users, one per role in `system`, and an outsider who only sees `other_system`.
@pytest.fixture
def office(system):
    return _user("alice", system, Role.PROGRAMME_OFFICE)


@pytest.fixture
def lead(system, organisation):
    return _user("bob", system, Role.PARTNER_LEAD, organisation)


@pytest.fixture
def chair(system):
    return _user("carol", system, Role.CHAIR)


@pytest.fixture
def regulator(system):
    return _user("rita", system, Role.REGULATOR)


@pytest.fixture
def outsider(other_system):
    return _user("charlie", other_system, Role.PROGRAMME_OFFICE)


@pytest.fixture
def user_for(request):
    """``user_for(Role.CHAIR)``: the standing user holding that role in ``system`` (or
    ``user_for("outsider")``), for tests parametrised over roles (tests/permissions/roles.py)."""
    return lambda who: request.getfixturevalue(fixture_name(who))


@pytest.fixture
def client_for(client, user_for):
    """``client_for(Role.CHAIR)``: the test client, signed in as that role's standing user."""

    def sign_in(who):
        client.force_login(user_for(who))
        return client

    return sign_in


@pytest.fixture
def in_scope(system, other_system):
    """Run a test's direct model reads as a user who sees both test systems."""
    with scope([system, other_system]):
        yield


@pytest.fixture
def no_scope(db):
    with unscoped():
        yield


@pytest.fixture
def partner(system):
    """A second partner organisation in the system."""
    organisation = factories.OrganisationFactory(
        name="Alpha County Council", kind="local_authority"
    )
    factories.PartnershipFactory(system=system, organisation=organisation)
    return organisation


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The five seed systems, loaded once for a module by the real command."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock(), unscoped():
        # Leave the reusable test database as other modules expect it: empty.
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def seeds(demo, db):
    """The demo data from the seeds, read without a scope (as a command would)."""
    with unscoped():
        yield
