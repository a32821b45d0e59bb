"""Re-baselining a milestone and adding dependencies from the pages."""

from datetime import timedelta

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import Dependency
from milestones.tests.page_helpers import TODAY, reload, url

pytestmark = pytest.mark.django_db


# Re-baselining and dependencies -----------------------------------------------------------------


def test_office_rebaselines_and_it_is_in_history(client, office, system, milestone):
    client.force_login(office)
    new = TODAY + timedelta(days=120)
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": new.isoformat(), "reason": "Workforce gaps"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(system, "milestone-detail", pk=milestone.pk)
    page = response.content.decode()
    assert "Baseline moved to" in page
    assert "Workforce gaps" in page  # in the baselines table
    with scope([system]):
        latest = milestone.baselines.order_by("-set_at").first()
        assert (latest.baseline_on, latest.set_by, latest.reason) == (new, office, "Workforce gaps")
        record = reload(milestone).history.first()
    assert record.history_user == office
    assert record.baseline_on == new


def test_rebaseline_without_reason_is_refused_next_to_the_field(client, office, system, milestone):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": (TODAY + timedelta(days=120)).isoformat(), "reason": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_reason-error"' in page
    assert "There is a problem" in page
    with scope([system]):
        assert milestone.baselines.count() == 1
    assert reload(milestone).baseline_on == milestone.baseline_on


def test_rebaseline_to_the_same_date_is_refused_by_the_service(client, office, system, milestone):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": milestone.baseline_on.isoformat(), "reason": "No change"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split('id="id_baseline_on-error"')[1][:200]
    assert "The new baseline is the same as the current one." in error
    with scope([system]):
        assert milestone.baselines.count() == 1


def test_office_adds_a_dependency(client, office, system, milestone, partner_milestone):
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": partner_milestone.pk}
    )
    assert response.status_code == 302
    with scope([system]):
        dependency = Dependency.objects.get()
    assert (dependency.milestone, dependency.depends_on) == (milestone, partner_milestone)
    assert dependency.history.first().history_user == office
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert partner_milestone.title in detail.split("Depends on")[1]


def test_a_dependency_cycle_is_shown_next_to_the_field(
    client, office, system, milestone, partner_milestone
):
    with scope([system]):
        services.dependency_add(actor=office, milestone=partner_milestone, depends_on=milestone)
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": partner_milestone.pk}
    )
    assert response.status_code == 200
    error = response.content.decode().split('id="id_depends_on-error"')[1][:300]
    assert "already depends, through others, on" in error
    with scope([system]):
        assert Dependency.objects.count() == 1


def test_a_dependency_on_another_systems_milestone_is_not_offered(
    client, office, system, milestone, theirs
):
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": theirs.pk}
    )
    assert response.status_code == 200
    assert 'id="id_depends_on-error"' in response.content.decode()
    with scope([system, theirs.workstream.plan.system_id]):
        assert not Dependency.objects.exists()
