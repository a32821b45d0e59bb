"""The milestones endpoints: read-only for every role, scoped to the user's systems, a fixed
number of queries per page, and RAG/slippage exactly as milestones.rag derives them."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from core.scoping import system_path, unscoped
from milestones import services
from milestones.api import ROUTES
from milestones.api.serializers import MilestoneSerializer
from milestones.models import (
    Baseline,
    Dependency,
    Gateway,
    Milestone,
    ProgressUpdate,
)
from milestones.rag import Rag
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["office", "lead", "chair", "regulator"]
TODAY = date.today()
# Every registered endpoint is in the matrix: a new route cannot skip these tests.
MODELS = {prefix: viewset.model for prefix, viewset in ROUTES}
ENDPOINTS = list(MODELS)


def url(prefix: str, pk: int | None = None, suffix: str = "") -> str:
    return f"/api/v1/{prefix}/" + (f"{pk}/{suffix}" if pk else "")


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The rate limit counts per token id in the cache; ids recur from test to test."""
    cache.clear()


@pytest.fixture
def api(client):
    def get(path, token, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


@pytest.fixture
def token_of(request, office):
    """A token for a standing user (by fixture name), issued by the programme office."""
    return lambda role: factories.api_token(request.getfixturevalue(role))


def build_plan(system, actor, organisation=None, title="Delivery plan") -> dict:
    """One of each object, written through the services as the pages write them."""
    plan = services.plan_create(actor=actor, system=system, title=title)
    gateway = services.gateway_create(actor=actor, plan=plan, number=1, name="Case for change")
    workstream = services.workstream_create(
        actor=actor,
        plan=plan,
        name="Primary care",
        code="A",
        sro=factories.PersonFactory(system=system, name="Sam Sro", title="Chief Executive"),
        lead_organisation=organisation,
    )
    first = services.milestone_create(
        actor=actor, workstream=workstream, title="Networks formed", baseline_on=TODAY
    )
    milestone = services.milestone_create(
        actor=actor,
        workstream=workstream,
        title="Network plans agreed",
        baseline_on=TODAY + timedelta(days=10),
        responsible_organisation=organisation,
        gateway=gateway,
        is_key=True,
    )
    services.dependency_add(actor=actor, milestone=milestone, depends_on=first)
    update = services.progress_update_record(
        actor=actor, milestone=milestone, month=TODAY, narrative="Two of five submitted"
    )
    return {
        "plans": plan,
        "gateways": gateway,
        "workstreams": workstream,
        "milestones": milestone,
        "progress-updates": update,
    }


@pytest.fixture
def ours(system, office, organisation, in_scope):
    return build_plan(system, office, organisation)


@pytest.fixture
def theirs(other_system, outsider, in_scope):
    return build_plan(other_system, outsider, title="Beta plan")


def own_ids(model, system) -> set[int]:
    with unscoped():
        return set(
            model.objects.filter(**{system_path(model): system}).values_list("pk", flat=True)
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_every_role_reads_own_system_only(api, token_of, role, prefix, ours, theirs, system):
    token = token_of(role)
    response = api(url(prefix), token, page_size=500)
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == own_ids(MODELS[prefix], system) and ours[prefix].pk in ids
    assert theirs[prefix].pk not in ids
    assert api(url(prefix, ours[prefix].pk), token).json()["id"] == ours[prefix].pk
    assert api(url(prefix, theirs[prefix].pk), token).status_code == 404
    assert api(url(prefix, ours[prefix].pk, "history/"), token).status_code == 200
    assert api(url(prefix, theirs[prefix].pk, "history/"), token).status_code == 404


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_the_other_system_sees_its_own_rows_only(api, token_of, prefix, ours, theirs):
    token = token_of("outsider")
    ids = {row["id"] for row in api(url(prefix), token).json()["results"]}
    assert theirs[prefix].pk in ids and ours[prefix].pk not in ids
    assert api(url(prefix, ours[prefix].pk), token).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "param", "key"),
    [
        ("plans", "system", None),
        ("gateways", "system", None),
        ("gateways", "plan", "plans"),
        ("workstreams", "plan", "plans"),
        ("milestones", "system", None),
        ("milestones", "workstream", "workstreams"),
        ("progress-updates", "milestone", "milestones"),
        ("progress-updates", "system", None),
    ],
)
def test_a_filter_cannot_name_another_systems_object(
    api, token_of, prefix, param, key, ours, theirs, other_system
):
    value = other_system.pk if key is None else theirs[key].pk
    response = api(url(prefix), token_of("regulator"), **{param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_an_organisation_in_both_systems_filters_to_own_rows_only(
    api, token_of, system, other_system, office, outsider, in_scope
):
    shared = factories.OrganisationFactory(name="Shared Ambulance Service")
    factories.PartnershipFactory(system=system, organisation=shared)
    factories.PartnershipFactory(system=other_system, organisation=shared)
    mine = build_plan(system, office, shared)
    build_plan(other_system, outsider, shared, title="Beta plan")
    token = token_of("regulator")
    rows = api(url("milestones"), token, responsible_organisation=shared.pk).json()["results"]
    assert [row["id"] for row in rows] == [mine["milestones"].pk]
    rows = api(url("workstreams"), token, lead_organisation=shared.pk).json()["results"]
    assert [row["id"] for row in rows] == [mine["workstreams"].pk]
    other_only = factories.OrganisationFactory(name="Beta Trust")
    factories.PartnershipFactory(system=other_system, organisation=other_only)
    response = api(url("milestones"), token, responsible_organisation=other_only.pk)
    assert response.status_code == 400


def grow(system, n: int) -> None:
    """n rows of every milestones model, each milestone with two baselines and a dependency."""
    user = get_user_model().objects.get(username="alice")
    for i in range(n):
        plan = factories.PlanFactory(system=system)
        Gateway(plan=plan, number=1, name=f"Gateway {i}").save()
        workstream = factories.WorkstreamFactory(
            plan=plan, sro=factories.PersonFactory(system=system)
        )
        earlier = factories.MilestoneFactory(workstream=workstream)
        # Green today: due on its baseline, in the future (the earlier one is long overdue).
        milestone = factories.MilestoneFactory(
            workstream=workstream,
            baseline_on=TODAY + timedelta(days=i + 7),
            forecast_on=TODAY + timedelta(days=i + 7),
        )
        for days in (0, 7):
            Baseline(
                milestone=milestone,
                baseline_on=TODAY + timedelta(days=days),
                set_by=user,
                set_at=timezone.now(),
            ).save()
        Dependency(milestone=milestone, depends_on=earlier).save()
        ProgressUpdate(
            milestone=milestone,
            month=TODAY.replace(day=1),
            narrative="On track",
            rag=Rag.GREEN,
            reported_by=user,
            reported_at=timezone.now(),
        ).save()


# Every request: the token, joined to its user and the user's accesses (the systems in scope).
# A token used within the minute writes nothing (its first use is counted in partners' API
# tests), so each test uses its token once before counting. Then the page and each prefetch.
REQUEST = 1
PAGE_QUERIES = {
    "plans": 1,  # plans
    "gateways": 1,  # gateways
    "workstreams": 1,  # workstreams joined to their SRO
    # milestones joined to their workstream's plan (for RAG); their baselines; their
    # dependencies
    "milestones": 3,
    "progress-updates": 1,  # updates
}


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_page_costs_the_same_queries_for_2_or_20_rows(
    api, token_of, prefix, system, django_assert_num_queries
):
    token = token_of("regulator")
    api(url(prefix), token)  # its first use, recorded
    for n, total in ((2, 2), (18, 20)):
        grow(system, n)
        with django_assert_num_queries(REQUEST + PAGE_QUERIES[prefix]):
            rows = api(url(prefix), token).json()["results"]
        assert len(rows) >= total


def test_filtering_by_rag_adds_one_query_however_many_rows(
    api, token_of, system, django_assert_num_queries
):
    token = token_of("regulator")
    api(url("milestones"), token)  # its first use, recorded
    for n, total in ((2, 2), (18, 20)):
        grow(system, n)
        # The request, the RAG inputs of the filtered rows, then the page as above.
        with django_assert_num_queries(REQUEST + 1 + PAGE_QUERIES["milestones"]):
            rows = api(url("milestones"), token, rag=["green", "amber"]).json()["results"]
        assert len(rows) == total and {row["rag"] for row in rows} == {"green"}


def test_naming_a_system_costs_no_query(api, token_of, system, django_assert_num_queries):
    """The system filter is checked against the accesses already read for the request."""
    token = token_of("regulator")
    grow(system, 2)
    api(url("milestones"), token)  # its first use, recorded
    with django_assert_num_queries(REQUEST + PAGE_QUERIES["milestones"]):
        rows = api(url("milestones"), token, system=system.pk).json()["results"]
    assert len(rows) == 4
    assert api(url("milestones"), token, system="abc").status_code == 400


def test_the_browsable_api_offers_every_filter_choice(client, token_of, ours):
    """Choices are only read when a filter is given, except for the form the browsable API
    draws."""
    response = client.get(
        url("milestones"), HTTP_ACCEPT="text/html", HTTP_AUTHORIZATION=f"Bearer {token_of('lead')}"
    )
    assert response.status_code == 200
    assert str(ours["workstreams"]) in response.content.decode()


@pytest.fixture
def plan(system, office, organisation, in_scope):
    return services.plan_create(actor=office, system=system, title="Plan", amber_tolerance_days=30)


@pytest.fixture
def each_rag(plan, office):
    """A milestone at each RAG status today (tolerance 30 days), by name."""
    workstream = services.workstream_create(actor=office, plan=plan, name="Urgent care")

    def make(title, baseline, forecast=None, completed=None, rebaseline=None):
        milestone = services.milestone_create(
            actor=office,
            workstream=workstream,
            title=title,
            baseline_on=TODAY + timedelta(days=baseline),
        )
        if rebaseline is not None:
            services.milestone_rebaseline(
                actor=office,
                milestone=milestone,
                baseline_on=TODAY + timedelta(days=rebaseline),
                reason="Moved by the board",
            )
        if forecast is not None or completed is not None:
            services.progress_update_record(
                actor=office,
                milestone=milestone,
                month=TODAY,
                narrative="Update",
                forecast_on=None if forecast is None else TODAY + timedelta(days=forecast),
                completed_on=None if completed is None else TODAY + timedelta(days=completed),
            )
        return milestone

    return {
        "green": make("On time", baseline=10),
        "amber": make("A little late", baseline=10, forecast=20),
        "red": make("Slipped beyond tolerance", baseline=10, forecast=60),
        "red overdue": make("Overdue", baseline=-5),
        "complete": make("Done", baseline=-20, completed=-1),
        "rebaselined": make("Moved", baseline=5, rebaseline=15, forecast=25),
    }


@pytest.mark.parametrize(
    ("name", "rag", "slippage"),
    [
        ("green", "green", 0),
        ("amber", "amber", 10),
        ("red", "red", 50),
        ("red overdue", "red", 0),
        ("complete", "complete", 0),
        ("rebaselined", "amber", 20),
    ],
)
def test_rag_and_slippage_are_the_models(api, token_of, each_rag, name, rag, slippage):
    milestone = Milestone.objects.get(pk=each_rag[name].pk)
    row = api(url("milestones", milestone.pk), token_of("regulator")).json()
    assert row["rag"] == milestone.rag_on(TODAY) == rag
    assert row["slippage_days"] == milestone.slippage_days == slippage
    assert row["first_baseline_on"] == milestone.first_baseline_on.isoformat()
    assert row["baselines"][0]["baseline_on"] == row["first_baseline_on"]


def test_rebaselining_is_listed_with_its_reason(api, token_of, each_rag):
    row = api(url("milestones", each_rag["rebaselined"].pk), token_of("chair")).json()
    assert [(b["baseline_on"], b["reason"]) for b in row["baselines"]] == [
        ((TODAY + timedelta(days=5)).isoformat(), "First baseline"),
        ((TODAY + timedelta(days=15)).isoformat(), "Moved by the board"),
    ]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"rag": "red"}, {"red", "red overdue"}),
        ({"rag": ["green", "complete"]}, {"green", "complete"}),
        ({"overdue": "true"}, {"red overdue"}),
        ({"overdue": "false", "rag": "red"}, {"red"}),
        ({"forecast_after": (TODAY + timedelta(days=25)).isoformat()}, {"red", "rebaselined"}),
        ({"baseline_before": TODAY.isoformat()}, {"red overdue", "complete"}),
        ({"baseline_after": (TODAY + timedelta(days=15)).isoformat()}, {"rebaselined"}),
    ],
)
def test_milestone_filters(api, token_of, each_rag, params, names):
    rows = api(url("milestones"), token_of("regulator"), **params).json()["results"]
    assert {row["id"] for row in rows} == {each_rag[name].pk for name in names}


