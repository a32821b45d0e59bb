from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.roles import Role
from core.scoping import scope, unscoped
from partners.models import Access, Organisation, System
from tests import factories


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
