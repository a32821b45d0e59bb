"""Create forms are safe to submit twice: the second submission of a form (a double click, a
resubmitted page) creates nothing and is sent where the first was (core.once). One view per
app; run on SQLite and on PostgreSQL (DATABASE_URL). The walk over every create route is in
test_create_forms_carry_token.py."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.models import FormSubmission
from core.roles import Role
from core.scoping import unscoped
from escalation.models import EscalationCase
from escalation.tests.conftest import route  # noqa: F401 (a fixture)
from finance.models import MonthlyPosition
from finance.tests.conftest import year  # noqa: F401 (a fixture)
from finance.tests.page_helpers import position_data
from governance.models import Committee
from milestones.models import Plan
from partners.models import Access, Person
from reports.models import MonthlyReport
from tests import factories
from tests.form_html import form_with

pytestmark = pytest.mark.django_db


def _person(request):
    return {
        "name": "Sam Patel",
        "title": "Director",
        "organisation": request.getfixturevalue("organisation").pk,
    }


def _committee(request):
    return {"name": "Partnership Board", "kind": "board", "stage": "established"}


def _plan(request):
    return {
        "title": "Alpha implementation plan",
        "starts_on": "2019-04-01",
        "ends_on": "2021-03-31",
        "amber_tolerance_days": "14",
    }


def _case(request):
    system = request.getfixturevalue("system")
    milestone = factories.MilestoneFactory(
        workstream=factories.WorkstreamFactory(plan=factories.PlanFactory(system=system)),
        responsible_organisation=request.getfixturevalue("organisation"),
    )
    return {
        "route": request.getfixturevalue("route").pk,
        "milestone": milestone.pk,
        "reason": "Three months late",
        "raised_on": date.today().isoformat(),
    }


def _position(request):
    return position_data(request.getfixturevalue("organisation"), request.getfixturevalue("year"))


def _report(request):
    return {"month": "2019-11"}


# (URL name, the form's fields, the rows it creates)
CREATES = {
    "partners": ("partners:person-create", _person, Person),
    "governance": ("governance:committee-create", _committee, Committee),
    "milestones": ("milestones:plan-create", _plan, Plan),
    "escalation": ("escalation:case-create", _case, EscalationCase),
    "finance": ("finance:monthly-position-create", _position, MonthlyPosition),
    "reports": ("reports:report-list", _report, MonthlyReport),
}


def _count(model) -> int:
    with unscoped():
        return model.objects.count()


@pytest.mark.parametrize("app", CREATES)
def test_a_form_sent_twice_creates_one_record_and_shows_it(
    client, request, system, office, app, django_capture_on_commit_callbacks
):
    name, fields, model = CREATES[app]
    url = reverse(name, args=[system.slug])
    client.force_login(office)
    data = {**form_with(client.get(url), "form_token"), **fields(request)}
    before = _count(model)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = client.post(url, data)
        second = client.post(url, data, follow=True)

    assert first.status_code == 302, first.content.decode()[:3000]
    assert _count(model) == before + 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "This form had already been sent: here is what it saved." in second.content.decode()
    if app == "reports":
        assert len(queued) == 1  # one build sent, not a build and a rebuild


def test_a_form_with_errors_can_be_corrected_and_sent_with_the_same_token(client, system, office):
    url = reverse("milestones:plan-create", args=[system.slug])
    client.force_login(office)
    data = form_with(client.get(url), "form_token")
    data.update(_plan(None), title="")
    refused = client.post(url, data)
    assert refused.status_code in (200, 400)
    corrected = form_with(refused, "form_token")
    assert corrected["form_token"] == data["form_token"]  # the same form, still unused
    corrected["title"] = "Alpha implementation plan"
    assert client.post(url, corrected).status_code == 302
    assert _count(Plan) == 1
    assert FormSubmission.objects.get(key=data["form_token"]).user == office


def test_another_persons_token_shows_a_fresh_form_not_their_record(client, system, office):
    url = reverse("governance:committee-create", args=[system.slug])
    client.force_login(office)
    data = {**form_with(client.get(url), "form_token"), **_committee(None)}
    first = client.post(url, data)
    colleague = get_user_model().objects.create_user(username="dana")
    Access.objects.create(user=colleague, system=system, role=Role.PROGRAMME_OFFICE)
    client.force_login(colleague)

    replayed = client.post(url, data)

    assert replayed.status_code == 302
    assert replayed["Location"] == url != first["Location"]
    assert _count(Committee) == 1


def test_a_post_without_a_token_is_served_as_before(client, system, office):
    """Scripts and older tests post the fields alone: each post creates, as it always did."""
    url = reverse("milestones:plan-create", args=[system.slug])
    client.force_login(office)
    data = _plan(None)
    assert client.post(url, data).status_code == 302
    assert (
        client.post(url, {**data, "title": "Second plan", "form_token": "not-a-token"}).status_code
        == 302
    )
    assert _count(Plan) == 2
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_submissions_racing_create_one_record(system, office, monkeypatch):
    """The second submission arrives while the first is still saving. On PostgreSQL they run
    at once: the second's token waits on the first's uncommitted row, then finds it. SQLite
    serialises writers, so there the two run one after the other (same assertions)."""
    import threading
    import time

    from django.db import connection
    from django.test import Client

    from milestones import services as milestone_services

    create = milestone_services.plan_create

    def slow_create(**kwargs):
        time.sleep(1)  # the first submission is still saving when the second arrives
        return create(**kwargs)

    url = reverse("milestones:plan-create", args=[system.slug])
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(office)
    data = {**form_with(clients[0].get(url), "form_token"), **_plan(None)}
    monkeypatch.setattr(milestone_services, "plan_create", slow_create)
    responses = [None, None]

    def send(i):
        try:
            responses[i] = clients[i].post(url, data)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        threads[0].start()
        time.sleep(0.3)
        threads[1].start()
        for t in threads:
            t.join(10)
    else:
        responses = [clients[0].post(url, data), clients[1].post(url, data)]

    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert _count(Plan) == 1
