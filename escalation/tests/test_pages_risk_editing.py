"""The risk register worked from its pages: a risk added, corrected, reviewed, closed, withdrawn
and reopened by the programme office; bad input answered next to its field, with nothing saved."""

from datetime import date

import pytest

from core.roles import Role
from escalation import services
from escalation.models import Risk
from tests import factories

pytestmark = pytest.mark.django_db


def _url(system, risk=None, action="") -> str:
    base = f"/s/{system.slug}/risks/"
    if risk is None:
        return base + (f"{action}/" if action else "")
    return f"{base}{risk.pk}/" + (f"{action}/" if action else "")


NEW = {
    "reference": "R12",
    "title": "Winter pressures",
    "description": "Bed occupancy above 95%",
    "category": "operational",
    "grade": "",
    "likelihood": "4",
    "impact": "3",
    "mitigations": "Discharge to assess",
    "review_on": "2030-03-31",
}


def _correction(risk, **changes) -> dict:
    data = {
        "reference": risk.reference,
        "title": risk.title,
        "description": risk.description,
        "category": risk.category,
        "grade": risk.grade,
        "likelihood": risk.likelihood or "",
        "impact": risk.impact or "",
        "mitigations": risk.mitigations,
        "review_on": risk.review_on or "",
        "source": risk.source,
    }
    return {**data, **changes}


def test_office_adds_a_risk_linked_to_a_workstream(client, office, system, in_scope):
    workstream = factories.WorkstreamFactory(plan__system=system, code="B", name="Urgent care")
    client.force_login(office)
    form = client.get(_url(system, action="new"))
    assert "Urgent care" in form.content.decode()
    response = client.post(_url(system, action="new"), {**NEW, "workstreams": [workstream.pk]})
    risk = Risk.objects.get(system=system, reference="R12")
    assert response.status_code == 302
    assert response["Location"] == _url(system, risk)
    assert (risk.score, risk.category, risk.review_on) == (12, "operational", date(2030, 3, 31))
    assert list(risk.workstream_links.values_list("workstream", flat=True)) == [workstream.pk]
    page = client.get(_url(system, risk)).content.decode()
    assert f'href="/s/{system.slug}/workstreams/{workstream.pk}/"' in page
    assert "Risk added: R12 Winter pressures." in page


def test_a_risk_without_a_category_rated_by_grade(client, office, system, in_scope):
    client.force_login(office)
    data = {**NEW, "category": "", "grade": "H", "likelihood": "", "impact": ""}
    client.post(_url(system, action="new"), data)
    risk = Risk.objects.get(reference="R12")
    assert (risk.category, risk.grade, risk.score) == ("", "H", None)
    assert "Not recorded" in client.get(_url(system, risk)).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reference": "R1"}, "reference", "This system already has a risk with this reference."),
        ({"grade": "M"}, "grade", "Rate the risk H / M / L or by likelihood and impact"),
        ({"impact": ""}, "impact", "Give the impact too"),
        ({"likelihood": "7"}, "likelihood", "Choose a likelihood from 1 (rare) to 5."),
        ({"review_on": "2019-02-30"}, "review_on", ""),
        ({"title": ""}, "title", "Enter the risk."),
    ],
)
def test_bad_input_on_adding_is_refused_next_to_the_field(
    client, office, system, in_scope, changes, field, message
):
    factories.RiskFactory(system=system, reference="R1")
    client.force_login(office)
    response = client.post(_url(system, action="new"), {**NEW, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not Risk.objects.filter(reference=NEW["reference"]).exists()


def test_office_corrects_a_risk_with_a_reason_shown_in_the_history(
    client, office, system, risk, in_scope
):
    client.force_login(office)
    form = client.get(_url(system, risk, "edit"))
    assert form.context["form"]["title"].value() == "Workforce supply"
    response = client.post(
        _url(system, risk, "edit"),
        _correction(risk, title="Workforce gaps", reason="Title as in the board paper"),
        follow=True,
    )
    page = response.content.decode()
    assert "Risk corrected: R1 Workforce gaps." in page
    assert "Reason: Title as in the board paper" in page
    assert "<del>Workforce supply</del>" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"likelihood": "0"}, "likelihood"),
        ({"grade": "L"}, "grade"),
        ({"reference": ""}, "reference"),
    ],
)
def test_a_bad_correction_is_refused_next_to_the_field_and_changes_nothing(
    client, office, system, risk, in_scope, changes, field
):
    client.force_login(office)
    response = client.post(_url(system, risk, "edit"), _correction(risk, title="New", **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}-error"' in response.content.decode()
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.title, stored.grade, stored.likelihood) == ("Workforce supply", "", 4)
    assert stored.history.count() == 1


