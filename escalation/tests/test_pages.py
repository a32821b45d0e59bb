"""The escalation board, case pages, routes and the risk register, for every role."""

from datetime import date, timedelta

import pytest

from escalation import services
from escalation.models import CaseEvent, EscalationCase, Risk
from tests import factories

pytestmark = pytest.mark.django_db

EXPLANATION = "Written explanation covering reasons, mitigations and a revised timetable"
TODAY = date.today()


@pytest.fixture
def route(system, office, organisation, partner, in_scope):
    """Alpha's route for its trust's actions: a written explanation first, then the board."""
    board = factories.CommitteeFactory(system=system, name="Local Oversight Group")
    return services.route_create(
        actor=office,
        system=system,
        name="Trust actions",
        clause="Schedule 2, escalation table",
        agreement=factories.AgreementFactory(system=system, title="Alpha MoU"),
        covers_organisation=organisation,
        steps=[
            {
                "order": 1,
                "escalate_to_organisation": partner,
                "response_required": EXPLANATION,
                "response_due_days": 14,
                "step_up_after_days": 30,
            },
            {"order": 2, "escalate_to_committee": board, "response_required": ""},
        ],
    )


@pytest.fixture
def case(route, office):
    """Raised 40 days ago, so its 14-day response is overdue."""
    return services.case_raise(
        actor=office,
        route=route,
        reason="Implementation plan not received",
        raised_on=TODAY - timedelta(days=40),
        subject_text="Implementation plan",
    )


@pytest.fixture
def risk(system):
    return factories.RiskFactory(
        system=system, reference="R1", title="Workforce supply", likelihood=4, impact=4
    )


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


def action_url(system, case, action: str) -> str:
    return f"/s/{system.slug}/escalations/{case.pk}/{action}/"


RESPONSE = {
    "respond-reasons": "Capacity in the finance team",
    "respond-mitigations": "Interim support from the CSU",
    "respond-revised_timetable": "Plan by the end of next month",
    "respond-responded_on": TODAY.isoformat(),
}


def reload(case: EscalationCase) -> EscalationCase:
    return EscalationCase.objects.get(pk=case.pk)


# Who sees what ---------------------------------------------------------------------------------


def test_regulator_sees_no_edit_control(client, regulator, system, case, risk):
    client.force_login(regulator)
    board = client.get(f"/s/{system.slug}/escalations/").content.decode()
    assert "Raise a case" not in board
    detail = client.get(f"/s/{system.slug}/escalations/{case.pk}/").content.decode()
    for action in ("respond", "resolve", "step-up", "close", "flag"):
        assert action_url(system, case, action) not in detail
    assert (
        "Update the risk" not in client.get(f"/s/{system.slug}/risks/{risk.pk}/").content.decode()
    )
    assert client.get(f"/s/{system.slug}/escalations/new/").status_code == 403


