"""Norfolk and Waveney STP, System Overview 2019/20 (seed 002_f78b6743c140c06e.txt), read back
through the product's own computations: finance.totals over the stored rows, the milestones'
queries and RAG as at the paper's date (April 2019), the risk register, pages and API."""

from collections import Counter
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from escalation.models import Risk
from finance import querysets as finance_querysets
from finance.models import FinancialYear
from finance.totals import control_total_subtotals, efficiency_subtotals, reconcile
from milestones.models import Dependency, Milestone, Workstream
from milestones.querysets import milestone_rows, milestones_for_list, rag_counts
from partners.models import Partnership, System
from tests import factories

SLUG = "norfolk-waveney"
AS_AT = date(2019, 4, 30)  # the paper is dated April 2019


@pytest.fixture
def norfolk(seeds):
    system = System.objects.get(slug=SLUG)
    year = FinancialYear.objects.get(label="2019/20")
    controls = list(finance_querysets.control_totals_for(system, year))
    plans = list(finance_querysets.efficiency_plans_for(system, year))
    return {
        "system": system,
        "year": year,
        "control_rows": {c.organisation.short_name: c for c in controls},
        "controls": control_total_subtotals(controls),
        "efficiency": efficiency_subtotals(plans),
        "plans": {p.organisation.short_name: p for p in plans},
    }


@pytest.fixture
def office_client(client, seeds):
    client.force_login(get_user_model().objects.get(username=f"office.{SLUG}"))
    return client


# Finance ---------------------------------------------------------------------------------------


def test_net_system_control_total_is_a_deficit_of_16379(norfolk):
    """System financial position, control totals table 'Total' and 2019/20 financial plans
    table 'TOTAL', net column: (16,379)."""
    assert norfolk["controls"].get("system", "net") == D("-16379")


def test_ccg_total_5340_and_provider_total_21719(norfolk):
    """Control totals table: 'CCG Total' 5,340 and 'Provider Total' (21,719)."""
    assert norfolk["controls"].get("ccg", "net") == D("5340")
    assert norfolk["controls"].get("provider", "net") == D("-21719")


def test_plan_before_support_86345(norfolk):
    """2019/20 financial plans table 'TOTAL', Surplus/(deficit) column: (86,345)."""
    assert norfolk["controls"].get("system", "plan_surplus_deficit") == D("-86345")


def test_support_69966_given_as_one_figure_not_split_by_kind(norfolk):
    """2019/20 financial plans table, 'PSF/CSF/ FRF/ MRET' column: TOTAL 69,966, one figure for
    all kinds; none of it is presented as PSF (or FRF or MRET) alone."""
    controls = norfolk["controls"]
    assert controls.get("system", "support") == D("69966")
    assert controls.get("system", "support_not_split") == D("69966")
    for kind in ("psf", "frf", "mret"):
        assert controls.get("system", kind) == D(0)
    rows = norfolk["control_rows"]
    assert rows["NNUH"].support_not_split == D("33649")
    assert rows["QEH"].support_not_split == D("23302")
    assert rows["JPUH"].support_not_split == D("7940")


def test_allocations_1594620_are_the_ccgs_not_allocations_and_income_added(norfolk):
    """Control totals table: the 'Total' row prints 1,594,620 under Allocations (the five
    CCGs); providers' figures are Income, of which no total is printed. 2,953,491 (both added
    together) is not the seed's figure."""
    controls = norfolk["controls"]
    assert controls.get("system", "allocations") == D("1594620")
    assert controls.get("ccg", "allocations") == D("1594620")
    assert controls.get("provider", "allocations") == D(0)
    assert controls.get("system", "income") == D("1358871")


def test_finance_page_shows_allocations_and_support_as_the_seed_prints_them(office_client):
    """Control totals table and 2019/20 financial plans table, as the finance page shows
    them: allocations 1,594,620 and no 2,953,491; support under PSF/CSF/FRF/MRET."""
    page = office_client.get(f"/s/{SLUG}/finance/").content.decode()
    assert "1,594,620" in page
    assert "2,953,491" not in page
    assert "PSF/CSF/ FRF/MRET (not split)" in page
    assert "69,966" in page
    assert "(16,379)" in page


