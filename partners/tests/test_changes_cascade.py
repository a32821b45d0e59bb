"""The changes feed reports every deletion, those Django cascades from a deleted parent
included, in the systems of the reader only."""

from urllib.parse import quote

import pytest
from django.utils import timezone

from core.audit import delete_tracked
from core.scoping import unscoped
from partners.api.tokens import token_issue
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(client, office, regulator):
    token = token_issue(actor=office, user=regulator)[1]

    def read(since) -> set[tuple[str, int, str]]:
        response = client.get(
            f"/api/v1/changes/?since={quote(since.isoformat())}",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 200
        return {(r["model"], r["id"], r["kind"]) for r in response.json()["results"]}

    return read


def test_deleting_a_committee_reports_its_cascaded_children(feed, system, office):
    committee = factories.CommitteeFactory(system=system)
    membership = factories.MembershipFactory(committee=committee)
    meeting = factories.MeetingFactory(committee=committee)
    attendance = factories.AttendanceFactory(
        meeting=meeting, person=factories.PersonFactory(system=system)
    )
    since, committee_id = timezone.now(), committee.pk
    with unscoped():
        delete_tracked(committee, actor=office)
    deleted = {(model, pk) for model, pk, kind in feed(since) if kind == "deleted"}
    assert {
        ("governance.committee", committee_id),
        ("governance.membership", membership.pk),
        ("governance.meeting", meeting.pk),
        ("governance.attendance", attendance.pk),  # two levels down
    } <= deleted


def test_deleting_an_agreement_reports_its_parties(feed, system, office, organisation):
    agreement = factories.AgreementFactory(system=system)
    party = factories.PartyFactory(agreement=agreement, organisation=organisation)
    since, agreement_id = timezone.now(), agreement.pk
    with unscoped():
        delete_tracked(agreement, actor=office)
    assert {
        ("governance.agreement", agreement_id, "deleted"),
        ("governance.party", party.pk, "deleted"),
    } <= feed(since)


def test_another_systems_cascaded_deletions_are_not_listed(feed, other_system, outsider):
    committee = factories.CommitteeFactory(system=other_system)
    factories.MembershipFactory(committee=committee)
    since = timezone.now()
    with unscoped():
        delete_tracked(committee, actor=outsider)
    assert feed(since) == set()


def test_a_child_created_before_its_parent_was_deleted_still_lists_its_creation(
    feed, system, office
):
    since = timezone.now()
    committee = factories.CommitteeFactory(system=system)
    membership = factories.MembershipFactory(committee=committee)
    with unscoped():
        delete_tracked(committee, actor=office)
    kinds = {
        kind
        for model, pk, kind in feed(since)
        if (model, pk) == ("governance.membership", membership.pk)
    }
    assert kinds == {"created", "deleted"}