def test_regulator_posts_are_refused_and_change_nothing(client, regulator, system, case, risk):
    client.force_login(regulator)
    events = CaseEvent.objects.count()
    history = case.history.count()
    posts = [
        (action_url(system, case, "respond"), RESPONSE),
        (action_url(system, case, "resolve"), {}),
        (action_url(system, case, "step-up"), {"step_up-on": TODAY.isoformat()}),
        (action_url(system, case, "close"), {"close-note": "Done"}),
        (action_url(system, case, "flag"), {"flag-flagged": "1"}),
        (f"/s/{system.slug}/escalations/new/", {"route": case.route_id, "reason": "x"}),
        (
            f"/s/{system.slug}/risks/{risk.pk}/",
            {"likelihood": "1", "impact": "1", "status": "open"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    stored = reload(case)
    assert (stored.status, stored.flagged_for_chair, stored.response_reasons) == (
        "awaiting_response",
        False,
        "",
    )
    assert (CaseEvent.objects.count(), case.history.count()) == (events, history)
    assert EscalationCase.objects.count() == 1
    assert (Risk.objects.get(pk=risk.pk).likelihood, risk.history.count()) == (4, 1)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        # Resolving waits for the response (rules.TRANSITIONS), so it is not offered yet.
        ("office", {"respond", "step-up", "close", "flag"}),
        ("lead", {"respond"}),  # the case's organisation is the lead's
        ("chair", {"flag"}),
        ("regulator", set()),
    ],
)
def test_each_role_is_offered_only_its_actions(request, client, role, shown, system, case):
    client.force_login(request.getfixturevalue(role))
    detail = client.get(f"/s/{system.slug}/escalations/{case.pk}/").content.decode()
    offered = {
        a
        for a in ("respond", "resolve", "step-up", "close", "flag")
        if action_url(system, case, a) in detail
    }
    assert offered == shown


def test_other_roles_cannot_take_the_offices_actions(client, lead, chair, system, case):
    client.force_login(lead)
    assert client.post(action_url(system, case, "close"), {"close-note": "x"}).status_code == 403
    assert client.post(action_url(system, case, "flag"), {"flag-flagged": "1"}).status_code == 403
    client.force_login(chair)
    assert client.post(action_url(system, case, "respond"), RESPONSE).status_code == 403
    assert client.post(action_url(system, case, "resolve"), {}).status_code == 403
    assert reload(case).status == "awaiting_response"


def test_without_an_organisation_only_the_office_may_respond(client, lead, office, route):
    case = services.case_raise(
        actor=office,
        route=route,
        reason="Late",
        raised_on=TODAY,
        subject_text="Estates plan",
    )
    case.organisation = None
    case.save()
    client.force_login(lead)
    assert "Not set" in client.get(f"/s/{route.system.slug}/escalations/").content.decode()
    assert client.post(action_url(route.system, case, "respond"), RESPONSE).status_code == 403
    client.force_login(office)
    assert client.post(action_url(route.system, case, "respond"), RESPONSE).status_code == 302


# The case's life through the pages -------------------------------------------------------------


def test_lead_responds_and_it_is_in_the_history(client, lead, system, case):
    client.force_login(lead)
    response = client.post(action_url(system, case, "respond"), RESPONSE, follow=True)
    assert "Response recorded." in response.content.decode()
    assert "Interim support from the CSU" in response.content.decode()
    stored = reload(case)
    assert (stored.status, stored.responded_on) == ("responded", TODAY)
    assert stored.history.first().history_user == lead
    assert stored.events.last().by == lead


def test_a_response_missing_parts_shows_the_messages_and_saves_nothing(client, lead, system, case):
    client.force_login(lead)
    data = {**RESPONSE, "respond-mitigations": " ", "respond-revised_timetable": ""}
    response = client.post(action_url(system, case, "respond"), data)
    assert response.status_code == 200
    form = response.context["actions"]["respond"]
    assert form.errors["mitigations"] == ["Give the mitigations."]
    assert form.errors["revised_timetable"] == ["Give the revised delivery timetable."]
    assert 'id="id_respond-mitigations-error"' in response.content.decode()
    assert reload(case).status == "awaiting_response"


def test_resolving_before_the_response_is_refused_on_the_page(client, office, system, case):
    client.force_login(office)
    response = client.post(action_url(system, case, "resolve"), {"resolve-note": "Done"})
    assert response.status_code == 200
    assert "A case that is awaiting response cannot be resolved." in response.content.decode()
    assert reload(case).status == "awaiting_response"
    assert case.events.count() == 1


def test_resolving_without_the_response_a_later_step_requires_is_refused(
    client, office, system, in_scope
):
    route = services.route_create(
        actor=office,
        system=system,
        name="Two steps",
        steps=[
            {"order": 1, "escalate_to_role": "Programme director"},
            {"order": 2, "escalate_to_role": "Chair", "response_required": EXPLANATION},
        ],
    )
    case = services.case_raise(
        actor=office, route=route, reason="Late", raised_on=TODAY, subject_text="Estates"
    )
    services.case_step_up(actor=office, case=case, on=TODAY)
    client.force_login(office)
    detail = client.get(f"/s/{system.slug}/escalations/{case.pk}/").content.decode()
    assert action_url(system, case, "resolve") in detail
    response = client.post(action_url(system, case, "resolve"), {"resolve-note": "Done"})
    assert response.status_code == 200
    assert "This step requires a response before the case can be resolved" in (
        response.content.decode()
    )
    assert reload(case).status == "stepped_up"


def test_office_resolves_after_the_response(client, office, lead, system, case):
    client.force_login(lead)
    client.post(action_url(system, case, "respond"), RESPONSE)
    client.force_login(office)
    response = client.post(action_url(system, case, "resolve"), {"resolve-note": "Plan in"})
    assert response.status_code == 302
    stored = reload(case)
    assert stored.status == "resolved"
    assert stored.history.first().history_user == office
    assert [e.action for e in stored.events.all()] == ["raise", "respond", "resolve"]


def test_closing_needs_a_reason_next_to_the_field(client, office, system, case):
    client.force_login(office)
    response = client.post(action_url(system, case, "close"), {"close-note": ""})
    assert response.status_code == 200
    assert response.context["actions"]["close"].errors["note"] == [
        "Say why the case is being closed."
    ]
    assert 'id="id_close-note-error"' in response.content.decode()
    assert reload(case).status == "awaiting_response"
    response = client.post(action_url(system, case, "close"), {"close-note": "Superseded"})
    assert response.status_code == 302
    assert reload(case).status == "closed"


def test_step_up_moves_to_the_next_step_and_then_is_no_longer_offered(client, office, system, case):
    client.force_login(office)
    response = client.post(
        action_url(system, case, "step-up"), {"step_up-on": TODAY.isoformat(), "step_up-note": ""}
    )
    assert response.status_code == 302
    stored = reload(case)
    assert (stored.current_step.order, stored.status) == (2, "stepped_up")
    assert stored.history.first().history_user == office
    detail = client.get(f"/s/{system.slug}/escalations/{case.pk}/").content.decode()
    assert action_url(system, case, "step-up") not in detail
    assert "Local Oversight Group" in detail


def test_stepping_up_from_the_last_step_says_why_not(client, office, system, case):
    services.case_step_up(actor=office, case=case, on=TODAY)
    client.force_login(office)
    response = client.post(action_url(system, case, "step-up"), {"step_up-on": TODAY.isoformat()})
    assert response.status_code == 200
    assert "This case is already at the last step of its route." in response.content.decode()
    assert reload(case).events.count() == 2


def test_a_bad_step_up_date_shows_next_to_the_field(client, office, system, case):
    client.force_login(office)
    response = client.post(action_url(system, case, "step-up"), {"step_up-on": "31/02/2020"})
    assert response.status_code == 200
    assert response.context["actions"]["step_up"].errors["on"]
    assert reload(case).current_step.order == 1


def test_chair_flags_and_unflags_for_the_report(client, chair, system, case):
    client.force_login(chair)
    response = client.post(action_url(system, case, "flag"), {"flag-flagged": "1"})
    assert response.status_code == 302
    stored = reload(case)
    assert stored.flagged_for_chair
    assert stored.history.first().history_user == chair
    # The same form sent twice does not undo it.
    client.post(action_url(system, case, "flag"), {"flag-flagged": "1"})
    assert reload(case).flagged_for_chair
    client.post(action_url(system, case, "flag"), {"flag-flagged": "0"})
    assert not reload(case).flagged_for_chair
    assert [e.action for e in case.events.all()] == ["raise", "flag", "unflag"]


def test_detail_shows_the_step_response_and_event_log(client, office, lead, system, case):
    client.force_login(lead)
    client.post(action_url(system, case, "respond"), RESPONSE)
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/escalations/{case.pk}/").content.decode()
    for text in (
        "Implementation plan",
        "Trust actions",
        EXPLANATION,
        "Capacity in the finance team",
        "Plan by the end of next month",
        "Awaiting response",  # the event log's first status
        "History of changes",
        (TODAY - timedelta(days=26)).strftime("%-d %B %Y"),  # response due: 14 days after raising
    ):
        assert text in page, text


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


@pytest.mark.parametrize("role", ["lead", "chair"])
def test_only_the_office_raises_cases(request, client, role, system, route):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/s/{system.slug}/escalations/new/").status_code == 403


# The board -------------------------------------------------------------------------------------


def test_board_cards_show_what_the_case_needs(client, office, chair, system, case):
    client.force_login(chair)
    client.post(action_url(system, case, "flag"), {"flag-flagged": "1"})
    page = client.get(f"/s/{system.slug}/escalations/").content.decode()
    for text in (
        "Step 1",
        "Step 2",
        "Implementation plan",
        "Trust actions",
        "ORG",  # the organisation asked to respond, by its short name
        "Awaiting response",
        "40 days",
        "Overdue",
        "Flagged for chair",
    ):
        assert text in page, text


def test_board_filters(client, office, system, case, route):
    other = services.case_raise(
        actor=office,
        route=route,
        reason="Late",
        raised_on=TODAY - timedelta(days=40),  # the step's 30 days have run
        subject_text="Estates strategy",
    )
    services.case_step_up(actor=office, case=other, on=TODAY)
    client.force_login(office)
    base = f"/s/{system.slug}/escalations/"

    def subjects(query: str) -> set[str]:
        response = client.get(base + query)
        cards = [c for _, column in response.context["columns"] for c in column]
        return {c.case.subject_text for c in cards}

    assert subjects("") == {"Implementation plan", "Estates strategy"}
    assert subjects("?step=2") == {"Estates strategy"}
    assert subjects("?status=awaiting_response") == {"Implementation plan"}
    assert subjects("?flagged=1") == set()
    assert subjects("?flagged=0") == {"Implementation plan", "Estates strategy"}
    assert subjects(f"?route={route.pk}") == {"Implementation plan", "Estates strategy"}
    assert subjects("?route=999999&step=nonsense") == {"Implementation plan", "Estates strategy"}
    assert [n for n, _ in client.get(base + "?step=2").context["columns"]] == [2]


def test_resolved_and_closed_cases_are_listed_on_request(client, office, system, case):
    services.case_close(actor=office, case=case, note="Superseded")
    client.force_login(office)
    base = f"/s/{system.slug}/escalations/"
    assert "Resolved and closed cases" not in client.get(base).content.decode()
    page = client.get(base + "?closed=on").content.decode()
    assert "Resolved and closed cases" in page
    assert "Implementation plan" in page
    assert "Implementation plan" in client.get(base + "?status=closed").content.decode()


def _cases(office, route, count: int) -> None:
    for n in range(count):
        case = services.case_raise(
            actor=office,
            route=route,
            reason="Late",
            raised_on=TODAY - timedelta(days=40),  # so it may be stepped up today
            subject_text=f"Case {n}",
        )
        if n % 3 == 0:
            services.case_flag(actor=office, case=case, flagged=True)
        if n % 4 == 0:
            services.case_close(actor=office, case=case, note="Done")
        elif n % 5 == 0:
            services.case_step_up(actor=office, case=case, on=TODAY)


@pytest.mark.parametrize("count", [2, 20])
def test_board_queries_do_not_grow_with_cases(
    client, office, system, route, count, django_assert_num_queries
):
    _cases(office, route, count)
    client.force_login(office)
    # 1 session, 2 user, 3 the user's accesses, 4 the system from the URL, 5 step positions
    # (the columns), 6 open cases with route, step, subject and organisation, 7 closed cases
    # counted, 8 one page of them, 9 the header's system switcher, 10 the routes in the filter,
    # 11-13 savepoint, session update (the system is remembered), release.
    with django_assert_num_queries(13):
        response = client.get(f"/s/{system.slug}/escalations/?closed=on")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_route_list_queries_do_not_grow_with_routes(
    client, office, system, count, django_assert_num_queries
):
    agreement = factories.AgreementFactory(system=system)
    committee = factories.CommitteeFactory(system=system)
    for n in range(count):
        route = factories.EscalationRouteFactory(system=system, agreement=agreement)
        factories.EscalationStepFactory(route=route, order=1, escalate_to_committee=committee)
        factories.EscalationStepFactory(route=route, order=2, escalate_to_role=f"Role {n}")
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 routes counted (paginator), 6 one page of
    # routes with agreement and coverage, 7 their steps with committee and organisation, 8 the
    # header's system switcher, 9-11 savepoint, session update, release.
    with django_assert_num_queries(11):
        response = client.get(f"/s/{system.slug}/escalations/routes/")
    assert response.status_code == 200


# Risks -----------------------------------------------------------------------------------------


def test_heat_map_counts_open_risks_and_links_to_the_cell(client, office, system):
    factories.RiskFactory(system=system, reference="R1", likelihood=5, impact=5)
    factories.RiskFactory(system=system, reference="R2", likelihood=5, impact=5)
    factories.RiskFactory(system=system, reference="R3", likelihood=2, impact=1)
    factories.RiskFactory(system=system, reference="R4", likelihood=5, impact=5, status="closed")
    factories.RiskFactory(system=system, reference="R5", likelihood=None, impact=None)
    client.force_login(office)
    response = client.get(f"/s/{system.slug}/risks/")
    heat_map = response.context["heat_map"]
    top = heat_map.rows[0]
    assert top["likelihood"] == 5
    assert [(c["count"], c["rating"]) for c in top["cells"]][4] == (2, "extreme")
    assert heat_map.rows[3]["cells"][0]["count"] == 1  # likelihood 2, impact 1
    assert heat_map.rows[3]["cells"][0]["rating"] == "low"
    assert heat_map.unscored == 1
    page = response.content.decode()
    assert "?likelihood=5&amp;impact=5&amp;status=open" in page
    assert "app-heatmap__extreme" in page
    assert "Not scored" in page
    cell = client.get(f"/s/{system.slug}/risks/?likelihood=5&impact=5&status=open")
    assert [r.reference for r, _ in cell.context["rows"]] == ["R1", "R2"]


def test_risk_filters_and_sorting(client, office, system):
    factories.RiskFactory(system=system, reference="R1", likelihood=1, impact=2)  # 2 low
    factories.RiskFactory(
        system=system, reference="R2", likelihood=3, impact=4, category="financial"
    )  # 12 high
    factories.RiskFactory(system=system, reference="R3", likelihood=5, impact=4)  # 20 extreme
    factories.RiskFactory(system=system, reference="R4", likelihood=None, impact=3)
    client.force_login(office)
    base = f"/s/{system.slug}/risks/"

    def refs(query: str) -> list[str]:
        return [r.reference for r, _ in client.get(base + query).context["rows"]]

    assert refs("?order=-score") == ["R3", "R2", "R1", "R4"]
    assert refs("?order=score") == ["R1", "R2", "R3", "R4"]
    assert refs("?order=-reference") == ["R4", "R3", "R2", "R1"]
    assert refs("?order=nonsense") == ["R1", "R2", "R3", "R4"]
    assert refs("?rating=high") == ["R2"]
    assert refs("?rating=unscored") == ["R4"]
    assert refs("?category=financial") == ["R2"]
    assert refs("?likelihood=5&impact=4") == ["R3"]
    page = client.get(base + "?order=-score").content.decode()
    assert 'aria-sort="descending"' in page


def test_risk_list_is_paginated(client, office, system):
    for n in range(30):
        factories.RiskFactory(system=system, reference=f"R{n:02d}")
    client.force_login(office)
    first = client.get(f"/s/{system.slug}/risks/?category=operational")
    assert len(first.context["rows"]) == 25
    assert "category=operational&amp;page=2" in first.content.decode()
    second = client.get(f"/s/{system.slug}/risks/?category=operational&page=2")
    assert len(second.context["rows"]) == 5


@pytest.mark.parametrize("count", [2, 20])
def test_risk_list_queries_do_not_grow_with_risks(
    client, office, system, organisation, count, django_assert_num_queries
):
    owner = factories.PersonFactory(system=system, organisation=organisation)
    for n in range(count):
        factories.RiskFactory(
            system=system,
            owner=owner if n % 2 else None,
            owner_organisation=organisation,
            likelihood=n % 5 + 1,
            impact=(n * 2) % 5 + 1,
        )
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 risks counted (paginator), 6 one page of risks
    # with owner, owner's organisation and sortable score, 7 the heat map's counts by likelihood
    # and impact, 8 the header's system switcher, 9-11 savepoint, session update, release.
    with django_assert_num_queries(11):
        response = client.get(f"/s/{system.slug}/risks/?order=-score")
    assert response.status_code == 200


def test_office_updates_a_risk_and_it_is_in_the_history(client, office, system, risk, in_scope):
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/risks/{risk.pk}/",
        {
            "likelihood": "2",
            "impact": "3",
            "mitigations": "Recruitment campaign",
            "status": "open",
            "review_on": "2030-01-31",
        },
        follow=True,
    )
    assert "R1 updated." in response.content.decode()
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.likelihood, stored.impact, stored.score, stored.rating) == (2, 3, 6, "moderate")
    assert stored.review_on == date(2030, 1, 31)
    assert stored.history.first().history_user == office
    assert "Recruitment campaign" in response.content.decode()


