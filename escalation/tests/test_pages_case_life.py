"""A case's life through the pages: responding, resolving, closing, stepping up, flagging."""

from datetime import timedelta

import pytest

from escalation import services
from escalation.tests.page_helpers import EXPLANATION, RESPONSE, TODAY, action_url, reload

pytestmark = pytest.mark.django_db


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
    assert "revised_timetable" not in form.errors  # "if applicable" (West Norfolk JWA s.4)
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
