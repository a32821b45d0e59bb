"""A milestone's "Add a dependency" offers one workstream's milestones at a time (a system may
have thousands): the milestone's own workstream first, another when chosen
(``?depends_workstream=``); a milestone of any workstream of the system may still be sent, and a
refused one is shown again with the workstream it was sent from."""

import re
from datetime import timedelta

import pytest

from core.scoping import scope
from milestones import services
from milestones.models import Dependency
from milestones.tests.page_helpers import TODAY, url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(workstream, office, partner, in_scope):
    """A milestone of another workstream of the same plan."""
    digital = factories.WorkstreamFactory(plan=workstream.plan, code="D", name="Digital")
    return services.milestone_create(
        actor=office,
        workstream=digital,
        title="Shared care record live",
        baseline_on=TODAY + timedelta(days=120),
        responsible_organisation=partner,
    )


def offered(html: str) -> list[str]:
    """The labels the "depends on" list offers."""
    select = html.split('name="depends_on"')[1].split("</select>")[0]
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)


def test_the_milestones_own_workstream_is_offered_first(
    client, office, system, milestone, partner_milestone, elsewhere
):
    client.force_login(office)
    html = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert offered(html) == [f"C: {partner_milestone.title}"]
    chooser = html.split('id="depends_workstream"')[1].split("</select>")[0]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", chooser) == [
        str(milestone.workstream),
        str(elsewhere.workstream),
    ]
    assert f'<option value="{milestone.workstream_id}" selected>' in chooser


def test_another_workstream_is_offered_when_chosen(client, office, system, milestone, elsewhere):
    client.force_login(office)
    chosen = f"?depends_workstream={elsewhere.workstream_id}&as_at={TODAY.isoformat()}"
    html = client.get(url(system, "milestone-detail", pk=milestone.pk) + chosen).content.decode()
    assert offered(html) == [f"D: {elsewhere.title}"]
    # The chooser keeps the reporting date; the form is sent with the workstream chosen.
    chooser = html.split('id="dependency-workstream"')[1].split("</form>")[0]
    assert f'name="as_at" value="{TODAY.isoformat()}"' in chooser
    assert f"?depends_workstream={elsewhere.workstream_id}" in html


def test_a_milestone_of_another_workstream_may_be_sent(
    client, office, system, milestone, elsewhere
):
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": elsewhere.pk}
    )
    assert response.status_code == 302
    with scope([system]):
        assert Dependency.objects.get().depends_on == elsewhere


def test_a_refused_one_is_shown_with_the_workstream_it_was_sent_from(
    client, office, system, milestone, elsewhere
):
    with scope([system]):
        services.dependency_add(actor=office, milestone=elsewhere, depends_on=milestone)
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk)
        + f"?depends_workstream={elsewhere.workstream_id}",
        {"depends_on": elsewhere.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already depends, through others, on" in html.split('id="id_depends_on-error"')[1]
    assert offered(html) == [f"D: {elsewhere.title}"]
    assert f'<option value="{elsewhere.pk}" selected>' in html


@pytest.mark.parametrize("value", ["nonsense", "0", "-1", "99999999"])
def test_a_workstream_not_of_the_system_is_a_400_naming_it(
    client, office, system, milestone, value
):
    client.force_login(office)
    response = client.get(
        url(system, "milestone-detail", pk=milestone.pk) + f"?depends_workstream={value}"
    )
    assert response.status_code == 400
    assert "depends_workstream" in response.content.decode()


def test_another_systems_workstream_is_refused(client, office, system, milestone, theirs):
    client.force_login(office)
    response = client.get(
        url(system, "milestone-detail", pk=milestone.pk)
        + f"?depends_workstream={theirs.workstream_id}"
    )
    assert response.status_code == 400
    assert theirs.workstream.name not in response.content.decode()
