"""The snapshot costs a fixed number of queries, however many rows each section has."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalation.models import EscalationCase
from governance.models import Decision
from reports.snapshot import build_snapshot
from reports.tests import snapshot_data as data
from reports.tests.snapshot_data import NOVEMBER, OCTOBER
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date

# Chair accesses (1); milestones, their baselines, their updates (3); cases, their events, the
# routes' steps (3); meetings, attendances, the memberships deputies stand in for, terms, quorum
# requirements with their organisations, memberships, decisions (7); agreements and parties
# (2); years with control totals, control totals, positions, efficiency plans (4); risks and the
# heat map (2); since last month, reports.changes (10). Deputies' memberships are not queried
# when there are none.
EXPECTED = 32


def _populate(system, office, route, n: int, start: int) -> None:
    ws = data.workstream(system)
    user = factories.UserFactory()
    organisation = factories.OrganisationFactory()
    committee = factories.CommitteeFactory(system=system)
    to_committee = data.route(
        system, office, steps=1, name=f"To committee {start}", escalate_to_committee=committee
    )
    terms = factories.TermsOfReferenceFactory(committee=committee, quorum_minimum_total=3)
    factories.QuorumRequirementFactory(terms=terms, organisation=organisation)
    absent = factories.OrganisationFactory(short_name=f"ABSENT{start}", name=f"Absent {start}")
    factories.QuorumRequirementFactory(terms=terms, organisation=absent)
    agreement = factories.AgreementFactory(system=system, expires_on=D(2020, 1, 31))
    year = data.financial_year()
    for i in range(start, start + n):
        milestone = factories.MilestoneFactory(workstream=ws, baseline_on=D(2019, 12, 31))
        data.baseline(milestone, D(2019, 11, 30), data.moment(D(2019, 6, 1)), user)
        data.update(milestone, OCTOBER, D(2020, 1, 5), user)
        data.update(milestone, NOVEMBER, D(2020, 2, 5), user)
        case = data.raise_case(route, office, D(2019, 11, 2), subject_text=f"Case {i}")
        data.step_up(case, office, D(2019, 11, 3))
        # A case saved without the service has no events: it stands as it is now.
        EscalationCase(
            route=to_committee,
            current_step=to_committee.steps.get(),
            step_since=D(2019, 11, 4),
            subject_kind="other",
            subject_text=f"Unlogged {i}",
            raised_by=office,
            raised_on=D(2019, 11, 4),
            reason="Late",
        ).save()
        member = factories.MembershipFactory(
            committee=committee,
            person=factories.PersonFactory(system=system),
            organisation=organisation,
        )
        meeting = factories.MeetingFactory(committee=committee, held_on=D(2019, 11, 1 + i))
        factories.AttendanceFactory(
            meeting=meeting,
            person=factories.PersonFactory(system=system),
            deputising_for=member,
        )
        Decision(meeting=meeting, reference=f"D{i}", title="Agreed").save()
        factories.PartyFactory(agreement=agreement, organisation=factories.OrganisationFactory())
        trust = factories.OrganisationFactory()
        data.control_total(system, trust, year, plan=-100)
        data.position(system, trust, year, NOVEMBER, plan=1, actual=1, outturn=-90)
        data.efficiency(system, trust, year, recurrent=1, non_recurrent=1, denominator=100)
        factories.RiskFactory(system=system, likelihood=1 + i % 5, impact=2)


def _count(system) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        snapshot = build_snapshot(system, NOVEMBER)
    return len(queries.captured_queries), snapshot


def test_query_count_does_not_grow_with_rows(no_scope, system, office, chair):
    route = data.route(system, office)
    _populate(system, office, route, n=1, start=0)
    small, snapshot = _count(system)
    assert len(snapshot["milestones"]["all"]) == 1
    (meeting,) = snapshot["committees"][0]["meetings"]
    assert meeting["quorate"] is False
    assert "Absent 0: 0 of 1 representative present" in meeting["quorum_summary"]
    committee_name = snapshot["committees"][0]["name"]
    _populate(system, office, route, n=5, start=1)
    large, snapshot = _count(system)
    assert len(snapshot["milestones"]["slipped"]) == 6
    assert len(snapshot["escalations"]["open"]) == 12
    assert any(committee_name in c["escalate_to"] for c in snapshot["escalations"]["open"])
    assert sum(len(c["meetings"]) for c in snapshot["committees"]) == 6
    assert len(snapshot["risks"]["top"]) == 5
    assert small == large == EXPECTED