def test_efficiencies_total_113208(norfolk):
    """Efficiencies section: 'efficiencies totalling £113.2m'; table 'Total' row 113,208
    (recurrent 95,512 as printed, non-recurrent 17,695)."""
    efficiency = norfolk["efficiency"]
    assert efficiency.get("system", "total") == D("113208")
    assert efficiency.get("system", "non_recurrent") == D("17695")
    assert efficiency.get("ccg", "total") == D("60422")
    assert efficiency.get("provider", "total") == D("52786")
    assert efficiency.get("ccg", "percent") == D("3.79")
    assert efficiency.get("provider", "percent") == D("3.88")


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ("GYWCCG", "3.99"),
        ("NNCCG", "3.08"),
        ("NorwichCCG", "3.00"),
        ("SNCCG", "4.68"),
        ("WNCCG", "4.09"),
        ("JPUH", "4.34"),
        ("NNUH", "4.14"),
        ("NSFT", "4.10"),
        ("NCH&C", "3.53"),
        ("QEH", "2.74"),
    ],
)
def test_the_ten_efficiency_percentages(norfolk, organisation, expected):
    """Efficiencies table, 'Efficiencies %' column, one per organisation."""
    plans = norfolk["plans"]
    plan = next(
        p
        for short_name, p in plans.items()
        if organisation in (short_name, p.organisation.short_name)
        or p.organisation.short_name.replace(" ", "") == organisation
    )
    assert plan.percent == D(expected)


def test_the_seeds_two_off_by_one_totals_are_shown_as_stated_and_reconciled(norfolk):
    """Efficiencies table: the 'Total' recurrent 95,512 (rows add to 95,513) and the 'CCG
    Total Efficiencies' denominator 1,594,619 (rows add to 1,594,620). The product keeps the
    seed's stated figure and says it differs from its own sum by 1; every other stated total
    (20 in all) reconciles."""
    stated = list(finance_querysets.stated_totals_for(norfolk["system"], norfolk["year"]))
    assert len(stated) == 20
    differences = reconcile(
        stated,
        {"control_totals": norfolk["controls"], "efficiency_plans": norfolk["efficiency"]},
    )
    found = {(d.table, d.group, d.column, d.stated, d.computed) for d in differences}
    assert found == {
        ("efficiency_plans", "system", "recurrent", D("95512"), D("95513")),
        ("efficiency_plans", "ccg", "denominator", D("1594619"), D("1594620")),
    }
    assert {d.difference for d in differences} == {D(1)}


def test_finance_page_names_both_off_by_one_totals(office_client):
    """Efficiencies table's two printed totals that are 1 off their rows, on the page."""
    page = office_client.get(f"/s/{SLUG}/finance/").content.decode()
    assert "2 stated totals do not match the sum of the rows" in page
    assert "Stated 95,512, computed 95,513, difference 1" in page
    assert "Stated 1,594,619, computed 1,594,620, difference 1" in page
    # The efficiencies table's total rows show the figures as the paper prints them.
    assert "95,512<br>" in page and "as printed; the rows add to 95,513" in page
    assert "1,594,619<br>" in page and "as printed; the rows add to 1,594,620" in page


def test_risk_reserve_allocates_qehs_6m_as_stated(seeds):
    """System financial position: QEH's one-year support of £6m 'agreed and supported through
    the risk reserve'. The £5.4m for the central Norfolk CCGs follows 'In addition' and is not
    said to come from the reserve."""
    year = FinancialYear.objects.get(label="2019/20")
    [reserve] = [
        f
        for f in finance_querysets.funds_for(
            get_user_model().objects.get(username=f"office.{SLUG}"),
            System.objects.get(slug=SLUG),
            year,
        )
        if f.kind == "risk_reserve"
    ]
    assert reserve.allocated == D("6000")
    assert [a.organisation.short_name for a in reserve.allocations.all()] == ["QEH"]


# Workstreams and milestones --------------------------------------------------------------------

# System Priorities and Deliverables, A to H: each work stream's key deliverables.
PER_WORKSTREAM = {"A": 8, "B": 7, "C": 2, "D": 8, "E": 9, "F": 7, "G": 5, "H": 7}


