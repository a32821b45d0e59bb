"""What is due in the demo systems, from the seeds' own deadlines: Norfolk and Waveney's
monthly updates as at 10 July 2019, Cumbria's terms of reference "reviewed March 2017", its
MoU's 30 days' notice and its dispute stepping up "after more than one month",
Cambridgeshire and Peterborough's "within two weeks" and its MoU expiring on 31 March 2021."""

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from core import due
from escalation import services as escalation_services
from escalation.models import EscalationRoute
from governance import services as governance_services
from governance.models import Agreement, Party
from partners.models import Organisation, System

URL = reverse("reminders:my-tasks")


def _user(username):
    return get_user_model().objects.get(username=username)


def _tasks(username, slug, as_at):
    system = System.objects.get(slug=slug)
    return [
        (item.kind, item.due_on, item.state(as_at), item.title)
        for item in due.due_for(_user(username), as_at, [system.pk])
    ]


def test_norfolk_and_waveney_partner_lead_owes_nnuhs_june_update(seeds, client):
    as_at = date(2019, 7, 10)

    assert _tasks("partner.lead", "norfolk-waveney", as_at) == [
        (
            "monthly_update",
            date(2019, 6, 30),
            due.State.OVERDUE,
            "June 2019 update on 1 milestone "
            "(Norfolk and Norwich University Hospitals NHS Foundation Trust)",
        )
    ]
    client.force_login(_user("partner.lead"))
    page = client.get(URL, {"as_at": "2019-07-10"}).content.decode()
    assert "June 2019 update on 1 milestone" in page
    assert "/s/norfolk-waveney/monthly-update/?" in page


def test_norfolk_and_waveney_office_gets_what_no_partner_lead_answers_for(seeds):
    office = _tasks("office.norfolk-waveney", "norfolk-waveney", date(2019, 7, 10))

    titles = [title for _, _, _, title in office]
    assert "June 2019 update on 2 milestones (GP Provider Organisations)" in titles
    assert any(title.endswith("(no responsible organisation)") for title in titles)
    assert not any("Norfolk and Norwich" in title for title in titles)  # the lead's
    # Another system's office sees none of them.
    assert _tasks("office.cumbria", "norfolk-waveney", date(2019, 7, 10)) == []


def test_cumbria_pag_terms_reviewed_march_2017_are_overdue_for_its_office(seeds):
    found = _tasks("office.cumbria", "cumbria", date(2017, 4, 5))

    assert (
        "terms_review",
        date(2017, 3, 1),
        due.State.OVERDUE,
        "Review the terms of reference of Provider Alliance Group (version November 2016)",
    ) in found


def test_cumbria_mou_notice_of_withdrawal_ends_after_30_days(seeds):
    office = _user("office.cumbria")
    mou = Agreement.objects.get(system__slug="cumbria", withdrawal_notice_days=30)
    party = Party.objects.get(agreement=mou, organisation__short_name="CPFT")
    governance_services.party_give_withdrawal_notice(
        actor=office, party=party, given_on=date(2017, 6, 1)
    )

    found = _tasks("office.cumbria", "cumbria", date(2017, 6, 20))

    assert [(kind, on) for kind, on, _, _ in found if kind == "withdrawal_notice"] == [
        ("withdrawal_notice", date(2017, 7, 1))
    ]


def test_cumbria_dispute_may_step_up_after_more_than_one_month_at_the_pag(seeds):
    office = _user("office.cumbria")
    route = EscalationRoute.objects.get(system__slug="cumbria", name="PAG MoU dispute resolution")
    case = escalation_services.case_raise(
        actor=office,
        route=route,
        reason="The parties cannot agree the bed base",
        raised_on=date(2017, 5, 1),
        subject_text="Bed base",
    )
    escalation_services.case_step_up(actor=office, case=case, on=date(2017, 5, 10))

    assert ("case_step_up", date(2017, 6, 11)) not in [
        (kind, on) for kind, on, _, _ in _tasks("office.cumbria", "cumbria", date(2017, 5, 20))
    ]
    found = _tasks("office.cumbria", "cumbria", date(2017, 6, 20))
    assert (
        "case_step_up",
        date(2017, 6, 11),
        due.State.OVERDUE,
        "Consider stepping up the escalation of Bed base",
    ) in found


def test_cambridgeshire_staff_not_released_must_be_rectified_within_two_weeks(seeds):
    office = _user("office.cambs-peterborough")
    route = EscalationRoute.objects.get(
        system__slug="cambs-peterborough", name="Aligned staff not released"
    )
    escalation_services.case_raise(
        actor=office,
        route=route,
        reason="Analysts not released to the system team",
        raised_on=date(2017, 11, 20),
        subject_text="Aligned staff",
        organisation=Organisation.objects.get(short_name="CUHFT"),
    )

    found = _tasks("office.cambs-peterborough", "cambs-peterborough", date(2017, 11, 30))

    assert (
        "escalation_response",
        date(2017, 12, 4),
        due.State.SOON,
        "Response to the escalation of Aligned staff",
    ) in found


def test_cambridgeshire_mou_expiry_on_31_march_2021_reaches_its_office(seeds):
    found = _tasks("office.cambs-peterborough", "cambs-peterborough", date(2021, 3, 20))

    assert [(kind, on, state) for kind, on, state, _ in found if kind == "agreement_review"] == [
        ("agreement_review", date(2021, 3, 31), due.State.SOON)
    ]
