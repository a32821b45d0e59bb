"""Milestone pages: what each role sees and which changes each is offered or refused."""

from datetime import timedelta

import pytest

from core.roles import Role
from core.scoping import scope
from milestones.models import Dependency, ProgressUpdate
from milestones.tests.page_helpers import TODAY, monthly_post, reload, url
from tests.permissions.roles import ROLES, all_but

pytestmark = pytest.mark.django_db


def page_urls(system, milestone) -> list[str]:
    return [
        url(system, "milestone-list"),
        url(system, "milestone-detail", pk=milestone.pk),
        url(system, "workstream-list"),
        url(system, "workstream-detail", pk=milestone.workstream_id),
        url(system, "monthly-update"),
    ]


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_every_page(client_for, role, system, milestone):
    client = client_for(role)
    for page in page_urls(system, milestone):
        response = client.get(page)
        assert response.status_code == 200, page
        shown = "Urgent and emergency care" if page.endswith("/workstreams/") else milestone.title
        assert shown in response.content.decode(), page


def test_regulator_sees_no_edit_control(client, regulator, system, milestone):
    client.force_login(regulator)
    list_page = client.get(url(system, "milestone-list")).content.decode()
    assert url(system, "monthly-update") not in list_page
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert 'method="post"' not in detail.split("</header>")[1]
    assert url(system, "milestone-rebaseline", pk=milestone.pk) not in detail
    update = client.get(url(system, "monthly-update")).content.decode()
    assert "<textarea" not in update
    assert "Save the updates" not in update
    assert milestone.title in update  # read-only


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_rebaselines_or_adds_dependencies(
    client_for, role, system, milestone, partner_milestone
):
    client = client_for(role)
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert "Re-baseline" not in detail
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": (TODAY + timedelta(days=100)).isoformat(), "reason": "Workforce"},
    )
    assert response.status_code == 403
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": partner_milestone.pk}
    )
    assert response.status_code == 403
    with scope([system]):
        assert milestone.baselines.count() == 1
        assert not Dependency.objects.exists()
    assert reload(milestone).baseline_on == milestone.baseline_on


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.CHAIR])
def test_regulator_and_chair_cannot_record_monthly_updates(client_for, role, system, milestone):
    client = client_for(role)
    data = monthly_post(milestone, **{f"m{milestone.pk}": {"narrative": "Going well"}})
    assert client.post(url(system, "monthly-update"), data).status_code == 403
    with scope([system]):
        assert not ProgressUpdate.objects.exists()