def test_eight_workstreams_a_to_h(seeds):
    """System Priorities and Deliverables: work streams A (Primary and community care) to H
    (Digital)."""
    codes = Workstream.objects.filter(plan__system__slug=SLUG).values_list("code", flat=True)
    assert sorted(codes) == list("ABCDEFGH")


def test_53_milestones_by_workstream(seeds):
    """System Priorities and Deliverables, A to H: 53 key deliverables in all, F (Cancer) and
    H (Digital) included though none of theirs is dated."""
    milestones = Milestone.objects.filter(workstream__plan__system__slug=SLUG)
    assert milestones.count() == 53
    assert Counter(milestones.values_list("workstream__code", flat=True)) == PER_WORKSTREAM


def test_23_undated_milestones_stay_undated_with_no_rag_invented(seeds):
    """A, C, E, F and H give deliverables without a date (e.g. F's 'Community cancer nursing
    pilots'): stored without a baseline and 'Not dated' as at April 2019, not red or green."""
    milestones = milestones_for_list(Milestone.objects.filter(workstream__plan__system__slug=SLUG))
    rows = milestone_rows(milestones, AS_AT)
    undated = [r for r in rows if r.milestone.baseline_on is None]
    assert len(undated) == 23
    assert {r.rag for r in undated} == {"undated"}
    assert {r.milestone.workstream.code for r in undated} >= {"F", "H"}
    assert dict(rag_counts(r.rag for r in rows))["undated"] == 23


def test_rag_as_at_the_papers_date(seeds):
    """A. Primary and community care: colocation plans 'by the end of March 2019' are overdue
    in April 2019 unless completed; PCN plans 'By July 2019' are on track."""
    milestones = Milestone.objects.filter(workstream__plan__system__slug=SLUG)
    colocation = milestones.get(title__contains="colocation of adult social care")
    pcn_plans = milestones.get(title__contains="PCN level plans")
    assert colocation.rag_on(AS_AT) == "red"
    assert pcn_plans.rag_on(AS_AT) == "green"


