"""Creating and changing workstreams from the forms."""

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import Workstream
from milestones.tests.form_helpers import error_next_to, reload, url, workstream_data
from tests import factories

pytestmark = pytest.mark.django_db


# Workstreams -----------------------------------------------------------------------------------


def test_office_adds_a_workstream(client, office, system, plan, sro, organisation):
    client.force_login(office)
    data = workstream_data(plan, sro=sro.pk, lead_organisation=organisation.pk)
    response = client.post(url(system, "workstream-create"), data, follow=True)
    with scope([system]):
        workstream = Workstream.objects.get(name="Digital")
    assert response.redirect_chain[-1][0] == url(system, "workstream-detail", pk=workstream.pk)
    assert "Workstream added" in response.content.decode()
    assert (workstream.sro, workstream.lead_organisation, workstream.code) == (
        sro,
        organisation,
        "D",
    )
    assert workstream.history.get().history_user == office


def test_a_workstream_name_already_in_the_plan_is_shown_next_to_the_name(
    client, office, system, plan, workstream
):
    client.force_login(office)
    response = client.post(
        url(system, "workstream-create"), workstream_data(plan, name=workstream.name)
    )
    assert response.status_code == 200
    message = error_next_to(response.content.decode(), "name")
    assert "already has a workstream with this name" in message
    with scope([system]):
        assert Workstream.objects.count() == 1


def test_another_systems_people_and_plans_are_not_choices(
    client, office, system, plan, their_records
):
    client.force_login(office)
    form = client.get(url(system, "workstream-create")).content.decode()
    assert "Beta Person" not in form
    assert "Beta plan" not in form
    data = workstream_data(their_records["plan"], sro=their_records["person"].pk)
    response = client.post(url(system, "workstream-create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose one of the options offered" in error_next_to(page, "plan")
    assert "Choose one of the options offered" in error_next_to(page, "sro")
    with scope([system]):
        assert not Workstream.objects.exists()


def test_office_changes_a_workstream(client, office, system, plan, workstream, sro):
    client.force_login(office)
    form = client.get(url(system, "workstream-edit", pk=workstream.pk)).content.decode()
    assert f'value="{workstream.name}"' in form
    data = workstream_data(plan, code="C", name="Urgent care", sro=sro.pk, target="4 hours")
    response = client.post(url(system, "workstream-edit", pk=workstream.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "workstream-detail", pk=workstream.pk)
    changed = reload(Workstream, workstream)
    assert (changed.name, changed.sro, changed.target) == ("Urgent care", sro, "4 hours")
    assert changed.history.first().history_user == office
    assert "Urgent and emergency care" in response.content.decode().split("History of changes")[1]


def test_a_workstream_without_a_name_is_refused_next_to_the_field(
    client, office, system, plan, workstream
):
    client.force_login(office)
    response = client.post(
        url(system, "workstream-edit", pk=workstream.pk), workstream_data(plan, name="")
    )
    assert response.status_code == 200
    assert "Enter the workstream's name." in error_next_to(response.content.decode(), "name")
    assert reload(Workstream, workstream).name == "Urgent and emergency care"


def test_a_workstream_with_milestones_at_gateways_keeps_its_plan(
    client, office, system, plan, gateway, workstream, milestone
):
    with scope([system]):
        services.milestone_update(actor=office, milestone=milestone, gateway=gateway)
    other_plan = factories.PlanFactory(system=system, title="Second plan")
    client.force_login(office)
    response = client.post(
        url(system, "workstream-edit", pk=workstream.pk),
        workstream_data(other_plan, name="Moved"),
    )
    assert response.status_code == 200
    assert "gateways of its current plan" in error_next_to(response.content.decode(), "plan")
    changed = reload(Workstream, workstream)
    assert (changed.plan_id, changed.name) == (plan.pk, "Urgent and emergency care")