@pytest.mark.parametrize("value", ["7", "0", "high"])
def test_out_of_range_scores_are_refused_next_to_the_field(
    client, office, system, risk, value, in_scope
):
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/risks/{risk.pk}/",
        {"likelihood": value, "impact": "3", "status": "open"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["likelihood"] == [
        "Choose a likelihood from 1 (rare) to 5."
    ]
    assert 'id="id_likelihood-error"' in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).impact == 4
    assert risk.history.count() == 1


@pytest.mark.parametrize("role", ["lead", "chair"])
def test_only_the_office_edits_risks(request, client, role, system, risk, in_scope):
    client.force_login(request.getfixturevalue(role))
    assert (
        "Update the risk" not in client.get(f"/s/{system.slug}/risks/{risk.pk}/").content.decode()
    )
    response = client.post(
        f"/s/{system.slug}/risks/{risk.pk}/", {"likelihood": "1", "impact": "1", "status": "open"}
    )
    assert response.status_code == 403
    assert Risk.objects.get(pk=risk.pk).likelihood == 4


def test_risk_detail_shows_links_and_history(client, office, system, in_scope):
    workstream = factories.WorkstreamFactory(
        plan=factories.PlanFactory(system=system), code="B", name="Urgent care"
    )
    milestone = factories.MilestoneFactory(workstream=workstream, title="Hub open")
    risk = services.risk_create(
        actor=office,
        system=system,
        reference="R9",
        title="Winter pressures",
        category="operational",
        likelihood=4,
        impact=4,
        workstreams=[workstream],
        milestones=[milestone],
    )
    services.risk_update(actor=office, risk=risk, mitigations="Bank staff")
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/risks/{risk.pk}/").content.decode()
    for text in ("B. Urgent care", "Hub open", "Bank staff", "History of changes", "Extreme (16)"):
        assert text in page, text
