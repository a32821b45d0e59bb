"""Cambridgeshire and Peterborough STP MoU (seed 004, November 2017 draft), read through the
product: partners and commitments, expiry and variation, the staff-release escalation and the
System Investment Fund with its Investment Committee gateway."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from escalation.models import EscalationRoute, Risk
from finance import services as finance_services
from finance.models import Fund
from governance import services as governance_services
from governance.models import Agreement, Committee
from partners.models import System
from reports.pdf import render_pdf
from reports.snapshot import build_snapshot
from tests import factories
from tests.pdf_reading import pdf_text
from tests.seeds.pages import office_client, summary_value


@pytest.fixture
def cambs(seeds):
    return System.objects.get(slug="cambs-peterborough")


@pytest.fixture
def mou(cambs):
    return Agreement.objects.get(system=cambs, kind="mou")


def test_eight_partners_two_in_appendix_1_only(mou):
    """Signatories 1-8; Peterborough City Council and Cambridgeshire County Council (7, 8):
    "Appendix 1 only"."""
    parties = list(mou.parties.select_related("organisation"))
    assert len(parties) == 8
    appendix_only = {p.organisation.name for p in parties if p.scope == "Appendix 1 only"}
    assert appendix_only == {"Peterborough City Council", "Cambridgeshire County Council"}


def test_cuhft_by_the_seeds_name(mou):
    """Signatories, item 2: "Cambridgeshire University Hospital NHS Foundation Trust (CUHFT)"."""
    names = {p.organisation.name: p.organisation.short_name for p in mou.parties.all()}
    assert names["Cambridgeshire University Hospital NHS Foundation Trust"] == "CUHFT"


def test_eight_commitments(mou):
    """Commitments 1 (One ambition) to 8 (One assurance and risk management framework)."""
    numbers = list(mou.commitments.values_list("number", flat=True))
    assert numbers == list(range(1, 9))


def test_expires_31_march_2021(mou):
    """Longevity: "expected to expire on 31st March 2021, unless a decision is taken to extend
    it"; the product shows it expired the day after."""
    assert mou.expires_on == date(2021, 3, 31)
    assert mou.status_on(date(2021, 3, 31)) != "expired"
    assert mou.status_on(date(2021, 4, 1)) == "expired"
    assert "31st March 2021" in mou.expiry
    assert "extend" in mou.expiry


def test_the_variation_clause_in_its_own_field(mou):
    """Longevity: the MoU "and the associated Terms of Reference for all relevant System groups
    will be amended" if System decisions are delegated to the STP Board: the variation clause,
    apart from the expiry."""
    assert mou.variation.startswith("If, during the intervening period")
    assert mou.variation.endswith("will be amended.")
    assert "2021" not in mou.variation


def test_staff_not_released_rectified_within_two_weeks(cambs):
    """Commitment 7, Alignment of resources: "The employing Partner will be expected to rectify
    the situation within two weeks"."""
    route = EscalationRoute.objects.get(system=cambs, name="Aligned staff not released")
    step = route.steps.get(order=1)
    assert step.response_due_days == 14
    assert "Employing Partner" in step.escalate_to_role


def test_the_sif_is_spent_through_the_investment_committee(cambs):
    """Commitment 5, Investment: "Decisions on how to spend this System wide investment ... will
    be taken collectively via an approved gateway process and the Investment Committee": a
    drawdown needs the Investment Committee's decision, not another group's."""
    fund = Fund.objects.get(system=cambs, name="System Investment Fund (SIF)")
    assert fund.decided_by.name == "Investment Committee"
    assert "approved gateway process" in fund.gateway
    actor = get_user_model().objects.get(username="office.cambs-peterborough")
    hce = Committee.objects.get(system=cambs, name="Health and Care Executive")
    meeting = governance_services.meeting_create(
        actor=actor, committee=hce, held_on=date(2018, 1, 10), status="held"
    )
    decision = governance_services.decision_record(actor=actor, meeting=meeting, title="Invest")
    with pytest.raises(ValidationError) as error:
        finance_services.fund_drawdown(
            actor=actor,
            fund=fund,
            amount=Decimal("100"),
            purpose="A project",
            decision=decision,
            drawn_on=date(2018, 1, 11),
        )
    assert "Investment Committee" in str(error.value)
    board = governance_services.meeting_create(
        actor=actor, committee=fund.decided_by, held_on=date(2018, 1, 10), status="held"
    )
    approved = governance_services.decision_record(actor=actor, meeting=board, title="Invest")
    drawdown = finance_services.fund_drawdown(
        actor=actor,
        fund=fund,
        amount=Decimal("100"),
        purpose="A project",
        decision=approved,
        drawn_on=date(2018, 1, 11),
    )
    assert drawdown.decision.meeting.committee == fund.decided_by


def test_what_the_mou_does_not_give_is_not_set(cambs):
    """Commitment 4: each System project "will have a delivery objective - a savings, activity
    shift or quality improvement target (or a combination)", not said per work stream; the MoU
    sets no amber tolerance. Neither is filled with a default."""
    from milestones.models import Plan, Workstream

    plan = Plan.objects.get(system=cambs)
    assert plan.amber_tolerance_days is None
    kinds = set(Workstream.objects.filter(plan=plan).values_list("objective_kind", flat=True))
    assert kinds == {""}
    assert Workstream.objects.filter(plan=plan).count() == 8