def test_undated_milestone_on_the_list_page_and_in_the_api(office_client, seeds):
    """F. Cancer, Key Deliverables: 'Community cancer nursing pilots' (no date): 'Not dated'
    on the list and its page; null baseline and rag 'undated' in the API."""
    milestone = Milestone.objects.get(
        workstream__plan__system__slug=SLUG, title="Community cancer nursing pilots"
    )
    page = office_client.get(f"/s/{SLUG}/milestones/", {"workstream": milestone.workstream_id})
    assert "Not dated" in page.content.decode()
    detail = office_client.get(f"/s/{SLUG}/milestones/{milestone.pk}/").content.decode()
    assert "Not dated" in detail
    token = factories.api_token(get_user_model().objects.get(username="regulator"))
    data = office_client.get(
        f"/api/v1/milestones/{milestone.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert data["baseline_on"] is None
    assert data["first_baseline_on"] is None
    assert data["rag"] == "undated"


# Risks -----------------------------------------------------------------------------------------


def test_key_risks_rated_h_and_m_as_the_seed_gives_them(seeds):
    """Key risks to delivery of the 2019/20 system control total, 'Severity/ Likelihood'
    column: workforce M, non-elective demand H, elective cost H, capital H, CIP & QIPP M. No
    likelihood, impact or score is given, so none is stored."""
    risks = Risk.objects.filter(system__slug=SLUG).order_by("reference")
    assert [(r.reference, r.grade) for r in risks] == [
        ("R1", "M"),
        ("R2", "H"),
        ("R3", "H"),
        ("R4", "H"),
        ("R5", "M"),
    ]
    for risk in risks:
        assert (risk.likelihood, risk.impact, risk.score, risk.rating) == (None, None, None, None)
        assert risk.rating_label == risk.grade


def test_risk_register_shows_h_and_m_not_inflated_scores(office_client):
    """Key risks table as the register shows it: H and M, not '16 Extreme' or '9 High'."""
    page = office_client.get(f"/s/{SLUG}/risks/", {"order": "-band"}).content.decode()
    assert ">H</strong>" in page
    assert ">M</strong>" in page
    assert "Extreme" not in page.split("<table", 2)[-1]
    assert "open risks rated H" in page


def test_dashboard_counts_the_undated_and_ranks_the_rated_risks(office_client):
    """A to H's 23 undated deliverables are counted as not dated, and the key risks table's H
    risks head the top risks, each shown as rated (not as a score)."""
    page = office_client.get(f"/s/{SLUG}/").content.decode()
    assert "?rag=undated" in page and "23 not dated" in page
    assert "(rated H)" in page and "(rated M)" in page
    assert "(score" not in page


def test_ccgs_named_as_the_finance_tables_write_them(seeds):
    """System financial position, allocations table: "NHS Great Yarmouth and Waveney CCG", "NHS
    North Norfolk CCG", "NHS Norwich CCG", "NHS South Norfolk CCG"; Cancer: "EAHSN" (the paper
    never spells it out); Primary care: "GP Provider Organisations (GPPOs)". NHS West Norfolk CCG
    is shared with West Norfolk and keeps one name."""
    names = set(
        Partnership.objects.filter(system__slug=SLUG).values_list("organisation__name", flat=True)
    )
    assert {
        "NHS Great Yarmouth and Waveney CCG",
        "NHS North Norfolk CCG",
        "NHS Norwich CCG",
        "NHS South Norfolk CCG",
        "EAHSN",
        "GP Provider Organisations",
    } <= names
    assert not any("Clinical Commissioning Group" in n and "West" not in n for n in names)


def test_key_only_under_the_papers_key_deliverables_headings(seeds):
    """Key milestones are those under a "Key deliverables" heading (A, B, D to G). The six
    services' transfer is the aim under C's "Service Transformation" (L193) and H lists "the
    following deliverables" (L343) with no such heading: neither is key. The only dependency
    kept is the one the paper states: "deliver the plans" (L109) of the colocation plans
    (L105-108); PCN level plans and pathways are not made to depend on PCNs being established."""
    rows = Milestone.objects.filter(workstream__plan__system__slug="norfolk-waveney")
    assert not rows.filter(title__startswith="Six services").get().is_key
    assert not rows.filter(workstream__code="H", is_key=True).exists()
    assert rows.filter(workstream__code="A", is_key=True).count() == 8
    links = Dependency.objects.filter(milestone__workstream__plan__system__slug="norfolk-waveney")
    assert {d.milestone.title for d in links} == {"PCN colocation plans delivered"}
    assert links.count() == 3


def test_control_total_risks_as_the_table_gives_them(seeds):
    """ "Key risks to delivery of the 2019/20 system control total" (L566-572) has the columns
    Risk, Mitigation and Severity/ Likelihood: the mitigations and grades are kept, no category
    or work stream link is added."""
    risks = Risk.objects.filter(system__slug="norfolk-waveney")
    assert set(risks.values_list("category", flat=True)) == {""}
    assert not risks.filter(workstream_links__isnull=False).exists()
    assert risks.get(reference="R4").mitigations.startswith("National funding for STP bids")


def test_the_dashboard_opens_at_the_papers_date_with_its_rag_story(office_client):
    """The demo system opens as at the paper's date (April 2019, its month end): the dashboard
    counts the RAG its deliverables have then (colocation overdue, PCN plans on track), not as
    at today, when every dated deliverable of 2019/20 is long overdue."""
    assert System.objects.get(slug=SLUG).opens_as_at == AS_AT
    response = office_client.get(f"/s/{SLUG}/")
    assert "Figures as at 30 April 2019" in response.content.decode()
    assert "Showing as at <strong>30 April 2019</strong>" in response.content.decode()
    milestones = Milestone.objects.filter(
        workstream__plan__system__slug=SLUG, withdrawn_on=None, workstream__withdrawn_on=None
    )
    expected = Counter(r.rag for r in milestone_rows(milestones_for_list(milestones), AS_AT))
    counts = response.context["data"].rag_counts
    assert counts == expected
    assert counts["green"] > counts["red"] > 0 and counts["undated"] == 23
