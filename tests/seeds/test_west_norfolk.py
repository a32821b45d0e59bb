"""West Norfolk post CPT Joint Working Arrangement (seed 000, 2015), read through the product:
the escalation routes and their regulators, routing by organisation kind, the signatures and the
chair's monthly report."""

from datetime import date

import pytest
from django.urls import reverse

from escalation import services as escalation_services
from escalation.models import EscalationRoute
from escalation.querysets import party_kinds
from escalation.routing import regulator_routes
from governance.models import Agreement, Committee
from milestones.models import Milestone
from partners.models import Partnership, System
from reports.pdf import render_pdf
from reports.snapshot import build_snapshot
from tests.pdf_reading import pdf_text
from tests.seeds.pages import office_client, summary_value

JWA = "West Norfolk post CPT Joint Working Arrangement"


@pytest.fixture
def west_norfolk(seeds):
    return System.objects.get(slug="west-norfolk")


def _routes(system):
    return {
        r.covers_commitment.number: r
        for r in EscalationRoute.objects.filter(system=system).select_related(
            "covers_commitment", "agreement"
        )
    }


def test_a_joint_working_arrangement_of_a_local_health_economy_not_an_stp(west_norfolk):
    """s.1 Background and s.2 Purpose: the West Norfolk LHE and its JWA (2015, before STPs)."""
    assert west_norfolk.stage == "local_health_economy"
    assert west_norfolk.get_stage_display() == "Local health economy"
    assert System.Stage.values.index("local_health_economy") < System.Stage.values.index("stp")


def test_four_routes_each_keeping_its_commitment(west_norfolk):
    """s.4 governance table, items 1-4 (and s.2 Scope 1-4): one route per item, each covering the
    JWA commitment of the same number."""
    routes = _routes(west_norfolk)
    assert sorted(routes) == [1, 2, 3, 4]
    for number, route in routes.items():
        assert route.agreement.title == JWA
        assert route.covers_commitment.agreement.title == JWA
        assert route.clause.startswith(f"s.4 governance table, item {number}")


def test_qeh_actions_go_to_monitor_and_wnccg_actions_to_nhs_england(west_norfolk):
    """s.4 table: item 1 (QEH actions) responsible Monitor, "including enforcement action";
    item 2 (WNCCG actions) responsible NHS(E), asking for a written explanation. Monitor, not NHS
    Improvement, which did not exist in 2015."""
    routes = _routes(west_norfolk)
    qeh = routes[1].steps.get(order=1)
    assert qeh.escalate_to_organisation.name == "Monitor"
    assert "enforcement" in qeh.escalate_to_role
    ccg = routes[2].steps.get(order=1)
    assert ccg.escalate_to_organisation.name == "NHS England"
    assert "revised delivery timetable (if applicable)" in ccg.response_required
    names = {
        s.escalate_to_organisation.name
        for r in routes.values()
        for s in r.steps.all()
        if s.escalate_to_organisation
    }
    assert "NHS Improvement" not in names


def test_no_route_to_the_tda_as_no_nhs_trust_is_party(west_norfolk):
    """s.4 footnote 1: "escalation issues do not need to be flagged to the Trust Development
    Authority as there are no NHS Trusts in the relevant LHE"; Monitor's (QEH, a foundation trust)
    and NHS(E)'s (WNCCG) routes apply."""
    parties = party_kinds(Partnership.objects.filter(system=west_norfolk))
    by_regulator = {r.regulator: r for r in regulator_routes(parties)}
    assert not by_regulator["Trust Development Authority"].applies
    assert by_regulator["Monitor"].applies
    assert by_regulator["Monitor"].parties == (
        "The Queen Elizabeth Hospital King's Lynn NHS Foundation Trust",
    )
    assert by_regulator["NHS England"].applies


