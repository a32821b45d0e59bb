"""Raising a case from the pages: its subject, its reason and its route."""

import pytest

from core.roles import Role
from escalation import services
from escalation.models import EscalationCase
from escalation.tests.page_helpers import TODAY
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_system, outsider, in_scope):
    """A case and a risk of the other system, to be looked for from this one."""
    route = services.route_create(
        actor=outsider,
        system=other_system,
        name="Beta route",
        steps=[{"order": 1, "escalate_to_role": "Chief executive"}],
    )
    case = services.case_raise(
        actor=outsider, route=route, reason="Late", raised_on=TODAY, subject_text="Beta plan"
    )
    return {"case": case, "risk": factories.RiskFactory(system=other_system, reference="B1")}


# Raising a case --------------------------------------------------------------------------------


def test_office_raises_a_case_about_a_milestone(client, office, system, organisation, route):
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    milestone = factories.MilestoneFactory(
        workstream=workstream, title="Business case approved", responsible_organisation=organisation
    )
    client.force_login(office)
    form = client.get(f"/s/{system.slug}/escalations/new/")
    assert "Business case approved" in form.content.decode()
    response = client.post(
        f"/s/{system.slug}/escalations/new/",
        {
            "route": route.pk,
            "milestone": milestone.pk,
            "reason": "Three months late",
            "raised_on": TODAY.isoformat(),
        },
    )
    case = EscalationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/s/{system.slug}/escalations/{case.pk}/"
    assert (case.milestone, case.organisation, case.raised_by) == (milestone, organisation, office)
    assert case.history.first().history_user == office


def test_office_raises_a_case_about_a_risk(client, office, system, route, risk):
    client.force_login(office)
    client.post(
        f"/s/{system.slug}/escalations/new/",
        {"route": route.pk, "risk": risk.pk, "reason": "Rising", "raised_on": TODAY.isoformat()},
    )
    assert EscalationCase.objects.get().risk == risk
    assert "Workforce supply" in client.get(f"/s/{system.slug}/risks/{risk.pk}/").content.decode()


def test_raising_without_a_subject_or_reason_says_so_next_to_the_fields(
    client, office, system, route
):
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/escalations/new/",
        {"route": route.pk, "subject_text": "", "reason": "", "raised_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["subject_text"] == ["Say what is being escalated."]
    assert 'id="id_subject_text-error"' in response.content.decode()
    assert not EscalationCase.objects.exists()


def test_raising_with_two_subjects_is_refused(client, office, system, route, risk):
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    milestone = factories.MilestoneFactory(workstream=workstream)
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/escalations/new/",
        {
            "route": route.pk,
            "milestone": milestone.pk,
            "risk": risk.pk,
            "reason": "Late",
            "raised_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "A case has one subject" in response.content.decode()
    assert not EscalationCase.objects.exists()


def test_another_systems_route_cannot_be_chosen(client, office, system, theirs):
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/escalations/new/",
        {
            "route": theirs["case"].route_id,
            "subject_text": "x",
            "reason": "y",
            "raised_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["route"]
    assert EscalationCase.objects.count() == 1


@pytest.mark.parametrize("role", [Role.PARTNER_LEAD, Role.CHAIR])
def test_only_the_office_raises_cases(client_for, role, system, route):
    client = client_for(role)
    assert client.get(f"/s/{system.slug}/escalations/new/").status_code == 403
