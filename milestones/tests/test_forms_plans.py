"""Creating a plan from the forms."""

from datetime import date

import pytest

from core.scoping import scope
from milestones.models import Plan
from milestones.tests.form_helpers import error_next_to, url

pytestmark = pytest.mark.django_db


# Plans -----------------------------------------------------------------------------------------


def test_with_no_plan_the_workstream_form_offers_to_create_one(client, office, system):
    client.force_login(office)
    page = client.get(url(system, "workstream-create")).content.decode()
    assert url(system, "plan-create") in page
    assert 'name="name"' not in page


def test_office_creates_a_plan_then_adds_a_workstream_to_it(client, office, system):
    client.force_login(office)
    data = {
        "title": "Alpha implementation plan",
        "starts_on": "2019-04-01",
        "ends_on": "2021-03-31",
        "amber_tolerance_days": "14",
    }
    response = client.post(url(system, "plan-create"), data, follow=True)
    with scope([system]):
        plan = Plan.objects.get()
    assert response.redirect_chain[-1][0] == f"{url(system, 'workstream-create')}?plan={plan.pk}"
    page = response.content.decode()
    assert "Plan created" in page
    assert f'<option value="{plan.pk}" selected>' in page
    assert (plan.amber_tolerance_days, plan.ends_on) == (14, date(2021, 3, 31))
    assert plan.history.get().history_user == office


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "Alpha STP plan"}, "title", "already has a plan with this title"),
        ({"starts_on": "2020-04-01", "ends_on": "2020-03-31"}, "ends_on", "cannot end before"),
        ({"amber_tolerance_days": "-1"}, "amber_tolerance_days", "greater than or equal to 0"),
    ],
)
def test_bad_plan_input_is_shown_next_to_the_field(
    client, office, system, plan, data, field, message
):
    client.force_login(office)
    posted = {"title": "Second plan", "amber_tolerance_days": "30", **data}
    response = client.post(url(system, "plan-create"), posted)
    assert response.status_code == 200
    assert message in error_next_to(response.content.decode(), field)
    with scope([system]):
        assert Plan.objects.count() == 1
