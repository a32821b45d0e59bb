"""North West London CCGs' collaboration update (seed 003, 2018), read through the product: the
shadow Joint Committee's two meetings, the £2.9m discussion, and only organisations it names."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from governance.models import Action, Committee, Delegation, Meeting, Membership
from partners.models import Organisation, Partnership, System
from reports.pdf import render_pdf
from reports.snapshot import build_snapshot
from tests.pdf_reading import pdf_text
from tests.seeds.pages import office_client, summary_value


@pytest.fixture
def nw_london(seeds):
    return System.objects.get(slug="nw-london")


def test_two_meetings_of_the_shadow_joint_committee(nw_london):
    """Joint Committee update report, 1 Background: "we have held two meetings so far (one on
    1 February and one on 1 March)"."""
    meetings = Meeting.objects.filter(committee__system=nw_london).select_related("committee")
    assert sorted(m.held_on for m in meetings) == [date(2018, 2, 1), date(2018, 3, 1)]
    assert {m.committee.stage for m in meetings} == {"shadow"}


def test_the_2_9m_diabetes_investment_at_the_first_meeting(nw_london):
    """1 Background: "At the first meeting ... discussion on a £2.9m investment in diabetes
    services"."""
    meeting = Meeting.objects.get(committee__system=nw_london, held_on=date(2018, 2, 1))
    decision = meeting.decisions.get(amount_thousands__isnull=False)
    assert decision.amount_thousands == Decimal("2900")
    assert "diabetes" in decision.title


def test_only_the_organisations_the_paper_names(nw_london):
    """The paper names Ealing, Hillingdon and Hounslow CCGs (1 March items b and c: "Ealing CCG",
    "Hillingdon CCG", "Hounslow CCG", L86, L94; named as written), NHS England
    and NHS Improvement (item d) and Healthwatch representation (1 Background, item e); it says
    there are 8 CCGs but names no other."""
    names = set(
        Partnership.objects.filter(system=nw_london).values_list("organisation__name", flat=True)
    )
    assert names == {
        "Ealing CCG",
        "Hillingdon CCG",
        "Hounslow CCG",
        "NHS England",
        "NHS Improvement",
        "Healthwatch",
    }
    assert not Organisation.objects.filter(name__contains="Brent").exists()
    delegating = set(
        Delegation.objects.filter(committee__system=nw_london).values_list(
            "from_organisation__short_name", flat=True
        )
    )
    assert len(delegating) == 3


def test_planned_posts_are_planned_not_members(nw_london):
    """1 Background: "plans to build the committee membership, including an independent chair,
    lay members, and Healthwatch representation"; item e: two Healthwatch representatives
    proposed. Posts to be appointed: planned, never current members."""
    memberships = Membership.objects.filter(committee__system=nw_london, committee__short_name="JC")
    planned = [m for m in memberships if m.planned]
    assert len(planned) == 4
    assert not any(m.is_current_on(date(2018, 3, 1)) for m in planned)


def test_the_report_records_no_agreements_and_no_recipients(nw_london):
    """The update report names no agreement and no one the chair reports to: the chair's report
    says no agreements are recorded (not that all are signed) and names no recipients."""
    snapshot = build_snapshot(nw_london, date(2018, 3, 1))
    assert snapshot["agreements"] == {
        "recorded": 0,
        "unsigned": [],
        "expiring": [],
        "recipients": [],
    }
    text = pdf_text(render_pdf(snapshot, draft=True))
    assert "No agreements are recorded." in text
    assert "Every agreement is signed" not in text
    assert "Report to" not in text
    assert "regulators" not in text.split("Contents")[0]


def test_next_steps_are_the_reports_not_meeting_actions(nw_london):
    """ "2. Next Steps" (L118-120: the annual plan of business, recruiting to the vacant roles,
    terms of reference to Governing Bodies in the summer) belongs to the update report, not to
    the 1 February or 1 March meeting: no meeting action carries them; the Joint Committee's
    page gives them in the report's words, and the terms of reference are a plan milestone."""
    actions = Action.objects.filter(meeting__committee__system=nw_london)
    assert not actions.filter(description__icontains="vacant").exists()
    assert not actions.filter(description__icontains="annual plan").exists()
    assert not actions.filter(description__icontains="terms of reference").exists()
    assert not Meeting.objects.get(
        committee__system=nw_london, held_on=date(2018, 2, 1)
    ).actions.exists()
    jc = Committee.objects.get(system=nw_london, short_name="JC")
    page = office_client("nw-london").get(
        reverse("governance:committee-detail", args=["nw-london", jc.pk])
    )
    purpose = summary_value(page.content.decode(), "Purpose")
    assert "annual plan of the business that will go to the Joint Committee" in purpose
    assert "recruiting to the vacant roles" in purpose


def test_item_c_records_no_single_amount(nw_london):
    """1 March item c (L98): "drawing on £1.5m from the financial strategy and a request was
    being made for a further £1.5m": two sums in a discussion, no decision on either, so no
    amount is stored for it."""
    meeting = Meeting.objects.get(committee__system=nw_london, held_on=date(2018, 3, 1))
    item = meeting.decisions.get(reference="JC-2018-03-01-c")
    assert item.amount_thousands is None
    assert "further £1.5m" in item.text


def test_no_reporting_line_the_report_does_not_state(nw_london):
    """s.3.3 (L45): "A technical working group is in place and the Governance Design Group is
    meeting fortnightly": neither is said to report to anyone."""
    client = office_client("nw-london")
    for name in ("Governance Design Group", "Technical Working Group (Governance workstream)"):
        committee = Committee.objects.get(system=nw_london, name=name)
        assert committee.reports_to is None
        url = reverse("governance:committee-detail", args=["nw-london", committee.pk])
        assert summary_value(client.get(url).content.decode(), "Reports to") == "Not recorded"
