"""Fixtures shared by the partners test modules."""

import pytest

from tests import factories


@pytest.fixture
def person(system, organisation):
    return factories.PersonFactory(
        system=system, name="Jane Smith", title="Chief Executive", organisation=organisation
    )


@pytest.fixture
def theirs(other_system):
    """An organisation and a person in the other system only."""
    organisation = factories.OrganisationFactory(name="Beta Community Trust", ods_code="RY9")
    factories.PartnershipFactory(system=other_system, organisation=organisation)
    person = factories.PersonFactory(system=other_system, name="Beta Person")
    return organisation, person
