"""Creating and changing plans, workstreams and milestones: only the programme office may, every
change is in history with its user, and bad input is shown next to its field with nothing saved."""

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.scoping import scope
from governance import services as governance_services
from milestones import services
from milestones.models import Milestone, Plan, Workstream
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date.today()
REFUSED = ["regulator", "lead", "chair"]


def url(system, name: str, **kwargs) -> str:
    return reverse(f"milestones:{name}", kwargs={"slug": system.slug, **kwargs})


def error_next_to(page: str, field: str) -> str:
    """The error message shown next to ``field`` (it fails the test if there is none)."""
    marker = f'id="id_{field}-error"'
    assert marker in page, f"no error next to {field}"
    return html.unescape(page.split(marker)[1].split("</span>", 2)[1])


@pytest.fixture
def plan(system):
    return factories.PlanFactory(system=system, title="Alpha STP plan", amber_tolerance_days=30)


@pytest.fixture
def gateway(plan, office, in_scope):
    return services.gateway_create(actor=office, plan=plan, number=1, name="Design")


@pytest.fixture
def workstream(plan):
    return factories.WorkstreamFactory(plan=plan, code="C", name="Urgent and emergency care")


@pytest.fixture
def sro(system, organisation):
    return factories.PersonFactory(system=system, name="Jane Smith", organisation=organisation)


@pytest.fixture
def commitment(system, office, in_scope):
    agreement = factories.AgreementFactory(system=system, title="Memorandum of understanding")
    return governance_services.commitment_add(
        actor=office, agreement=agreement, number=3, text="Deliver the urgent care plan."
    )


@pytest.fixture
def milestone(workstream, office, organisation, in_scope):
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Same Day Emergency Care 12 hours a day",
        baseline_on=TODAY + timedelta(days=60),
        responsible_organisation=organisation,
    )


@pytest.fixture
def theirs(other_system, office, in_scope):
    """Another system's plan, gateway, workstream, milestone and person."""
    plan = factories.PlanFactory(system=other_system, title="Beta plan")
    workstream = factories.WorkstreamFactory(plan=plan, name="Beta workstream")
    return {
        "plan": plan,
        "gateway": services.gateway_create(actor=office, plan=plan, number=1, name="Beta gate"),
        "workstream": workstream,
        "milestone": services.milestone_create(
            actor=office, workstream=workstream, title="Beta milestone", baseline_on=TODAY
        ),
        "person": factories.PersonFactory(system=other_system, name="Beta Person"),
    }


def reload(model, obj):
    with scope([obj_system_id(obj)]):
        return model.objects.get(pk=obj.pk)


def obj_system_id(obj) -> int:
    if isinstance(obj, Plan):
        return obj.system_id
    if isinstance(obj, Workstream):
        return obj.plan.system_id
    return obj.workstream.plan.system_id


def workstream_data(plan, **overrides) -> dict:
    return {
        "plan": plan.pk,
        "code": "D",
        "name": "Digital",
        "sro": "",
        "sro_role": "CIO, Alpha Hospital",
        "lead_organisation": "",
        "objective_kind": "quality",
        "objective": "One shared care record.",
        "target": "All partners connected",
        "target_date": "2021-03-31",
        **overrides,
    }


def milestone_data(workstream, **overrides) -> dict:
    return {
        "workstream": workstream.pk,
        "title": "Shared care record live",
        "baseline_on": (TODAY + timedelta(days=90)).isoformat(),
        "forecast_on": "",
        "responsible_organisation": "",
        "responsible_person": "",
        "commitment": "",
        "gateway": "",
        **overrides,
    }


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
    request, client, role, system, workstream, milestone
):
    client.force_login(request.getfixturevalue(role))
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


@pytest.mark.parametrize("role", ["regulator", "lead"])
def test_regulator_and_lead_posts_are_refused_and_change_nothing(
    request, client, role, system, plan, workstream, milestone
):
    client.force_login(request.getfixturevalue(role))
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


def test_another_systems_people_and_plans_are_not_choices(client, office, system, plan, theirs):
    client.force_login(office)
    form = client.get(url(system, "workstream-create")).content.decode()
    assert "Beta Person" not in form
    assert "Beta plan" not in form
    data = workstream_data(theirs["plan"], sro=theirs["person"].pk)
    response = client.post(url(system, "workstream-create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in error_next_to(page, "plan")
    assert "Select a valid choice" in error_next_to(page, "sro")
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


def test_another_systems_gateway_is_not_a_choice(client, office, system, workstream, theirs):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-create"),
        milestone_data(workstream, gateway=theirs["gateway"].pk),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in error_next_to(response.content.decode(), "gateway")


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
