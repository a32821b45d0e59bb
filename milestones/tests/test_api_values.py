"""The milestones endpoints' values: RAG and slippage from the model's own functions, baselines,
filters, ordering and the seed milestones."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from rest_framework.renderers import JSONRenderer

from core.roles import Role
from milestones import services
from milestones.api.serializers import MilestoneSerializer
from milestones.models import (
    Baseline,
    Milestone,
)
from milestones.tests.api_helpers import TODAY
from tests import factories
from tests.permissions.api_scoping import url

pytestmark = pytest.mark.django_db


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
        # No forecast and its baseline passed five days ago: late by those five days.
        ("red overdue", "red", 5),
        ("complete", "complete", 0),
        ("rebaselined", "amber", 20),
    ],
)
def test_rag_and_slippage_are_the_models(api, token_of, each_rag, name, rag, slippage):
    milestone = Milestone.objects.get(pk=each_rag[name].pk)
    row = api(url("milestones", milestone.pk), token_of(Role.REGULATOR)).json()
    assert row["rag"] == milestone.rag_on(TODAY) == rag
    assert row["slippage_days"] == milestone.slippage_days == slippage
    assert row["first_baseline_on"] == milestone.first_baseline_on.isoformat()
    assert row["baselines"][0]["baseline_on"] == row["first_baseline_on"]


def test_rebaselining_is_listed_with_its_reason(api, token_of, each_rag):
    row = api(url("milestones", each_rag["rebaselined"].pk), token_of(Role.CHAIR)).json()
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
    rows = api(url("milestones"), token_of(Role.REGULATOR), **params).json()["results"]
    assert {row["id"] for row in rows} == {each_rag[name].pk for name in names}


def test_ordering_by_forecast_pages_through_every_milestone(api, token_of, each_rag):
    """A milestone without a forecast sorts by its baseline, as on the milestones page."""
    token = token_of(Role.REGULATOR)
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
    token = token_of(Role.REGULATOR)
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
    rows = api(url("milestones"), token_of(Role.REGULATOR), ordering=ordering).json()["results"]
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
    token = token_of(Role.REGULATOR)
    assert api(url("milestones", milestone.pk), token).json()["rag"] == "red"
    rows = api(url("progress-updates"), token, milestone=milestone.pk).json()["results"]
    assert [row["rag"] for row in sorted(rows, key=lambda r: r["month"])] == ["red", "amber"]
    month = TODAY.replace(day=1).isoformat()
    rows = api(url("progress-updates"), token, month_after=month).json()["results"]
    assert {row["month"] for row in rows} == {month}


def test_a_workstream_names_its_sro(api, token_of, ours):
    row = api(url("workstreams", ours["workstreams"].pk), token_of(Role.PARTNER_LEAD)).json()
    assert row["sro"] == {"name": "Sam Sro", "title": "Chief Executive"}
    assert row["lead_organisation"] == ours["workstreams"].lead_organisation_id
    milestone = api(url("milestones", ours["milestones"].pk), token_of(Role.PARTNER_LEAD)).json()
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
    token = token_of(Role.REGULATOR)
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


def test_a_withdrawn_milestone_says_so_in_the_list_and_the_detail(api, token_of, each_rag, office):
    gone = services.milestone_withdraw(
        actor=office, milestone=each_rag["green"], reason="Merged into another"
    )
    token = token_of(Role.REGULATOR)
    detail = api(url("milestones", gone.pk), token).json()
    assert (detail["withdrawn_on"], detail["withdrawal_reason"]) == (
        gone.withdrawn_on.isoformat(),
        "Merged into another",
    )
    rows = api(url("milestones"), token).json()["results"]
    assert next(row for row in rows if row["id"] == gone.pk) == detail
    assert all(row["withdrawn_on"] is None for row in rows if row["id"] != gone.pk)
    only = api(url("milestones"), token, withdrawn="true").json()["results"]
    assert [row["id"] for row in only] == [gone.pk]
    rest = api(url("milestones"), token, withdrawn="false").json()["results"]
    assert gone.pk not in {row["id"] for row in rest} and len(rest) == len(each_rag) - 1