def test_ordering_by_forecast_pages_through_every_milestone(api, token_of, each_rag):
    """A milestone without a forecast sorts by its baseline, as on the milestones page."""
    token = token_of("regulator")
    body = api(url("milestones"), token, ordering="forecast_on", page_size=2).json()
    seen = [row["id"] for row in body["results"]]
    while body["next"]:
        body = api(body["next"], token).json()
        seen += [row["id"] for row in body["results"]]
    milestones = Milestone.objects.filter(pk__in=[m.pk for m in each_rag.values()])
    expected = sorted(milestones, key=lambda m: (m.forecast_on or m.baseline_on, m.pk))
    assert seen == [m.pk for m in expected]


def test_list_rows_are_the_detail_rows(api, token_of, each_rag, ours, office, system):
    """The list reads plain values (milestones.api.rows), the detail the model serializer: every
    row is the same, with a second baseline, a dependency, a gateway and people, and times in
    summer (+01:00) as in winter (Z)."""
    services.milestone_update(
        actor=office,
        milestone=ours["milestones"],
        responsible_person=factories.PersonFactory(system=system),
    )
    for set_at in (
        datetime(2019, 7, 1, 9, 30, 15, 250000, tzinfo=UTC),
        datetime(2019, 12, 2, 9, 0, tzinfo=UTC),
    ):
        Baseline(
            milestone=ours["milestones"], baseline_on=TODAY, set_by=office, set_at=set_at
        ).save()
    token = token_of("regulator")
    rows = api(url("milestones"), token, page_size=500).json()["results"]
    assert len(rows) == len(each_rag) + 2
    assert any(row["depends_on"] for row in rows) and any(row["responsible_person"] for row in rows)
    assert any(len(row["baselines"]) == 2 for row in rows)
    times = {b["set_at"] for row in rows for b in row["baselines"]}
    assert {"2019-07-01T10:30:15.250000+01:00", "2019-12-02T09:00:00Z"} <= times
    for row in rows:
        assert row == api(url("milestones", row["id"]), token).json()


