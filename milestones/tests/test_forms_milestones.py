"""Creating and changing milestones from the forms; the baseline only moves by re-baselining."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from core.scoping import scope
from milestones import services
from milestones.models import Milestone
from milestones.tests.form_helpers import TODAY, error_next_to, milestone_data, reload, url
from tests import factories

pytestmark = pytest.mark.django_db


# Milestones ------------------------------------------------------------------------------------


def test_office_adds_a_milestone(
    client, office, system, workstream, gateway, commitment, sro, organisation
):
    client.force_login(office)
    form = client.get(url(system, "milestone-create"), {"workstream": workstream.pk})
    assert f'<option value="{workstream.pk}" selected>' in form.content.decode()
    data = milestone_data(
        workstream,
        is_key="on",
        responsible_organisation=organisation.pk,
        responsible_person=sro.pk,
        commitment=commitment.pk,
        gateway=gateway.pk,
    )
    response = client.post(url(system, "milestone-create"), data, follow=True)
    with scope([system]):
        milestone = Milestone.objects.get(title="Shared care record live")
        assert milestone.baselines.get().set_by == office
    assert response.redirect_chain[-1][0] == url(system, "milestone-detail", pk=milestone.pk)
    assert "Milestone added" in response.content.decode()
    assert milestone.is_key
    assert (milestone.commitment, milestone.gateway, milestone.responsible_person) == (
        commitment,
        gateway,
        sro,
    )
    assert milestone.history.get().history_user == office


def test_a_gateway_of_another_plan_is_shown_next_to_the_gateway(
    client, office, system, workstream, gateway
):
    other_plan = factories.PlanFactory(system=system, title="Second plan")
    with scope([system]):
        elsewhere = services.gateway_create(actor=office, plan=other_plan, number=2, name="Build")
    client.force_login(office)
    form = client.get(url(system, "milestone-create")).content.decode()
    assert "Second plan: Gateway 2: Build" in form  # labelled by plan when there are several
    response = client.post(
        url(system, "milestone-create"), milestone_data(workstream, gateway=elsewhere.pk)
    )
    assert response.status_code == 200
    message = error_next_to(response.content.decode(), "gateway")
    assert "Choose a gateway of this milestone's plan." in message
    with scope([system]):
        assert not Milestone.objects.exists()


def test_a_milestone_needs_a_baseline_date(client, office, system, workstream):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-create"), milestone_data(workstream, baseline_on="soon")
    )
    assert response.status_code == 200
    assert "Enter a valid date." in error_next_to(response.content.decode(), "baseline_on")
    with scope([system]):
        assert not Milestone.objects.exists()


def test_another_systems_gateway_is_not_a_choice(client, office, system, workstream, their_records):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-create"),
        milestone_data(workstream, gateway=their_records["gateway"].pk),
    )
    assert response.status_code == 200
    assert "Choose one of the options offered" in error_next_to(
        response.content.decode(), "gateway"
    )


def test_office_changes_a_milestone_but_not_its_baseline(
    client, office, system, workstream, milestone, gateway, commitment
):
    client.force_login(office)
    form = client.get(url(system, "milestone-edit", pk=milestone.pk)).content.decode()
    assert 'name="baseline_on"' not in form
    assert url(system, "milestone-detail", pk=milestone.pk) + "#rebaseline" in form
    forecast = milestone.baseline_on + timedelta(days=10)
    data = milestone_data(
        workstream,
        title="SDEC 12 hours a day",
        baseline_on=(TODAY + timedelta(days=400)).isoformat(),  # not a field: ignored
        forecast_on=forecast.isoformat(),
        responsible_organisation=milestone.responsible_organisation_id,
        commitment=commitment.pk,
        gateway=gateway.pk,
    )
    response = client.post(url(system, "milestone-edit", pk=milestone.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "milestone-detail", pk=milestone.pk)
    assert "Milestone updated" in response.content.decode()
    changed = reload(Milestone, milestone)
    assert (changed.title, changed.forecast_on, changed.gateway, changed.commitment) == (
        "SDEC 12 hours a day",
        forecast,
        gateway,
        commitment,
    )
    assert changed.baseline_on == milestone.baseline_on
    assert changed.history.first().history_user == office
    with scope([system]):
        assert changed.baselines.count() == 1


def test_a_milestone_title_already_in_the_workstream_is_refused(
    client, office, system, workstream, milestone
):
    with scope([system]):
        other = services.milestone_create(
            actor=office, workstream=workstream, title="Discharge hub", baseline_on=TODAY
        )
    client.force_login(office)
    response = client.post(
        url(system, "milestone-edit", pk=other.pk),
        milestone_data(workstream, title=milestone.title, baseline_on=""),
    )
    assert response.status_code == 200
    message = error_next_to(response.content.decode(), "title")
    assert "already has a milestone with this title" in message
    assert reload(Milestone, other).title == "Discharge hub"


def test_the_update_service_refuses_to_move_the_baseline(office, system, milestone):
    later = milestone.baseline_on + timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        services.milestone_update(actor=office, milestone=milestone, baseline_on=later)
    assert "Re-baseline" in error.value.message_dict["baseline_on"][0]
    with pytest.raises(TypeError):
        services.milestone_update(actor=office, milestone=milestone, completed_on=TODAY)
    assert reload(Milestone, milestone).baseline_on == milestone.baseline_on