def test_the_service_refuses_a_step_to_the_tda(west_norfolk):
    """s.4 footnote 1, applied when a route is created: no step to the TDA in West Norfolk."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    tda = Partnership.objects.get(system=west_norfolk, oversees="nhs_trust").organisation
    actor = get_user_model().objects.get(username="office.west-norfolk")
    with pytest.raises(ValidationError) as error:
        escalation_services.route_create(
            actor=actor,
            system=west_norfolk,
            name="To the TDA",
            steps=[{"order": 1, "escalate_to_organisation": tda}],
        )
    assert "No NHS trust is party" in str(error.value)


def test_two_dated_signatures(west_norfolk):
    """s.7 Signatories: Andrew Pike for NHS(E), 31 July 2015; Paul Dinkin for Monitor,
    05 August 2015."""
    agreement = Agreement.objects.get(system=west_norfolk, title=JWA)
    signed = {
        p.organisation.name: (p.signatory.name, p.signed_on)
        for p in agreement.parties.select_related("organisation", "signatory")
    }
    assert signed == {
        "NHS England": ("Andrew Pike", date(2015, 7, 31)),
        "Monitor": ("Paul Dinkin", date(2015, 8, 5)),
    }


def test_the_monthly_report_names_its_recipients(west_norfolk):
    """s.3 (Independent Chair: "Provide monthly update report to Monitor and NHSE") and s.4
    ("The Chair will provide monthly reports to Monitor and NHS(E)"): the report says so."""
    snapshot = build_snapshot(west_norfolk, date(2015, 9, 1))
    recipients = snapshot["agreements"]["recipients"]
    assert [r["to"] for r in recipients] == ["Monitor and NHS(E)"]
    assert recipients[0]["agreement"] == JWA
    assert "s.4" in recipients[0]["clause"]


def test_the_report_cover_says_whom_it_goes_to(west_norfolk):
    """s.4 ("The Chair will provide monthly reports to Monitor and NHS(E)"): the PDF's cover
    names the recipients and the clause, and its chair is a demo account, not a seed person
    (the JWA names no chair)."""
    snapshot = build_snapshot(west_norfolk, date(2015, 9, 1))
    text = pdf_text(render_pdf(snapshot, draft=True))
    assert "Independent chair's monthly report to Monitor and NHS(E)" in text
    assert "Report to Monitor and NHS(E) (West Norfolk post CPT Joint Working Arrangement" in text
    assert "s.4 Proposed Approach" in text
    assert snapshot["chair"] == "Demo chair"
    assert "Independent chair Demo chair" in text


# The JWA as written: no dispute clause, its term and review; the Tripartite meeting (issue 14) -


def test_the_jwa_has_no_dispute_clause_and_its_term_as_written(west_norfolk):
    """The JWA has no dispute resolution clause: the monthly report, the Tripartite escalation
    meeting and footnote 1 are s.4 "Proposed Approach" (L43-45, L65), carried by the escalation
    routes and the Tripartite meeting. Its term is Scope (L21): "until the post CPT
    implementation plan is completed, or such other time as agreed by Monitor and NHS(E)"; no
    expiry date. s.6 Review Period (L68): "We will review this JWA as and when required": no
    review date."""
    agreement = Agreement.objects.get(system=west_norfolk, title=JWA)
    assert agreement.dispute_resolution == []
    assert agreement.expires_on is None
    assert agreement.review_on is None
    page = (
        office_client("west-norfolk")
        .get(reverse("governance:agreement-detail", args=["west-norfolk", agreement.pk]))
        .content.decode()
    )
    assert "Dispute resolution" not in page
    assert summary_value(page, "Expires") == "Not recorded"
    assert summary_value(page, "Expiry as written").endswith(
        "until the post CPT implementation plan is completed, or such other time as agreed by "
        "Monitor and NHS(E)."
    )
    assert "as and when required" in agreement.source
    tripartite = Committee.objects.get(system=west_norfolk, name="Tripartite escalation meeting")
    assert "extraordinary Tripartite escalation meeting" in tripartite.purpose
    assert "statutory regulatory obligations" in tripartite.purpose
    oversight = Committee.objects.get(system=west_norfolk, name__startswith="Local Oversight Group")
    assert "flag any issues that the Chair believes require escalation" in oversight.purpose
    footnote = "no NHS Trusts in the West Norfolk LHE"
    assert all(footnote in r.source for r in EscalationRoute.objects.filter(system=west_norfolk))


def test_tripartite_meeting_attended_by_one_or_the_other(west_norfolk):
    """s.4 (L45): "attended by the NHS(E) Director of Commissioning Operations and either a
    Monitor Enforcement Director or Regional Director": two attendees, the second either post."""
    tripartite = Committee.objects.get(system=west_norfolk, name="Tripartite escalation meeting")
    page = (
        office_client("west-norfolk")
        .get(reverse("governance:committee-detail", args=["west-norfolk", tripartite.pk]))
        .content.decode()
    )
    assert "Monitor Enforcement Director or Regional Director" in page
    posts = sorted(m.person.title for m in tripartite.memberships.select_related("person"))
    assert posts == [
        "Director of Commissioning Operations",
        "Monitor Enforcement Director or Regional Director",
    ]


def test_committees_the_jwa_says_nothing_of_delegation_show_not_recorded(west_norfolk):
    """The JWA gives no committee delegated functions (s.3, s.4): each shows "Not recorded",
    not "None delegated"."""
    client = office_client("west-norfolk")
    for committee in Committee.objects.filter(system=west_norfolk):
        url = reverse("governance:committee-detail", args=["west-norfolk", committee.pk])
        page = client.get(url).content.decode()
        assert summary_value(page, "Delegated authority") == "Not recorded", committee.name
        assert "None delegated" not in page


def test_the_tda_as_the_footnote_names_it(west_norfolk):
    """s.4 footnote 1 (L65): "the Trust Development Authority"."""
    tda = Partnership.objects.get(system=west_norfolk, oversees="nhs_trust").organisation
    assert tda.name == "Trust Development Authority"


def test_the_plan_publication_is_not_marked_key(west_norfolk):
    """s.1 (L7): QEH and WNCCG "will be jointly publishing a post CPT-implementation plan by 04
    Aug 2015": a dated milestone, but the JWA marks no milestone as key."""
    milestone = Milestone.objects.get(workstream__plan__system=west_norfolk)
    assert milestone.baseline_on == date(2015, 8, 4)
    page = office_client("west-norfolk").get(
        reverse("milestones:milestone-detail", args=["west-norfolk", milestone.pk])
    )
    assert "Key milestone" not in page.content.decode()


def test_srg_stage_beside_the_jwas_only_words(west_norfolk):
    """s.4 table item 3 (L52): "NHSE and monitor to attend SRG if required" is all the JWA says
    of the SRG; the page gives those words and that it says nothing of its establishment."""
    srg = Committee.objects.get(system=west_norfolk, short_name="SRG")
    url = reverse("governance:committee-detail", args=["west-norfolk", srg.pk])
    purpose = summary_value(office_client("west-norfolk").get(url).content.decode(), "Purpose")
    assert "attend SRG if required" in purpose
    assert "whether it is established" in purpose