@pytest.mark.parametrize("ordering", ["baseline_on", "-baseline_on", "forecast_on", "-forecast_on"])
def test_ordering_either_way(api, token_of, each_rag, ordering):
    rows = api(url("milestones"), token_of("regulator"), ordering=ordering).json()["results"]
    milestones = Milestone.objects.filter(pk__in=[m.pk for m in each_rag.values()])
    name = ordering.lstrip("-")

    def due(m):
        return m.baseline_on if name == "baseline_on" else m.forecast_on or m.baseline_on

    # Ties keep the id order, whichever way the field sorts.
    descending = ordering.startswith("-")
    expected = sorted(milestones, key=lambda m: (due(m), m.pk if not descending else -m.pk))
    expected = expected[::-1] if descending else expected
    assert [row["id"] for row in rows] == [m.pk for m in expected]


def test_a_progress_update_keeps_the_rag_it_was_reported_with(
    api, token_of, each_rag, office, in_scope
):
    milestone = each_rag["amber"]
    services.progress_update_record(
        actor=office,
        milestone=milestone,
        month=TODAY - timedelta(days=40),
        narrative="Slipping",
        forecast_on=TODAY + timedelta(days=90),
    )
    token = token_of("regulator")
    assert api(url("milestones", milestone.pk), token).json()["rag"] == "red"
    rows = api(url("progress-updates"), token, milestone=milestone.pk).json()["results"]
    assert [row["rag"] for row in sorted(rows, key=lambda r: r["month"])] == ["red", "amber"]
    month = TODAY.replace(day=1).isoformat()
    rows = api(url("progress-updates"), token, month_after=month).json()["results"]
    assert {row["month"] for row in rows} == {month}


