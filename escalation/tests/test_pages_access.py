"""Escalation pages: which actions each role is offered and which posts are refused."""

import pytest

from core.roles import Role
from escalation import services
from escalation.models import CaseEvent, EscalationCase, Risk
from escalation.tests.page_helpers import RESPONSE, TODAY, action_url, reload

pytestmark = pytest.mark.django_db


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
        (f"/s/{system.slug}/risks/{risk.pk}/review/", {"likelihood": "1", "impact": "1"}),
        (f"/s/{system.slug}/risks/{risk.pk}/withdraw/", {"reason": "In error"}),
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
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.likelihood, stored.status, risk.history.count()) == (4, "open", 1)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        # Resolving waits for the response (rules.TRANSITIONS), so it is not offered yet.
        (Role.PROGRAMME_OFFICE, {"respond", "step-up", "close", "flag"}),
        (Role.PARTNER_LEAD, {"respond"}),  # the case's organisation is the lead's
        (Role.CHAIR, {"flag"}),
        (Role.REGULATOR, set()),
    ],
)
def test_each_role_is_offered_only_its_actions(client_for, role, shown, system, case):
    client = client_for(role)
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
