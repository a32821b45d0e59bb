"""Seed 001 (West, North and East Cumbria, 2017) read back through the product's own
computations: quorum of the ICG and PAG terms of reference, the PAG MoU's drafts, parties and
withdrawal notice, the dispute route's step after more than one month, the gateways and the
risks.

The paper records no meeting of the ICG or the PAG with its attendance, so the meetings here
are held by the test, from the membership tables the paper gives; the demo holds none.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import system_actor
from escalation import services as escalation_services
from escalation.models import EscalationRoute, Risk
from governance import services
from governance.models import Agreement, Committee, Meeting, Membership
from governance.querysets import meeting_quorum
from milestones.models import Dependency, Gateway, Milestone
from partners.models import Organisation, Person, System
from reports.pdf import render_pdf
from reports.snapshot import build_snapshot
from reports.snapshot.common import Period
from reports.snapshot.governance import committees as snapshot_committees
from tests import factories
from tests.pdf_reading import pdf_text
from tests.seeds.pages import office_client, summary_value

CCC = "Cumbria County Council"
CCG = "NHS North Cumbria Clinical Commissioning Group"
NHSE = "NHS England"
NCUH = "North Cumbria University Hospitals NHS Trust"


def _committee(short_name: str) -> Committee:
    return Committee.objects.get(system__slug="cumbria", short_name=short_name)


def _members(committee: Committee, organisation: str) -> list[Membership]:
    return list(
        committee.memberships.filter(
            role__in=Membership.QUORUM_ROLES, organisation__name=organisation
        ).select_related("person")
    )


def _meeting(committee: Committee, present: dict[str, int], held_on=date(2017, 6, 1)) -> Meeting:
    """A meeting at which the first N members (in the membership table) of each organisation
    are present."""
    actor = system_actor()
    meeting = services.meeting_create(actor=actor, committee=committee, held_on=held_on)
    for organisation, count in present.items():
        members = _members(committee, organisation)
        assert len(members) >= count, f"the seed lists too few {organisation} members"
        for membership in members[:count]:
            services.attendance_record(
                actor=actor, meeting=meeting, person=membership.person, status="present"
            )
    return meeting


def _reasons(meeting: Meeting) -> dict[str, bool]:
    return {c.reason: c.met for c in meeting_quorum(meeting).checks}


def test_icg_quorate_with_two_council_two_ccg_one_nhs_england(seeds):
    """Appendix 1, ICG outline terms, 'Frequency of Meetings and Quorum': at least two of each
    of the County Council and the CCG, and at least one of NHS England."""
    meeting = _meeting(_committee("ICG"), {CCC: 2, CCG: 2, NHSE: 1})
    assert meeting_quorum(meeting).quorate is True
    assert _reasons(meeting) == {
        f"{CCC}: 2 representatives present, 2 needed": True,
        f"{CCG}: 2 representatives present, 2 needed": True,
        f"{NHSE}: 1 representative present, 1 needed": True,
    }


@pytest.mark.parametrize(
    ("present", "unmet"),
    [
        ({CCC: 1, CCG: 2, NHSE: 1}, f"{CCC}: 1 of 2 representatives present"),
        ({CCC: 2, CCG: 1, NHSE: 1}, f"{CCG}: 1 of 2 representatives present"),
        ({CCC: 4, CCG: 4}, f"{NHSE}: 0 of 1 representative present"),
    ],
)
def test_icg_not_quorate_says_which_organisation_is_short(seeds, present, unmet):
    """Appendix 1, ICG outline terms, 'Frequency of Meetings and Quorum'."""
    meeting = _meeting(_committee("ICG"), present)
    assert meeting_quorum(meeting).quorate is False
    assert [reason for reason, met in _reasons(meeting).items() if not met] == [unmet]


def test_icg_nominated_deputies_count(seeds):
    """Appendix 1, ICG outline terms: "Nominated Deputies will be able to attend the meeting and
    participate in decision making"."""
    icg = _committee("ICG")
    meeting = _meeting(icg, {CCC: 1, CCG: 2, NHSE: 1})
    absent = _members(icg, CCC)[1]
    deputy = factories.PersonFactory(system=icg.system, organisation=absent.organisation)
    services.attendance_record(
        actor=system_actor(),
        meeting=meeting,
        person=deputy,
        status="present",
        deputising_for=absent,
    )
    assert meeting_quorum(meeting).quorate is True


