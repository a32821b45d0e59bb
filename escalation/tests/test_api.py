"""The escalation endpoints: read-only for every role, scoped to the user's systems, a fixed
number of queries per page, and due dates, score and rating exactly as the models derive them."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.contrib.auth import get_user_model

from core.roles import Role
from escalation import services
from escalation.api import ROUTES
from escalation.models import (
    EscalationStep,
    Risk,
)
from tests import factories
from tests.permissions.api_scoping import (
    check_other_system_sees_own_rows_only,
    check_reads_own_system_only,
    url,
)
from tests.permissions.roles import ROLES

pytestmark = pytest.mark.django_db

TODAY = date.today()
EXPLANATION = "A written explanation: reasons, mitigations and a revised timetable"
# Every registered endpoint is in the matrix: a new route cannot skip these tests.
MODELS = {prefix: viewset.model for prefix, viewset in ROUTES}
ENDPOINTS = list(MODELS)
SEQUENCE = count()


@pytest.fixture
def api(client):
    def get(path, token, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


@pytest.fixture
def token_of(user_for, office):
    """A token for the standing user of a role (or the outsider)."""
    return lambda role: factories.api_token(user_for(role))


def build(system, actor, organisation=None, name="Trust actions", raised_on=TODAY) -> dict:
    """A two-step route, a milestone, a risk threatening it and a case about it."""
    board = factories.CommitteeFactory(system=system, name=f"{name} board")
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    milestone = factories.MilestoneFactory(workstream=workstream, title=f"{name} milestone")
    route = services.route_create(
        actor=actor,
        system=system,
        name=name,
        clause="Schedule 2, escalation table",
        agreement=factories.AgreementFactory(system=system),
        covers_organisation=organisation,
        covers_workstream=workstream,
        steps=[
            {
                "order": 1,
                "escalate_to_role": "Director of commissioning",
                "response_required": EXPLANATION,
                "response_due_days": 14,
                "step_up_after_days": 30,
            },
            {"order": 2, "escalate_to_committee": board},
        ],
    )
    risk = services.risk_create(
        actor=actor,
        system=system,
        reference=f"R-{name}",
        title="Workforce supply",
        category="workforce",
        likelihood=4,
        impact=4,
        workstreams=[workstream],
        milestones=[milestone],
    )
    case = services.case_raise(
        actor=actor,
        route=route,
        reason="Forecast slipped beyond tolerance",
        raised_on=raised_on,
        milestone=milestone,
        organisation=organisation,
    )
    return {"escalation-routes": route, "escalation-cases": case, "risks": risk, "board": board}


@pytest.fixture
def ours(system, office, organisation, in_scope):
    return build(system, office, organisation, raised_on=TODAY - timedelta(days=20))


@pytest.fixture
def theirs(other_system, outsider, in_scope):
    return build(other_system, outsider, name="Beta route")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_every_role_reads_own_system_only(api, token_of, role, prefix, ours, theirs, system):
    check_reads_own_system_only(
        api, token_of(role), prefix, MODELS[prefix], ours[prefix], theirs[prefix], system
    )


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_the_other_system_sees_its_own_rows_only(api, token_of, prefix, ours, theirs):
    check_other_system_sees_own_rows_only(
        api, token_of("outsider"), prefix, ours[prefix], theirs[prefix]
    )


@pytest.mark.parametrize(
    ("prefix", "param", "key"),
    [
        ("escalation-routes", "system", None),
        ("escalation-cases", "system", None),
        ("escalation-cases", "route", "escalation-routes"),
        ("risks", "system", None),
    ],
)
def test_a_filter_cannot_name_another_systems_object(
    api, token_of, prefix, param, key, ours, theirs, other_system
):
    value = other_system.pk if key is None else theirs[key].pk
    response = api(url(prefix), token_of(Role.REGULATOR), **{param: value})
    assert response.status_code == 400
    assert param in response.json()


def grow(system, n: int) -> None:
    """n more routes (two steps each), risks (linked to a workstream and a milestone) and cases
    (each on its own milestone, with two events)."""
    actor = get_user_model().objects.get(username="alice")
    for _ in range(n):
        built = build(system, actor, name=f"Route {next(SEQUENCE)}")
        services.case_flag(actor=actor, case=built["escalation-cases"], flagged=True)


# Every request: the token, joined to its user and the user's accesses (the systems in scope).
# A token used within the minute writes nothing (its first use is counted in partners' API
# tests), so each test uses its token once before counting. Then the page and each prefetch.
REQUEST = 1
PAGE_QUERIES = {
    # routes joined to agreement and what they cover; steps joined to committee, organisation
    "escalation-routes": 2,
    # cases joined to route, current step, subject and organisation; events joined to user
    "escalation-cases": 2,
    # risks; their workstream links; their milestone links
    "risks": 3,
}


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_page_costs_the_same_queries_for_2_or_20_rows(
    api, token_of, prefix, system, in_scope, django_assert_num_queries
):
    token = token_of(Role.REGULATOR)
    api(url(prefix), token)  # its first use, recorded
    for n, total in ((2, 2), (18, 20)):
        grow(system, n)
        with django_assert_num_queries(REQUEST + PAGE_QUERIES[prefix]):
            rows = api(url(prefix), token).json()["results"]
        assert len(rows) == total


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "rating"),
    [
        (1, 3, 3, "low"),
        (2, 2, 4, "moderate"),
        (2, 3, 6, "moderate"),
        (2, 4, 8, "high"),
        (3, 4, 12, "high"),
        (3, 5, 15, "extreme"),
        (5, 5, 25, "extreme"),
        (None, 4, None, None),
    ],
)
def test_risk_score_and_rating_are_the_rules(
    api, token_of, system, likelihood, impact, score, rating
):
    risk = factories.RiskFactory(system=system, likelihood=likelihood, impact=impact)
    row = api(url("risks", risk.pk), token_of(Role.REGULATOR)).json()
    assert (row["score"], row["rating"]) == (risk.score, risk.rating) == (score, rating)


@pytest.fixture
def register(system):
    """Risks by name across the bands, and one not yet scored."""
    return {
        "low": factories.RiskFactory(system=system, likelihood=1, impact=2),
        "moderate": factories.RiskFactory(system=system, likelihood=2, impact=3),
        "high": factories.RiskFactory(system=system, likelihood=3, impact=4, category="financial"),
        "extreme": factories.RiskFactory(system=system, likelihood=5, impact=4, status="closed"),
        "unscored": factories.RiskFactory(system=system, likelihood=None, impact=3),
    }


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"rating": "high"}, {"high"}),
        ({"rating": "unscored"}, {"unscored"}),
        ({"min_score": 12}, {"high", "extreme"}),
        ({"min_score": 13}, {"extreme"}),
        ({"category": "financial"}, {"high"}),
        ({"status": "open", "min_score": 1}, {"low", "moderate", "high"}),
    ],
)
def test_risk_filters(api, token_of, register, params, names):
    rows = api(url("risks"), token_of(Role.CHAIR), **params).json()["results"]
    assert {row["id"] for row in rows} == {register[name].pk for name in names}


def test_a_risk_names_what_it_threatens(api, token_of, ours):
    risk = ours["risks"]
    row = api(url("risks", risk.pk), token_of(Role.PARTNER_LEAD)).json()
    assert row["workstreams"] == [ours["escalation-routes"].covers_workstream_id]
    assert row["milestones"] == [ours["escalation-cases"].milestone_id]


def test_a_route_lists_what_it_covers_and_its_steps_in_order(api, token_of, ours, organisation):
    route = ours["escalation-routes"]
    row = api(url("escalation-routes", route.pk), token_of(Role.REGULATOR)).json()
    assert row["covers"] == {
        "organisation": organisation.pk,
        "organisation_kind": "",
        "workstream": route.covers_workstream_id,
        "commitment": None,
    }
    assert [(s["order"], s["escalate_to_committee"]) for s in row["steps"]] == [
        (1, None),
        (2, ours["board"].pk),
    ]
    assert row["steps"][0]["response_required"] == EXPLANATION
    assert row["steps"][0]["response_due_days"] == 14


def test_a_case_shows_its_due_dates_response_and_events(
    api, token_of, ours, office, lead, in_scope
):
    office.first_name, office.last_name = "Alice", "Example"
    office.save()
    case = ours["escalation-cases"]
    token = token_of(Role.REGULATOR)
    row = api(url("escalation-cases", case.pk), token).json()
    assert row["current_step"] == 1 and row["status"] == "awaiting_response"
    assert row["subject"] == case.subject_label == case.milestone.title
    assert row["response_due_on"] == case.response_due_on.isoformat()
    assert row["response_due_on"] == (TODAY - timedelta(days=6)).isoformat()
    assert row["step_up_due_on"] == (TODAY + timedelta(days=10)).isoformat()

    services.case_respond(
        actor=lead,
        case=case,
        reasons="Recruitment delays",
        mitigations="Agency cover",
        revised_timetable="By March",
        responded_on=TODAY,
    )
    # Stepping up waits for the step's period: shortened here so that it has run by today.
    EscalationStep.objects.filter(pk=case.current_step_id).update(step_up_after_days=20)
    case.refresh_from_db()
    services.case_step_up(actor=office, case=case, on=TODAY, note="No improvement")
    row = api(url("escalation-cases", case.pk), token).json()
    assert row["response"] == {
        "reasons": "Recruitment delays",
        "mitigations": "Agency cover",
        "revised_timetable": "By March",
        "responded_on": TODAY.isoformat(),
    }
    # The second step sets no deadlines.
    assert (row["current_step"], row["step_since"]) == (2, TODAY.isoformat())
    assert row["response_due_on"] is None and row["step_up_due_on"] is None
    assert [
        (e["action"], e["from_status"], e["to_status"], e["step_order"]) for e in row["events"]
    ] == [
        ("raise", "", "awaiting_response", 1),
        ("respond", "awaiting_response", "responded", 1),
        ("step_up", "responded", "stepped_up", 2),
    ]
    assert [e["who"] for e in row["events"]] == ["Alice Example", "bob", "Alice Example"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "awaiting_response"}, {"old"}),
        ({"status": ["open", "closed"]}, {"new"}),
        ({"flagged": "true"}, {"new"}),
        ({"step": 1}, {"old", "new"}),
        ({"step": 2}, set()),
        ({"raised_after": (TODAY - timedelta(days=5)).isoformat()}, {"new"}),
        ({"raised_before": (TODAY - timedelta(days=5)).isoformat()}, {"old"}),
    ],
)
def test_case_filters(api, token_of, ours, office, params, expected):
    route = ours["escalation-routes"]
    other = services.route_create(
        actor=office,
        system=route.system,
        name="Open",
        steps=[{"order": 1, "escalate_to_role": "CEO"}],
    )
    new = services.case_raise(
        actor=office, route=other, reason="Late", raised_on=TODAY, subject_text="Estates plan"
    )
    services.case_flag(actor=office, case=new, flagged=True)
    cases = {"old": ours["escalation-cases"], "new": new}
    rows = api(url("escalation-cases"), token_of(Role.REGULATOR), **params).json()["results"]
    assert {row["id"] for row in rows} == {cases[name].pk for name in expected}
    rows = api(url("escalation-cases"), token_of(Role.REGULATOR), route=other.pk).json()["results"]
    assert [(row["id"], row["subject"]) for row in rows] == [(new.pk, "Estates plan")]


def test_every_seed_risk_has_the_rules_score_and_rating(client, seeds):
    admin = get_user_model().objects.create_superuser(username="api-admin", password="x")
    token = factories.api_token(admin)  # a superuser sees every seed system
    response = client.get(url("risks"), {"page_size": 500}, HTTP_AUTHORIZATION=f"Bearer {token}")
    risks = {risk.pk: risk for risk in Risk.objects.all()}
    assert len(response.json()["results"]) == len(risks) > 0
    for row in response.json()["results"]:
        assert (row["score"], row["rating"]) == (risks[row["id"]].score, risks[row["id"]].rating)
