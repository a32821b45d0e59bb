"""Plan, workstream and milestone forms: only the programme office is offered them or may post."""

import pytest

from core.roles import Role
from core.scoping import scope
from milestones.models import Milestone, Plan, Workstream
from milestones.tests.form_helpers import milestone_data, url, workstream_data
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db
REFUSED = all_but(Role.PROGRAMME_OFFICE)


def form_urls(system, workstream, milestone) -> list[str]:
    return [
        url(system, "plan-create"),
        url(system, "workstream-create"),
        url(system, "workstream-edit", pk=workstream.pk),
        url(system, "milestone-create"),
        url(system, "milestone-edit", pk=milestone.pk),
    ]


# Who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_offered_no_change_and_refused(
    client_for, role, system, workstream, milestone
):
    client = client_for(role)
    for page in (
        url(system, "milestone-list"),
        url(system, "milestone-detail", pk=milestone.pk),
        url(system, "workstream-list"),
        url(system, "workstream-detail", pk=workstream.pk),
    ):
        body = client.get(page).content.decode().split("</header>")[1]
        for form in form_urls(system, workstream, milestone):
            assert form not in body, f"{page} links to {form}"
    for form in form_urls(system, workstream, milestone):
        assert client.get(form).status_code == 403, form


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.PARTNER_LEAD])
def test_regulator_and_lead_posts_are_refused_and_change_nothing(
    client_for, role, system, plan, workstream, milestone
):
    client = client_for(role)
    posts = {
        url(system, "plan-create"): {"title": "Another plan", "amber_tolerance_days": 30},
        url(system, "workstream-create"): workstream_data(plan),
        url(system, "workstream-edit", pk=workstream.pk): workstream_data(plan, name="Renamed"),
        url(system, "milestone-create"): milestone_data(workstream),
        url(system, "milestone-edit", pk=milestone.pk): milestone_data(
            workstream, title="Renamed", baseline_on=""
        ),
    }
    for page, data in posts.items():
        assert client.post(page, data).status_code == 403, page
    with scope([system]):
        assert list(Plan.objects.values_list("title", flat=True)) == ["Alpha STP plan"]
        assert list(Workstream.objects.values_list("name", flat=True)) == [workstream.name]
        assert list(Milestone.objects.values_list("title", flat=True)) == [milestone.title]


def test_programme_office_is_offered_every_form(client, office, system, workstream, milestone):
    client.force_login(office)
    pages = {
        url(system, "milestone-list"): url(system, "milestone-create"),
        url(system, "milestone-detail", pk=milestone.pk): url(
            system, "milestone-edit", pk=milestone.pk
        ),
        url(system, "workstream-list"): url(system, "workstream-create"),
        url(system, "workstream-detail", pk=workstream.pk): url(
            system, "workstream-edit", pk=workstream.pk
        ),
    }
    for page, form in pages.items():
        assert form in client.get(page).content.decode(), page
        assert client.get(form).status_code == 200, form
    detail = client.get(url(system, "workstream-detail", pk=workstream.pk)).content.decode()
    assert f"{url(system, 'milestone-create')}?workstream={workstream.pk}" in detail