def test_pag_quorate_with_ccc_cpft_and_ncuh_present(seeds):
    """Appendix 3, Annex B, PAG Terms of Reference [November 2016], Quorum: "each of the
    Cumbria based statutory provider organisations is required to be present - CCC, CPFT,
    NCUH"."""
    cpft = "Cumbria Partnership NHS Foundation Trust"
    meeting = _meeting(_committee("PAG"), {CCC: 1, cpft: 1, NCUH: 1}, date(2017, 1, 10))
    assert meeting_quorum(meeting).quorate is True
    assert all(_reasons(meeting).values()) and len(_reasons(meeting)) == 3


def test_pag_not_quorate_without_ncuh(seeds):
    """Appendix 3, Annex B, PAG Terms of Reference, Quorum."""
    cpft = "Cumbria Partnership NHS Foundation Trust"
    meeting = _meeting(_committee("PAG"), {CCC: 2, cpft: 3}, date(2017, 1, 10))
    assert meeting_quorum(meeting).quorate is False
    assert _reasons(meeting)[f"{NCUH}: 0 of 1 representative present"] is False


def _pag_with_other_deputy_for_ncuh(chair_agreed: bool) -> Meeting:
    pag = _committee("PAG")
    cpft = "Cumbria Partnership NHS Foundation Trust"
    meeting = _meeting(pag, {CCC: 1, cpft: 1}, date(2017, 1, 10))
    ncuh_member = _members(pag, NCUH)[1]
    deputy = factories.PersonFactory(system=pag.system, organisation=ncuh_member.organisation)
    services.attendance_record(
        actor=system_actor(),
        meeting=meeting,
        person=deputy,
        status="present",
        deputising_for=ncuh_member,
        chair_agreed=chair_agreed,
    )
    return meeting


def test_pag_other_deputy_counts_only_with_the_chairs_agreement(seeds):
    """Appendix 3, Annex B, PAG Terms of Reference, Quorum: "If members and deputies are not
    available then other nominated deputies are allowed by exception and with the Chair's
    agreement"."""
    without = meeting_quorum(_pag_with_other_deputy_for_ncuh(chair_agreed=False))
    assert (without.quorate, without.deputies_excluded) == (False, 1)
    assert "no chair's agreement recorded" in without.notes[0]
    Meeting.objects.filter(committee__short_name="PAG").delete()
    agreed = meeting_quorum(_pag_with_other_deputy_for_ncuh(chair_agreed=True))
    assert (agreed.quorate, agreed.deputies_excluded) == (True, 0)


def test_pag_named_deputy_counts_without_asking_the_chair(seeds):
    """Appendix 3, Annex B, PAG Terms of Reference, Membership: members "or their nominated and
    brief deputies"; the table names "Ged Blezard (Peter Mulchay - deputy)" for NWAS."""
    pag = _committee("PAG")
    meeting = _meeting(pag, {}, date(2017, 1, 10))
    ged = pag.memberships.get(person__name="Ged Blezard", role=Membership.Role.MEMBER)
    services.attendance_record(
        actor=system_actor(),
        meeting=meeting,
        person=Person.objects.get(system__slug="cumbria", name="Peter Mulchay"),
        status="present",
        deputising_for=ged,
    )
    outcome = meeting_quorum(meeting)
    assert (outcome.counted, outcome.deputies_excluded) == (1, 0)


def test_pag_membership_keeps_the_role_on_board_and_the_sros(seeds):
    """Appendix 3, Annex B, PAG Terms of Reference, Membership table ('Role on Board')."""
    roles = dict(_committee("PAG").memberships.values_list("person__name", "role_on_board"))
    assert roles["Stephen Eames"] == (
        "Chair, CEO Sponsor Acute Service Delivery Framework, NCUH member"
    )
    assert roles["Lynn Marsland"] == "SRO Our People"
    assert roles["Debbie Freake"] == "SRO Organisational Form & PMO member"
    assert sum(1 for text in roles.values() if text.startswith("SRO")) == 8


