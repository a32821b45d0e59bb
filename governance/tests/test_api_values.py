"""The governance endpoints' derived values (quorum, status today) come from the project's own
functions; the schema documents each endpoint."""

from datetime import date, timedelta

import pytest

from governance import services
from governance.api.serializers import MeetingQuorumSerializer
from governance.models import Agreement, Meeting
from governance.querysets import meeting_quorum, meetings_for_list
from governance.tests.api_helpers import ENDPOINTS, ids
from tests import factories

pytestmark = pytest.mark.django_db


# --- Derived values come from the project's own functions -------------------------------------


@pytest.fixture
def pag(system, office, in_scope):
    """Each of three partners must be present; deputies do not count."""
    orgs = {}
    for key in ("CCC", "CPFT", "NCUH"):
        orgs[key] = factories.OrganisationFactory(name=f"{key} test body", short_name=key)
        factories.PartnershipFactory(system=system, organisation=orgs[key])
    committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
    services.terms_create(
        actor=office,
        committee=committee,
        version="1.0",
        effective_from=date(2017, 4, 1),
        minimum_total=3,
        deputies="not_counted",
        requirements={org: 1 for org in orgs.values()},
    )
    members = {
        key: services.membership_add(
            actor=office,
            committee=committee,
            person=factories.PersonFactory(system=system, organisation=org),
        )
        for key, org in orgs.items()
    }
    return committee, orgs, members


def _outcome(meeting: Meeting) -> dict:
    # Written as the API writes it (test_api_quorum_rows holds that equal to DRF's fields).
    outcome = meeting_quorum(meetings_for_list(Meeting.objects.filter(pk=meeting.pk)).get())
    return MeetingQuorumSerializer().to_representation(outcome)


def test_meeting_quorum_is_meeting_quorums_outcome(api, pag, office, system):
    committee, orgs, members = pag
    quorate = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 6, 1))
    short = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 7, 1))
    early = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 1, 1))
    for key, membership in members.items():
        services.attendance_record(
            actor=office, meeting=quorate, person=membership.person, status="present"
        )
        services.attendance_record(
            actor=office,
            meeting=short,
            person=membership.person,
            status="apologies" if key == "NCUH" else "present",
        )
    services.attendance_record(
        actor=office,
        meeting=short,
        person=factories.PersonFactory(system=system, organisation=orgs["NCUH"]),
        status="present",
        deputising_for=members["NCUH"],
    )

    expected = {m: _outcome(m) for m in (quorate, short, early)}
    assert expected[quorate]["quorate"] is True
    ncuh = orgs["NCUH"].name
    assert expected[short] == {
        "quorate": False,
        "not_yet_held": False,
        "counted": 2,
        "deputies_excluded": 1,
        "shortfalls": [
            {"organisation": None, "required": 3, "present": 2},
            {"organisation": orgs["NCUH"].pk, "required": 1, "present": 0},
        ],
        "checks": [
            {"met": False, "reason": "Members in all: 2 present, at least 3 needed"},
            {"met": True, "reason": f"{orgs['CCC'].name}: 1 representative present, 1 needed"},
            {"met": True, "reason": f"{orgs['CPFT'].name}: 1 representative present, 1 needed"},
            {"met": False, "reason": f"{ncuh}: 0 of 1 representative present"},
        ],
        "notes": ["1 deputy not counted: these terms do not count deputies."],
    }
    assert expected[early]["quorate"] is None
    listed = {row["id"]: row for row in api("/api/v1/meetings/").json()["results"]}
    for meeting, outcome in expected.items():
        assert api(f"/api/v1/meetings/{meeting.pk}/").json()["quorum"] == outcome
        assert listed[meeting.pk]["quorum"] == outcome
    assert ids(api("/api/v1/meetings/", quorate="true")) == [quorate.pk]
    assert ids(api("/api/v1/meetings/", quorate="false")) == [short.pk]
    assert ids(api("/api/v1/meetings/", quorate="unknown")) == [early.pk]
    attendance = api(f"/api/v1/meetings/{short.pk}/").json()["attendance"]
    assert {"deputising_for": members["NCUH"].pk, "status": "present"}.items() <= next(
        a for a in attendance if a["deputising_for"]
    ).items()


def test_terms_show_the_quorum_rule(api, pag):
    committee, orgs, _ = pag
    body = api("/api/v1/terms-of-reference/", committee=committee.pk).json()["results"][0]
    assert body["quorum_rule"] == {
        "minimum_total": 3,
        "deputies": "not_counted",
        "chair_or_vice_chair": False,
        "fraction_of_members": None,
        "named_role": "",
        "requirements": [
            {"organisation": orgs[key].pk, "minimum_present": 1} for key in ("CCC", "CPFT", "NCUH")
        ],
        "quorum_text": "",
    }


