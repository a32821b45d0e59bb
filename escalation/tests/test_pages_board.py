"""The escalation board: its cards, its filters and what it costs."""

from datetime import timedelta

import pytest

from escalation import services
from escalation.tests.page_helpers import TODAY, action_url
from tests import factories

pytestmark = pytest.mark.django_db


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
    # Waiting past its step's days with no response: the card the board flags "Overdue".
    assert subjects("?overdue=on") == {"Implementation plan"}
    overdue = client.get(base + "?overdue=on&closed=on")
    assert overdue.context["closed"] is None  # a closed case waits for no response
    csv = b"".join(client.get(base + "?overdue=on&format=csv").streaming_content).decode()
    assert "Implementation plan" in csv and "Estates strategy" not in csv


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
    factories.routes_with_steps(system, count)
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 routes counted (paginator), 6 one page of
    # routes with agreement and coverage, 7 their steps with committee and organisation, 8 the
    # parties and their kinds (routing by organisation kind), 9 the header's system switcher,
    # 10-12 savepoint, session update, release.
    with django_assert_num_queries(12):
        response = client.get(f"/s/{system.slug}/escalations/routes/")
    assert response.status_code == 200
