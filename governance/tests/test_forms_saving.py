"""The governance create and edit forms: the programme office saves through the services (and
history records who), every other role is refused (403) with nothing saved, and a refused
change shows its message next to the field."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from core.scoping import scope
from governance.models import (
    Action,
    Agreement,
    AgreementVersion,
    Commitment,
    Committee,
    Decision,
    Membership,
    Party,
    TermsOfReference,
)
from governance.tests.form_helpers import REFUSED, error_next_to

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    """One form: where it is, what it saves, and one refused input with its message."""

    name: str
    url: Callable  # world -> the form's URL
    good: Callable  # world -> POST data the office saves
    saved: Callable  # world -> the object the good POST saved (read in scope)
    bad: Callable  # world -> POST data the form or service refuses
    field: str  # the field the refusal is shown next to
    message: str

    def __str__(self) -> str:
        return self.name


def _url(name: str, *args) -> Callable:
    return lambda w: reverse(f"governance:{name}", args=[w.system.slug, *[a(w) for a in args]])


CASES = [
    Case(
        "committee-create",
        _url("committee-create"),
        good=lambda w: {
            "name": "Finance Committee",
            "kind": "committee",
            "stage": "shadow",
            "reports_to": w.board.pk,
            "cadence": "Monthly",
        },
        saved=lambda w: Committee.objects.get(name="Finance Committee", reports_to=w.board),
        bad=lambda w: {"name": "Partnership Board", "kind": "board", "stage": "established"},
        field="name",
        message="This system already has a committee with this name.",
    ),
    Case(
        "committee-edit",
        _url("committee-edit", lambda w: w.board.pk),
        good=lambda w: {"name": "Partnership Board", "kind": "board", "stage": "shadow"},
        saved=lambda w: Committee.objects.get(pk=w.board.pk, stage="shadow"),
        # The PAG reports to the board: the board cannot then report to the PAG.
        bad=lambda w: {
            "name": "Partnership Board",
            "kind": "board",
            "stage": "established",
            "reports_to": w.pag.pk,
        },
        field="reports_to",
        message="A committee cannot report to itself, even through other committees.",
    ),
    Case(
        "terms-create",
        _url("terms-create", lambda w: w.pag.pk),
        good=lambda w: {
            "version": "2.0",
            "effective_from": "2019-04-01",
            "approved_on": "2019-03-14",
            "minimum_total": "3",
            "deputies": "count",
            "quorum_text": "Three members, one from each trust.",
            f"minimum_{w.organisation.pk}": "1",
            f"minimum_{w.partner.pk}": "",
        },
        saved=lambda w: TermsOfReference.objects.get(
            committee=w.pag,
            version="2.0",
            quorum_minimum_total=3,
            deputies="count",
            quorum_requirements__organisation=w.organisation,
        ),
        bad=lambda w: {
            "version": "2.0",
            "effective_from": "2019-04-01",
            "review_on": "2019-01-01",
            "minimum_total": "0",
        },
        field="review_on",
        message="The review date cannot be before the terms take effect.",
    ),
    Case(
        "membership-create",
        _url("membership-create", lambda w: w.pag.pk),
        good=lambda w: {"person": w.col.pk, "organisation": w.partner.pk, "role": "vice_chair"},
        saved=lambda w: Membership.objects.get(
            committee=w.pag, person=w.col, organisation=w.partner, role="vice_chair"
        ),
        bad=lambda w: {"person": w.ann.pk, "role": "member"},
        field="person",
        message="This person already holds this role on the committee.",
    ),
    Case(
        "decision-create",
        _url("decision-create", lambda w: w.meeting.pk),
        good=lambda w: {
            "reference": "PAG/18/01",
            "title": "Approve the MoU",
            "text": "Approved subject to legal review.",
            "amount_thousands": "250.5",
        },
        saved=lambda w: Decision.objects.get(
            meeting=w.meeting, title="Approve the MoU", amount_thousands="250.5"
        ),
        bad=lambda w: {"title": "Approve the MoU", "amount_thousands": "-5"},
        field="amount_thousands",
        message="Ensure this value is greater than or equal to 0.",
    ),
    Case(
        "action-create",
        _url("action-create", lambda w: w.meeting.pk),
        good=lambda w: {
            "description": "Book the next meeting",
            "owner": w.col.pk,
            "due_on": "2018-03-01",
        },
        saved=lambda w: Action.objects.get(
            meeting=w.meeting, description="Book the next meeting", owner=w.col
        ),
        bad=lambda w: {"description": "", "owner": w.col.pk},
        field="description",
        message="Enter the description",
    ),
    Case(
        "action-complete",
        _url("action-complete", lambda w: w.action.pk),
        good=lambda w: {"completed_on": "2018-02-20"},
        saved=lambda w: Action.objects.get(
            pk=w.action.pk, status="done", completed_on=date(2018, 2, 20)
        ),
        bad=lambda w: {"completed_on": "2018-01-15"},
        field="completed_on",
        message="An action cannot be completed before the meeting that set it.",
    ),
    Case(
        "agreement-create",
        _url("agreement-create"),
        good=lambda w: {
            "title": "Joint working arrangement",
            "kind": "joint_working_arrangement",
            "status": "in_effect",
            "effective_on": "2018-04-01",
            "expires_on": "2021-03-31",
            "withdrawal_notice_days": "90",
        },
        saved=lambda w: Agreement.objects.get(
            title="Joint working arrangement", withdrawal_notice_days=90
        ),
        bad=lambda w: {
            "title": "Joint working arrangement",
            "kind": "mou",
            "status": "draft",
            "effective_on": "2018-04-01",
            "expires_on": "2018-03-31",
        },
        field="expires_on",
        message="It cannot expire before it takes effect.",
    ),
    Case(
        "agreement-edit",
        _url("agreement-edit", lambda w: w.mou.pk),
        good=lambda w: {
            "title": "PAG memorandum of understanding",
            "kind": "mou",
            "status": "out_for_signature",
        },
        saved=lambda w: Agreement.objects.get(
            pk=w.mou.pk, title="PAG memorandum of understanding", status="out_for_signature"
        ),
        bad=lambda w: {
            "title": "PAG MoU",
            "kind": "mou",
            "status": "draft",
            "effective_on": "2018-04-01",
            "expires_on": "2017-04-01",
        },
        field="expires_on",
        message="It cannot expire before it takes effect.",
    ),
    Case(
        "party-create",
        _url("party-create", lambda w: w.mou.pk),
        good=lambda w: {"organisation": w.partner.pk, "scope": "Appendix 1 only"},
        saved=lambda w: Party.objects.get(
            agreement=w.mou, organisation=w.partner, scope="Appendix 1 only"
        ),
        bad=lambda w: {"organisation": w.organisation.pk},
        field="organisation",
        message="This organisation is already a party to the agreement.",
    ),
    Case(
        "party-sign",
        _url("party-sign", lambda w: w.party.pk),
        good=lambda w: {"signatory": w.ann.pk, "signed_on": "2018-05-01"},
        saved=lambda w: Party.objects.get(
            pk=w.party.pk, signatory=w.ann, signed_on=date(2018, 5, 1)
        ),
        bad=lambda w: {"signatory": w.ann.pk, "signed_on": ""},
        field="signed_on",
        message="Enter the signed on date",
    ),
    Case(
        "commitment-create",
        _url("commitment-create", lambda w: w.mou.pk),
        good=lambda w: {
            "number": "2",
            "text": "Pool the estates budget",
            "owners": [w.organisation.pk, w.partner.pk],
        },
        saved=lambda w: Commitment.objects.get(
            agreement=w.mou, number=2, owners__organisation=w.partner
        ),
        bad=lambda w: {"number": "1", "text": "Again"},
        field="number",
        message="This agreement already has a commitment with this number.",
    ),
    Case(
        "version-create",
        _url("version-create", lambda w: w.mou.pk),
        good=lambda w: {"number": "1.1", "issued_on": "2018-06-01", "author": "PMO"},
        saved=lambda w: AgreementVersion.objects.get(agreement=w.mou, number="1.1"),
        bad=lambda w: {"number": "1.0"},
        field="number",
        message="This agreement already has a version with this number.",
    ),
]


def history_total() -> int:
    """Every governance write goes through a service that leaves a history row."""
    return sum(
        model.history.model.objects.count()
        for model in apps.get_app_config("governance").get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_programme_office_saves_through_the_form(client, office, world, case):
    client.force_login(office)
    url = case.url(world)
    assert client.get(url).status_code == 200
    response = client.post(url, case.good(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope([world.system]):
        saved = case.saved(world)
        assert saved.history.first().history_user == office
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert 'role="status"' in followed.content.decode()  # the success message


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_other_roles_are_refused_and_nothing_is_saved(client_for, world, case, role):
    client = client_for(role)
    before = history_total()
    url = case.url(world)
    assert client.get(url).status_code == 403
    assert client.post(url, case.good(world)).status_code == 403
    assert history_total() == before


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, office, world, case):
    client.force_login(office)
    before = history_total()
    response = client.post(case.url(world), case.bad(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert error_next_to(html, case.field) == case.message, html
    assert "There is a problem" in html
    assert history_total() == before