def test_a_workstream_names_its_sro(api, token_of, ours):
    row = api(url("workstreams", ours["workstreams"].pk), token_of("lead")).json()
    assert row["sro"] == {"name": "Sam Sro", "title": "Chief Executive"}
    assert row["lead_organisation"] == ours["workstreams"].lead_organisation_id
    milestone = api(url("milestones", ours["milestones"].pk), token_of("lead")).json()
    assert milestone["depends_on"] == [ours["milestones"].dependencies.get().depends_on_id]
    assert milestone["gateway"] == ours["gateways"].pk and milestone["is_key"] is True


def test_a_list_row_has_every_baseline_and_dependency_in_order(api, token_of, ours, office):
    """The list reads baselines and dependencies in one statement beside the page: each row
    gets its own, baselines oldest first, dependencies by id, as the detail gives them."""
    milestone, workstream = ours["milestones"], ours["workstreams"]
    later = [
        services.milestone_create(
            actor=office, workstream=workstream, title=f"Later {n}", baseline_on=TODAY
        )
        for n in range(3)
    ]
    for other in reversed(later):  # added newest first: the list still gives them by id
        services.dependency_add(actor=office, milestone=milestone, depends_on=other)
    services.milestone_rebaseline(
        actor=office, milestone=milestone, baseline_on=TODAY + timedelta(days=40), reason="Delay"
    )
    token = token_of("regulator")
    rows = {row["id"]: row for row in api(url("milestones"), token).json()["results"]}
    row = rows[milestone.pk]
    first = milestone.dependencies.order_by("pk").first().depends_on_id
    assert row["depends_on"] == sorted([first, *(m.pk for m in later)])
    assert [b["reason"] for b in row["baselines"]] == [
        b.reason for b in milestone.baselines.order_by("set_at")
    ]
    assert len(row["baselines"]) == 2 and row["baseline_on"] == str(TODAY + timedelta(days=40))
    assert row["first_baseline_on"] == str(TODAY + timedelta(days=10))
    assert all(rows[m.pk]["depends_on"] == [] for m in later)
    assert [len(rows[m.pk]["baselines"]) for m in later] == [1, 1, 1]
    assert row == api(url("milestones", milestone.pk), token).json()


def test_every_seed_milestone_has_the_models_rag(client, seeds):
    admin = get_user_model().objects.create_superuser(username="api-admin", password="x")
    token = factories.api_token(admin)  # a superuser sees every seed system
    response = client.get(
        url("milestones"), {"page_size": 500}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    rows = response.json()["results"]
    milestones = {m.pk: m for m in Milestone.objects.select_related("workstream__plan")}
    assert len(rows) == len(milestones) > 0
    for row in rows:
        milestone = milestones[row["id"]]
        assert row["rag"] == milestone.rag_on(TODAY)
        assert row["slippage_days"] == milestone.slippage_days
        # The list's plain-values rows are the detail serializer's, field for field.
        detail = MilestoneSerializer(milestone, context={"today": TODAY}).data
        assert row == json.loads(JSONRenderer().render(detail))