def test_office_records_a_review(client, office, system, risk, in_scope):
    client.force_login(office)
    response = client.post(
        _url(system, risk, "review"),
        {
            "likelihood": "2",
            "impact": "3",
            "mitigations": "Recruitment campaign",
            "review_on": "2030-01-31",
            "note": "Vacancies down",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Review recorded: R1 Workforce supply." in page
    assert "Reason: Reviewed: Vacancies down" in page
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.score, stored.rating, stored.review_on) == (6, "moderate", date(2030, 1, 31))


def test_closing_needs_a_reason_next_to_the_field(client, office, system, risk, in_scope):
    client.force_login(office)
    refused = client.post(_url(system, risk, "close"), {"reason": ""})
    assert refused.context["form"].errors["reason"] == ["Say why the risk is being closed."]
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.OPEN
    client.post(_url(system, risk, "close"), {"reason": "Mitigations worked"})
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.CLOSED
    page = client.get(_url(system, risk)).content.decode()
    assert "Reopen" in page and "Record a review" not in page


def test_a_withdrawn_risk_is_kept_labelled_and_hidden_until_asked_for(
    client, office, system, risk, in_scope
):
    factories.RiskFactory(system=system, reference="R2")
    client.force_login(office)
    client.post(_url(system, risk, "withdraw"), {"reason": "Recorded twice"})
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.WITHDRAWN

    def refs(query: str = "") -> list[str]:
        return [r.reference for r, _ in client.get(_url(system) + query).context["rows"]]

    assert refs() == ["R2"]
    assert refs("?status=withdrawn") == ["R1"]
    assert refs("?status=all") == ["R1", "R2"]
    listing = client.get(_url(system)).content.decode()
    assert "1 withdrawn risk (recorded in error) not listed" in listing
    detail = client.get(_url(system, risk)).content.decode()
    assert "This risk was withdrawn" in detail
    assert "Reason: Recorded twice" in detail
    client.post(_url(system, risk, "reopen"), {"reason": "Not a duplicate after all"})
    assert refs() == ["R1", "R2"]


@pytest.mark.parametrize("role", [Role.PARTNER_LEAD, Role.CHAIR, Role.REGULATOR])
def test_only_the_office_changes_risks(client_for, role, system, risk, in_scope):
    client = client_for(role)
    assert "Add a risk" not in client.get(_url(system)).content.decode()
    detail = client.get(_url(system, risk)).content.decode()
    assert "Record a review" not in detail and "Withdraw" not in detail
    for action in ("edit", "review", "close", "withdraw"):
        response = client.post(_url(system, risk, action), {"reason": "x", "title": "x"})
        assert response.status_code == 403, action
    assert client.post(_url(system, action="new"), NEW).status_code == 403
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.status, stored.history.count()) == ("open", 1)
    assert not Risk.objects.filter(reference="R12").exists()


def test_the_office_sees_its_buttons(client, office, system, risk, in_scope):
    client.force_login(office)
    assert "Add a risk" in client.get(_url(system)).content.decode()
    detail = client.get(_url(system, risk)).content.decode()
    for text in ("Record a review", "Correct", "Close", "Withdraw"):
        assert text in detail, text
    services.risk_withdraw(actor=office, risk=risk, reason="Error")
    detail = client.get(_url(system, risk)).content.decode()
    assert "Withdraw<" not in detail and "Reopen" in detail


def test_a_case_is_raised_from_the_risk_page_with_the_risk_chosen(
    client, office, system, risk, in_scope
):
    client.force_login(office)
    link = f"/s/{system.slug}/escalations/new/?risk={risk.pk}"
    assert f'href="{link}"' in client.get(_url(system, risk)).content.decode()
    assert client.get(link).context["form"]["risk"].value() == risk.pk
    services.risk_close(actor=office, risk=risk, reason="Mitigated")
    assert f'href="{link}"' not in client.get(_url(system, risk)).content.decode()
