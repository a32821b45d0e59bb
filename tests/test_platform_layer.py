"""The platform layer (core) reaches the tenant, its access records and shared reference data
through what the project names, not through imports; and the report services reach their tasks
through Celery's registry."""

import pytest
from celery import current_app

from core import authz, tenancy
from core.scoping import SharedAcrossSystemsManager, is_shared_across_systems
from partners.models import Access, Organisation, Partnership, System
from tests import factories


def test_the_settings_name_the_tenant_and_access_models():
    assert tenancy.tenant_model() is System
    assert tenancy.access_model() is Access
    assert tenancy.is_tenant(System) and not tenancy.is_tenant(Organisation)


def test_an_organisation_is_shared_reference_data_linked_by_partnerships():
    assert is_shared_across_systems(Organisation)
    assert not is_shared_across_systems(System) and not is_shared_across_systems(Partnership)
    manager = Organisation._default_manager
    assert isinstance(manager, SharedAcrossSystemsManager)
    assert manager.is_link_model(Partnership) and not manager.is_link_model(Organisation)


def test_a_shared_organisation_is_in_the_systems_that_link_it(system, other_system, organisation):
    shared = factories.OrganisationFactory(name="NHS England")
    for each in (system, other_system):
        factories.PartnershipFactory(system=each, organisation=shared)
    alone = factories.OrganisationFactory(name="In no system")
    manager = Organisation._default_manager
    assert set(manager.in_systems([system.pk])) == {organisation, shared}
    assert set(manager.in_systems([other_system.pk])) == {shared}
    assert manager.system_ids_of(shared) == {system.pk, other_system.pk}
    assert manager.system_ids_of(alone) == set()


def test_one_systems_office_may_not_rename_an_organisation_another_system_shares(
    office, system, other_system, organisation
):
    assert authz.can_change_organisation(office, organisation)
    factories.PartnershipFactory(system=other_system, organisation=organisation)
    assert not authz.can_change_organisation(office, organisation)


def test_scoped_organisations_are_those_of_the_users_systems(office, outsider, organisation):
    assert list(authz.scoped(office, Organisation)) == [organisation]
    assert list(authz.scoped(outsider, Organisation)) == []


@pytest.mark.parametrize("name", ["generate_report", "publish_report"])
def test_the_report_tasks_the_services_queue_are_registered(name):
    # reports.services queues them by name (ReportsConfig.ready registers the module).
    assert current_app.tasks[f"reports.tasks.{name}"].name == f"reports.tasks.{name}"
