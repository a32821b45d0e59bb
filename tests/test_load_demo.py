"""The demo data from the five seeds: loaded once per session, checked against the papers."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from core import authz
from core.audit import display_name, system_actor
from core.roles import Role
from core.scoping import unscoped
from governance import services
from governance.models import Agreement, Committee, Meeting, Membership, Party
from governance.querysets import meeting_quorum
from partners.models import Access, Organisation, Person, System


def _row_counts() -> dict[str, int]:
    """Rows of every domain model, their history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"partners", "governance", "milestones", "escalation", "finance"}
    }


def test_running_load_demo_again_changes_nothing(seeds):
    before = _row_counts()
    call_command("load_demo", stdout=StringIO())
    assert _row_counts() == before


def test_five_seed_systems(seeds):
    assert set(System.objects.values_list("slug", flat=True)) == {
        "west-norfolk",
        "cumbria",
        "norfolk-waveney",
        "nw-london",
        "cambs-peterborough",
    }


def test_demo_users_and_their_access(seeds):
    for username in ("programme.office", "chair", "regulator"):
        roles = set(Access.objects.filter(user__username=username).values_list("role", flat=True))
        assert Access.objects.filter(user__username=username).count() == 5
        assert len(roles) == 1
    lead = Access.objects.get(user__username="partner.lead")
    assert (lead.system.slug, lead.role) == ("norfolk-waveney", Role.PARTNER_LEAD)
    assert lead.organisation.ods_code == "RM1"


def test_demo_cast_for_access_tests(seeds):
    """A programme office of each system alone, and a regulator of the East of England only."""
    for system in System.objects.all():
        access = Access.objects.get(user__username=f"office.{system.slug}")
        assert (access.system, access.role) == (system, Role.PROGRAMME_OFFICE)
        # Not staff: the pages do a programme office's work; the admin is the operators'.
        assert not access.user.is_staff and not access.user.is_superuser
    regional = Access.objects.filter(user__username="regulator.east")
    assert set(regional.values_list("role", flat=True)) == {Role.REGULATOR}
    assert set(regional.values_list("system__slug", flat=True)) == {
        "west-norfolk",
        "norfolk-waveney",
        "cambs-peterborough",
    }


def test_demo_users_are_named_as_demo_accounts(seeds, django_user_model):
    """No seed names a chair (or any of the demo cast): their display names say they are demo
    accounts, so no report presents an invented person as a seed's chair."""
    names = {
        user.username: display_name(user)
        for user in django_user_model.objects.filter(accesses__isnull=False).distinct()
    }
    assert names["chair"] == "Demo chair"
    assert names["programme.office"] == "Demo programme office"
    assert names["regulator"] == "Demo regulator"
    assert names["regulator.east"] == "Demo regional regulator"
    assert names["partner.lead"] == "Demo partner lead (NNUH)"
    cumbria = System.objects.get(slug="cumbria")
    assert names["office.cumbria"] == f"Demo programme office ({cumbria.short_name})"
    assert all(name.startswith("Demo ") for name in names.values())


def test_load_demo_renames_demo_users_loaded_under_old_names(seeds, django_user_model):
    django_user_model.objects.filter(username="chair").update(first_name="Chris", last_name="Chair")
    call_command("load_demo", stdout=StringIO())
    assert display_name(django_user_model.objects.get(username="chair")) == "Demo chair"


def test_organisations_are_shared_between_systems(seeds):
    nhse = Organisation.objects.get(ods_code="X24")
    assert nhse.partnerships.count() >= 4
    qeh = Organisation.objects.get(ods_code="RCX")
    assert set(qeh.partnerships.values_list("system__slug", flat=True)) == {
        "west-norfolk",
        "norfolk-waveney",
    }


def test_cumbria_pag_mou_drafts_and_parties(seeds):
    mou = Agreement.objects.get(system__slug="cumbria", title__startswith="Memorandum")
    assert list(mou.versions.values_list("number", flat=True)) == [
        "0.1",
        "0.2",
        "0.3",
        "0.4",
        "0.5",
        "0.6",
    ]
    assert mou.parties.count() == 5
    assert mou.withdrawal_notice_days == 30


def test_cumbria_terms_carry_the_seed_quorum_rules(seeds):
    icg = Committee.objects.get(system__slug="cumbria", short_name="ICG")
    rule = {
        r.organisation.short_name: r.minimum_present
        for r in icg.terms.get().quorum_requirements.all()
    }
    assert sorted(rule.values()) == [1, 2, 2]
    pag = Committee.objects.get(system__slug="cumbria", short_name="PAG")
    rule = {
        r.organisation.short_name: r.minimum_present
        for r in pag.terms.get().quorum_requirements.all()
    }
    assert rule == {"CCC": 1, "CPFT": 1, "NCUH": 1}