def test_the_chairs_report_gives_quorum_with_its_reasons(seeds):
    """Appendix 1, ICG quorum, read through the chair's monthly report's snapshot."""
    meeting = _meeting(_committee("ICG"), {CCC: 1, CCG: 2, NHSE: 1})
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    system = System.objects.get(slug="cumbria")
    icg = next(c for c in snapshot_committees(system, Period.of(date(2017, 6, 1))))
    row = icg["meetings"][0]
    assert row["quorate"] is False
    assert {"met": False, "reason": f"{CCC}: 1 of 2 representatives present"} in row[
        "quorum_reasons"
    ]


def test_pag_mou_drafts_parties_and_withdrawal_notice(seeds):
    """Appendix 3, PAG MoU: version table (Draft 0.1 to 0.6), the five Parties, and para 9b
    "at least 30 calendar days' notice in writing"."""
    mou = Agreement.objects.get(system__slug="cumbria", title__startswith="Memorandum")
    versions = list(mou.versions.order_by("issued_on").values_list("number", "issued_on"))
    assert [number for number, _ in versions] == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6"]
    assert (versions[0][1], versions[-1][1]) == (date(2017, 1, 30), date(2017, 3, 22))
    parties = mou.parties.select_related("organisation")
    assert {p.organisation.short_name for p in parties} == {
        "CPFT",
        "NCUH",
        "GP ICC Leads",
        "CHoC",
        "NWAS",
    }
    nwas = parties.get(organisation__short_name="NWAS")
    services.party_give_withdrawal_notice(
        actor=system_actor(), party=nwas, given_on=date(2017, 6, 1)
    )
    assert nwas.withdrawal_effective_on == date(2017, 7, 1)


def _dispute_at_pag(referred_on: date):
    route = EscalationRoute.objects.get(system__slug="cumbria", steps__order=3)
    actor = system_actor()
    case = escalation_services.case_raise(
        actor=actor, route=route, reason="Unresolved", raised_on=referred_on, subject_text="Dispute"
    )
    return escalation_services.case_step_up(actor=actor, case=case, on=referred_on)


def test_dispute_steps_up_only_after_more_than_one_month_at_the_pag(seeds):
    """Appendix 3, PAG MoU para 16b: "Where an issue remains unresolved after more than one
    month after referral to the PAG then any Party (or the PAG) may escalate the issue to a
    suitable regulatory body". Referred on 15 January: day 31 is 15 February, exactly one
    month on, so not yet; from 16 February."""
    case = _dispute_at_pag(date(2019, 1, 15))
    assert case.current_step.escalate_to_committee.short_name == "PAG"
    assert case.step_up_due_on == date(2019, 2, 16)
    with pytest.raises(ValidationError) as error:
        escalation_services.case_step_up(actor=system_actor(), case=case, on=date(2019, 2, 15))
    assert "more than 1 month" in error.value.message_dict["on"][0]
    case = escalation_services.case_step_up(actor=system_actor(), case=case, on=date(2019, 2, 16))
    assert case.current_step.escalate_to_role == "A suitable regulatory body"


def test_three_gateways_with_their_dates(seeds):
    """Report s10, Local Gateways: Gateway 1 from 1 April 2017, Gateway 2 from October 2017,
    Gateway 3 from 1 April 2018."""
    gateways = Gateway.objects.filter(plan__system__slug="cumbria").order_by("number")
    assert [(g.number, g.from_date) for g in gateways] == [
        (1, date(2017, 4, 1)),
        (2, date(2017, 10, 1)),
        (3, date(2018, 4, 1)),
    ]


def test_seventeen_high_level_risks(seeds):
    """Appendix 4, High Level Risks Associated with Provider Integration: 17 risks."""
    assert Risk.objects.filter(system__slug="cumbria").count() == 17


def test_every_organisation_the_quorum_names_is_a_seed_organisation(seeds):
    """Appendix 1, ICG outline terms: the quorum names CCC, the CCG and NHS England."""
    named = Organisation.objects.filter(
        pk__in=_committee("ICG").terms.get().quorum_requirements.values("organisation")
    ).values_list("short_name", flat=True)
    assert set(named) == {"CCC", "CCCG", "NHSE"}