@pytest.mark.parametrize(
    ("month", "note"),
    [(date(2017, 11, 1), ""), (date(2021, 4, 1), "past its expiry date")],
)
def test_the_report_says_the_draft_mou_is_unsigned(cambs, mou, month, note):
    """Cover: "DRAFT", "Date effective: [Date to be confirmed]", no signature: the chair's report
    lists all eight partners as outstanding, before and after its 31 March 2021 expiry (an
    expired draft is still unsigned), and never says every agreement is signed."""
    snapshot = build_snapshot(cambs, month)
    (unsigned,) = snapshot["agreements"]["unsigned"]
    assert (unsigned["title"], unsigned["note"]) == (mou.title, note)
    assert len(unsigned["outstanding"]) == 8
    text = pdf_text(render_pdf(snapshot, draft=True))
    assert "Every agreement is signed" not in text
    if note:
        assert "(past its expiry date): awaiting" in text


def test_the_report_gives_the_year_without_control_totals(cambs):
    """Commitment 5 (Investment): a System Investment Fund "in 2017/18", no control totals. The
    report names the year the finance page shows and says no control totals are recorded."""
    snapshot = build_snapshot(cambs, date(2017, 11, 1))
    finance = snapshot["finance"]
    assert (finance["year"], finance["control_totals_recorded"]) == ("2017/18", False)
    assert finance["net_control_total"] is None
    text = pdf_text(render_pdf(snapshot, draft=True))
    assert "Financial year 2017/18: no control totals are recorded for this system" in text
    assert "No financial year" not in text


# Who signs, the fund's unrecorded amounts, the DTOC assumption, the partners (issue 14) --------


def test_parties_show_who_is_to_sign_and_that_none_has_signed(cambs, mou):
    """Signatories (L16): "the CEOs/Accountable Officers and Chairs of" the partners; PCC and
    CCC (L24-25): "(CEO & HWB Chair) - Appendix 1 only". The draft is unsigned: the page shows
    the posts and "Not signed", with no date."""
    parties = {p.organisation.short_name: p for p in mou.parties.select_related("signatory")}
    assert parties["C&PCCG"].signatory.title == "CEO/Accountable Officer and Chair"
    assert parties["PCC"].signatory.title == "CEO & HWB Chair"
    assert all(p.signed_on is None for p in parties.values())
    page = (
        office_client("cambs-peterborough")
        .get(reverse("governance:agreement-detail", args=["cambs-peterborough", mou.pk]))
        .content.decode()
    )
    signatory_cell = (
        '<span class="nhsuk-table-responsive__heading">Signatory </span><span>{}</span>'
    )
    assert page.count(signatory_cell.format("CEO/Accountable Officer and Chair")) == 6
    assert page.count(signatory_cell.format("CEO &amp; HWB Chair")) == 2
    # The history below the parties names who was made signatory, not "(blank)" twice.
    assert "<ins>CEO/Accountable Officer and Chair (C&amp;PCCG)</ins>" in page
    assert page.count("Not signed") == 8


def test_the_sif_shows_amounts_not_recorded_not_zero(cambs):
    """Commitment 5, Investment (L123): the SIF "is made up of contributions from Partners" but
    the MoU gives no amount: the finance page says "Not recorded", and the API's totals are
    null, not 0."""
    client = office_client("cambs-peterborough")
    page = client.get("/s/cambs-peterborough/finance/").content.decode()
    card = page[page.index("System Investment Fund (SIF)") :]
    assert summary_value(card, "Contributed") == "Not recorded"
    assert summary_value(card, "Allocated") == "Not recorded"
    assert summary_value(card, "Drawn down") == "Not recorded"
    fund = Fund.objects.get(system=cambs, name="System Investment Fund (SIF)")
    user = get_user_model().objects.get(username="office.cambs-peterborough")
    token = factories.api_token(user)
    data = client.get(f"/api/v1/funds/{fund.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["totals"] == {"contributed": None, "allocated": None, "drawn": None}


def test_dtoc_is_a_savings_assumption_not_work_stream_iis_target(cambs):
    """Commitment 3 (L79): the savings "require certain assumptions to be true - for example
    achieving sustainable DTOC levels consistently below 2.5%", system-wide. Work stream ii
    (L87) is "Urgent and Emergency Care: achieving best practice non-elective bed-days per
    capita", with no target of its own."""
    from milestones.models import Plan, Workstream

    stream = Workstream.objects.get(plan__system=cambs, code="ii")
    assert stream.objective == "Achieving best practice non-elective bed-days per capita"
    assert "2.5%" not in stream.target
    assert "DTOC" not in stream.target
    plan = Plan.objects.get(system=cambs)
    assert "DTOC levels consistently below 2.5%" in plan.source


def test_the_partners_page_says_which_are_partners(cambs):
    """Signatories (L16-25): "'The partners'" are the eight; NHS England and NHS Improvement are
    recorded too, but the page's heading does not call them partners and their role says so."""
    page = (
        office_client("cambs-peterborough")
        .get(reverse("partners:organisation-list", args=["cambs-peterborough"]))
        .content.decode()
    )
    assert "Partner organisations" not in page
    assert "Organisations in " in page
    assert page.count("Regulator, not one of the eight partners") == 2
    assert page.count("Partner and MoU signatory") + page.count("Partner; signs the MoU") == 8


def test_mou_risks_have_no_category_the_mou_does_not_give(seeds):
    """L151: "risk is not narrowly defined; examples include reputational, clinical, governance,
    performance against targets and financial risks" lists examples, not the category of any
    risk the MoU names (Commitments 3, 5 and 6): the risks list shows "Not recorded", and no
    risk is linked to a work stream the MoU does not tie it to."""
    risks = Risk.objects.filter(system__slug="cambs-peterborough")
    assert risks.count() == 4
    assert set(risks.values_list("category", flat=True)) == {""}
    assert not risks.filter(workstream_links__isnull=False).exists()
    page = (
        office_client("cambs-peterborough")
        .get(reverse("escalation:risk-list", args=["cambs-peterborough"]))
        .content.decode()
    )
    assert page.count('aria-hidden="true">Category </span>Not recorded') == 4