def test_an_agreement_past_expiry_shows_expired_today(api, system, office, organisation, in_scope):
    today = date.today()

    def agreement(title, status, expires_on):
        return services.agreement_create(
            actor=office,
            system=system,
            title=title,
            kind="mou",
            status=status,
            expires_on=expires_on,
            withdrawal_notice_days=30,
            # An agreement recorded ended carries when and why (governance.services).
            **(
                {"terminated_on": expires_on, "terminated_reason": "Ended early"}
                if status == "terminated"
                else {}
            ),
        )

    lapsed = agreement("Lapsed", "in_effect", today - timedelta(days=1))
    current = agreement("Current", "in_effect", today)
    ended = agreement("Ended", "terminated", today - timedelta(days=1))
    party = services.party_add(actor=office, agreement=current, organisation=organisation)
    services.party_give_withdrawal_notice(actor=office, party=party, given_on=date(2019, 1, 1))

    rows = {row["id"]: row for row in api("/api/v1/agreements/").json()["results"]}
    assert (rows[lapsed.pk]["status"], rows[lapsed.pk]["status_today"]) == ("in_effect", "expired")
    assert rows[current.pk]["status_today"] == "in_effect"
    assert rows[ended.pk]["status_today"] == "terminated"
    for a in Agreement.objects.filter(pk__in=rows):
        assert rows[a.pk]["status_today"] == a.current_status
    assert rows[current.pk]["parties"][0]["withdrawal_effective_on"] == "2019-01-31"
    assert ids(api("/api/v1/agreements/", expires_on_before=today.isoformat())) == sorted(
        [lapsed.pk, current.pk, ended.pk]
    )


def test_delegated_today(api, system, office, organisation, in_scope):
    committee = factories.CommitteeFactory(system=system)
    live = services.delegation_create(
        actor=office,
        committee=committee,
        from_organisation=organisation,
        functions="Urgent care",
        status="in_effect",
        effective_from=date.today() - timedelta(days=10),
    )
    proposed = services.delegation_create(
        actor=office, committee=committee, from_organisation=organisation, functions="Planned care"
    )
    rows = {r["id"]: r["delegated_today"] for r in api("/api/v1/delegations/").json()["results"]}
    assert rows == {live.pk: True, proposed.pk: False}
    services.delegation_revoke(
        actor=office, delegation=live, revoked_on=date.today(), reason="Board decision 12/19"
    )
    row = api(f"/api/v1/delegations/{live.pk}/").json()
    assert (row["delegated_today"], row["revoked_reason"]) == (False, "Board decision 12/19")


def test_overdue_means_open_after_its_due_date(api, system, office, in_scope):
    meeting = factories.MeetingFactory(committee=factories.CommitteeFactory(system=system))
    today = date.today()

    def action(due_on, done=False):
        created = services.action_create(
            actor=office, meeting=meeting, description="Do it", due_on=due_on
        )
        if done:
            services.action_complete(actor=office, action=created, completed_on=today)
        return created.pk

    late = action(today - timedelta(days=1))
    due_today = action(today)
    done_late = action(today - timedelta(days=5), done=True)
    undated = action(None)
    assert ids(api("/api/v1/actions/", overdue="true")) == [late]
    assert ids(api("/api/v1/actions/", overdue="false")) == sorted([due_today, done_late, undated])


def test_unsigned_agreements(api, system, office, organisation, partner, in_scope):
    signatory = factories.PersonFactory(system=system, name="Sam Example", title="Chief Executive")

    def agreement(title, signed):
        created = services.agreement_create(actor=office, system=system, title=title, kind="mou")
        for org in (organisation, partner):
            party = services.party_add(actor=office, agreement=created, organisation=org)
            if signed or org == organisation:
                services.party_sign(
                    actor=office, party=party, signatory=signatory, signed_on=date(2017, 3, 1)
                )
        return created.pk

    waiting, signed = agreement("Waiting", False), agreement("Signed", True)
    assert ids(api("/api/v1/agreements/", unsigned="true")) == [waiting]
    assert ids(api("/api/v1/agreements/", unsigned="false")) == [signed]
    parties = api(f"/api/v1/agreements/{signed}/").json()["parties"]
    assert parties[0]["signatory"] == {"name": "Sam Example", "title": "Chief Executive"}


def test_schema_documents_each_endpoint_with_an_example(api, db):
    schema = api("/api/v1/schema/", format="json").json()
    for endpoint in ENDPOINTS:
        listing = schema["paths"][f"/api/v1/{endpoint}/"]["get"]
        assert listing["description"], endpoint
        content = listing["responses"]["200"]["content"]["application/json"]
        assert content["examples"], endpoint