def test_the_report_counts_the_seventeen_risks_no_register_rates(seeds):
    """Appendix 4 lists 17 high level risks with neither a score nor a grade: the chair's report
    counts and lists every one, never "No risks were open", and draws no heat map of them."""
    snapshot = build_snapshot(System.objects.get(slug="cumbria"), date(2017, 11, 1))
    risks = snapshot["risks"]
    assert (risks["open"], risks["rated"], risks["top"]) == (17, 0, [])
    assert [r["reference"] for r in risks["unrated"]] == [f"R{n}" for n in range(1, 18)]
    assert sum(map(sum, risks["heat_map"])) == 0
    text = pdf_text(render_pdf(snapshot, draft=True))
    assert "17 risks were open at the end of the month" in text
    assert "17 open risks are not rated by their register" in text
    assert "No risks were open" not in text


# The PAG MoU's term, delegation as the paper states it, names as written (issue 14 review) -----


def test_pag_mou_expiry_as_written_with_no_date(seeds):
    """Appendix 3, PAG MoU para 9a (L688): "shall commence on the date of signature by all the
    Parties, and shall expire on the earlier of the execution of a formal legally binding
    agreement ... or [INSERT]": shown as written; no expiry date, the draft leaves it blank."""
    mou = Agreement.objects.get(system__slug="cumbria", kind="mou")
    assert mou.expires_on is None
    page = (
        office_client("cumbria")
        .get(reverse("governance:agreement-detail", args=["cumbria", mou.pk]))
        .content.decode()
    )
    assert summary_value(page, "Expires") == "Not recorded"
    expiry = summary_value(page, "Expiry as written")
    assert expiry.startswith("This MoU shall commence on the date of signature by all the Parties")
    assert "formal legally binding agreement" in expiry
    assert expiry.endswith("or [INSERT].")


def test_delegation_shown_only_as_the_paper_states_it(seeds):
    """The Implementation Groups (Appendix 1 structure) are given no word on delegation: "Not
    recorded", not "None delegated". The PAG's own words (Appendix 3 and L827: "does not
    initially have any delegated functions") and the SLB's ("Works within statutory
    organisational arrangements", governance table L788) are shown as written."""
    client = office_client("cumbria")

    def shown(name: str) -> str:
        committee = Committee.objects.get(system__slug="cumbria", name=name)
        url = reverse("governance:committee-detail", args=["cumbria", committee.pk])
        return summary_value(client.get(url).content.decode(), "Delegated authority")

    assert shown("Implementation Group: Our People") == "Not recorded"
    assert shown("Programme Coordination Group") == "Not recorded"
    assert shown("Provider Alliance Group").startswith(
        "The PAG does not initially have any delegated functions"
    )
    assert shown("System Leadership Board") == "Works within statutory organisational arrangements."


def test_cumbria_healthwatch_as_the_paper_names_it(seeds):
    """Governance table, System Leadership Board membership (L788): "Cumbria Healthwatch"."""
    assert Organisation.objects.filter(name="Cumbria Healthwatch").exists()
    assert not Organisation.objects.filter(name="Healthwatch Cumbria").exists()


# Key milestones, dependencies and the MoU signing as the paper states them (issue 14) ----------


def test_no_key_milestones_or_dependencies_the_workplans_do_not_give(seeds):
    """Appendices 2 and 5 (the high level workplans) mark no milestone as key and state no
    dependency between items: the chair's report lists no key milestones, and no milestone of
    the plan depends on another."""
    snapshot = build_snapshot(System.objects.get(slug="cumbria"), date(2017, 11, 1))
    assert snapshot["milestones"]["key"] == []
    assert snapshot["milestones"]["all"]
    assert not Dependency.objects.filter(milestone__workstream__plan__system__slug="cumbria")


def test_pag_mou_signing_is_a_start_not_a_deadline(seeds):
    """s4.6 (L315): "Subject to approval and any final revisions parties will be asked to sign
    from April 2017": a start, so the milestone carries no baseline the product could turn red."""
    milestone = Milestone.objects.get(
        workstream__plan__system__slug="cumbria",
        title__startswith="Parties asked to sign the PAG MoU",
    )
    assert "(from April 2017)" in milestone.title and not milestone.is_key
    page = (
        office_client("cumbria")
        .get(reverse("milestones:milestone-detail", args=["cumbria", milestone.pk]))
        .content.decode()
    )
    assert summary_value(page, "Baseline") == "Not dated"
    assert milestone.rag_on(date(2017, 11, 1)) == "undated"
    # s5.1 (L129) and s10 (L408): the Bilateral MoU is formalised "from 1st April 2017", Gateway 1
    # is "From (not on) 1st April 2017": a start, not a baseline either.
    bilateral = Milestone.objects.get(
        workstream__plan__system__slug="cumbria", title__startswith="Bilateral MoU"
    )
    assert "(from 1st April 2017)" in bilateral.title and bilateral.baseline_on is None