def _hold_meeting(committee, present_organisations, held_on):
    """A meeting of a seed committee at which the first N members of each organisation attend."""
    actor = system_actor()
    meeting = services.meeting_create(actor=actor, committee=committee, held_on=held_on)
    members = committee.memberships.filter(role__in=Membership.QUORUM_ROLES).select_related(
        "organisation", "person"
    )
    wanted = dict(present_organisations)
    for membership in members:
        key = membership.organisation.short_name if membership.organisation else None
        if wanted.get(key, 0) > 0:
            wanted[key] -= 1
            services.attendance_record(
                actor=actor, meeting=meeting, person=membership.person, status="present"
            )
    assert not any(wanted.values()), f"the seed lists too few members: {wanted}"
    return Meeting.objects.get(pk=meeting.pk)


def _ccg_short_name():
    return Organisation.objects.get(ods_code="01H").short_name


@pytest.mark.parametrize(
    ("council", "ccg", "nhse", "quorate"),
    [(2, 2, 1, True), (1, 2, 1, False), (2, 1, 1, False), (2, 2, 0, False), (4, 4, 1, True)],
)
def test_cumbria_icg_quorum(seeds, council, ccg, nhse, quorate):
    icg = Committee.objects.get(system__slug="cumbria", short_name="ICG")
    ccc = Organisation.objects.get(name="Cumbria County Council").short_name
    nhse_name = Organisation.objects.get(ods_code="X24").short_name
    present = {ccc: council, _ccg_short_name(): ccg, nhse_name: nhse}
    meeting = _hold_meeting(icg, present, date(2017, 6, 1))
    assert meeting_quorum(meeting).quorate is quorate


@pytest.mark.parametrize(
    ("present", "quorate"),
    [
        ({"CCC": 1, "CPFT": 1, "NCUH": 1}, True),
        ({"CPFT": 2, "NCUH": 2}, False),
        ({"CCC": 1, "NCUH": 1}, False),
        ({"CCC": 1, "CPFT": 1}, False),
    ],
)
def test_cumbria_pag_quorum(seeds, present, quorate):
    pag = Committee.objects.get(system__slug="cumbria", short_name="PAG")
    meeting = _hold_meeting(pag, present, date(2017, 1, 10))
    assert meeting_quorum(meeting).quorate is quorate


def test_scoping_holds_on_the_seed_data(demo, db, django_user_model):
    lead = django_user_model.objects.get(username="partner.lead")
    assert [s.slug for s in authz.visible_systems(lead)] == ["norfolk-waveney"]
    assert {p.system.slug for p in authz.scoped(lead, Person).select_related("system")} == {
        "norfolk-waveney"
    }
    regulator = django_user_model.objects.get(username="regulator")
    with unscoped():
        every_committee = Committee.objects.count()
    assert authz.scoped(regulator, Committee).count() == every_committee
    assert not authz.can_change(regulator, authz.scoped(regulator, Committee).first())


def test_withdrawal_on_a_seed_agreement(seeds):
    # 001: the PAG MoU's parties may withdraw on 30 days' notice.
    party = Party.objects.filter(
        agreement__system__slug="cumbria", agreement__withdrawal_notice_days=30
    ).first()
    services.party_give_withdrawal_notice(
        actor=system_actor(), party=party, given_on=date(2017, 3, 1)
    )
    party.refresh_from_db()
    assert party.withdrawal_effective_on == date(2017, 3, 31)


def test_west_norfolk_jwa_signatures(seeds):
    # 000: signed 31 July and 5 August 2015.
    jwa = Agreement.objects.get(system__slug="west-norfolk", kind="joint_working_arrangement")
    assert sorted(p.signed_on for p in jwa.parties.all()) == [
        date(2015, 7, 31),
        date(2015, 8, 5),
    ]
    assert all(p.signatory.name for p in jwa.parties.all())


def test_nw_london_joint_committee_meetings_and_diabetes_decision(seeds):
    # 003: the shadow Joint Committee met on 1 February and 1 March 2018.
    committee = Committee.objects.get(system__slug="nw-london", name__icontains="Joint Committee")
    assert committee.stage == "shadow"
    assert [m.held_on for m in committee.meetings.order_by("held_on")] == [
        date(2018, 2, 1),
        date(2018, 3, 1),
    ]
    amounts = {
        d.amount_thousands for d in committee.meetings.get(held_on=date(2018, 2, 1)).decisions.all()
    }
    assert D("2900") in amounts
    # From the three CCGs the paper names (Ealing, Hillingdon, Hounslow); it names no other.
    assert committee.delegations.count() == 3
    assert not any(d.is_delegated_on(date(2018, 3, 1)) for d in committee.delegations.all())


def test_cambs_and_peterborough_mou(seeds):
    # 004: eight partners (two councils Appendix 1 only), eight commitments, expiry 31 March 2021.
    mou = Agreement.objects.get(system__slug="cambs-peterborough")
    parties = list(mou.parties.all())
    assert len(parties) == 8
    assert sum(p.scope == "Appendix 1 only" for p in parties) == 2
    assert list(mou.commitments.values_list("number", flat=True)) == list(range(1, 9))
    assert mou.expires_on == date(2021, 3, 31)
    assert mou.status_on(date(2021, 3, 31)) != "expired"
    assert mou.current_status == "expired"