def test_appendix_4_risks_have_no_category_link_or_mitigation_the_paper_does_not_give(seeds):
    """s9 (L400): "It is too early as yet to articulate in detail the risks"; Appendix 4 lists
    17 high level risks with no category, work stream or mitigation: the risk page shows
    "Not recorded" and "None recorded", the chair's report "Not recorded"."""
    risks = Risk.objects.filter(system__slug="cumbria")
    assert not risks.exclude(category="").exists()
    assert not risks.exclude(mitigations="").exists()
    assert not risks.filter(workstream_links__isnull=False).exists()
    risk = risks.get(reference="R1")
    page = (
        office_client("cumbria")
        .get(reverse("escalation:risk-detail", args=["cumbria", risk.pk]))
        .content.decode()
    )
    assert summary_value(page, "Category") == "Not recorded"
    assert summary_value(page, "Mitigations") == "None recorded"
    assert summary_value(page, "Workstreams") == "None linked"
    snapshot = build_snapshot(System.objects.get(slug="cumbria"), date(2017, 11, 1))
    assert {r["category"] for r in snapshot["risks"]["unrated"]} == {"Not recorded"}


def test_icg_has_no_reporting_line_the_paper_does_not_state(seeds):
    """Only the PAG's line is written (L925: "The Provider Alliance Group is accountable to the
    System Leadership Board"); no text line says to whom the ICG reports: "Not recorded"."""
    assert _committee("PAG").reports_to.name == "System Leadership Board"
    icg = _committee("ICG")
    assert icg.reports_to is None
    page = (
        office_client("cumbria")
        .get(reverse("governance:committee-detail", args=["cumbria", icg.pk]))
        .content.decode()
    )
    assert summary_value(page, "Reports to") == "Not recorded"


def test_joint_group_board_and_learning_group_stages_in_the_papers_words(seeds):
    """s10 (L408): establishment of the Joint Group Board is a Gateway 1 objective "From (not
    on) 1st April 2017"; Appendix 1 (L803): the Clinical/Professional Learning Group is "(to be
    established)". The product has no "to be established" stage, so the page gives the paper's
    words beside the stage."""
    client = office_client("cumbria")

    def purpose(name: str) -> str:
        committee = Committee.objects.get(system__slug="cumbria", name=name)
        url = reverse("governance:committee-detail", args=["cumbria", committee.pk])
        return summary_value(client.get(url).content.decode(), "Purpose")

    assert "Gateway 1 objective, from (not on) 1st April 2017" in purpose("Joint Group Board")
    assert purpose("Clinical/Professional Learning Group").startswith("(To be established.)")


def test_pag_mou_commitments_are_the_commitments_to_the_aco_principles(seeds):
    """Appendix 3, PAG MoU para 2 "Commitments to the ACO Principles" (L610-621): "The Parties
    agree to the following commitments": a (what development of the ACO shall do, five points)
    and b (operate under the MoU observing the ACO Principles, Annex C). Para 3's items (i)-(xi)
    (L625-640) are what an ACO member shall do, not these commitments: not shown as them."""
    mou = Agreement.objects.get(system__slug="cumbria", kind="mou")
    texts = list(mou.commitments.order_by("number").values_list("text", flat=True))
    assert len(texts) == 2
    assert texts[0].startswith("a. The Parties intend that development of the ACO shall:")
    assert "address key gaps urgently" in texts[0]
    assert texts[1].startswith("b. The Parties also intend to operate under the terms set out")
    page = (
        office_client("cumbria")
        .get(reverse("governance:agreement-detail", args=["cumbria", mou.pk]))
        .content.decode()
    )
    commitments = page.split('<h2 class="nhsuk-heading-m">Commitments</h2>')[1].split("</ol>")[0]
    assert "improve the health and wellbeing of the population" in commitments
    assert "capitated health budget" not in commitments
    assert not Milestone.objects.filter(
        workstream__plan__system__slug="cumbria", commitment__isnull=False
    ).exists()
