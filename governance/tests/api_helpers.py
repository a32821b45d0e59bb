"""Constants and helpers shared by the governance API tests."""

import itertools
from datetime import date
from decimal import Decimal

from governance import services, services_interests, services_minutes, services_papers
from governance.api import ROUTES
from tests import factories, meeting_factories

ENDPOINTS = [prefix for prefix, _ in ROUTES]
_unique = itertools.count()


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def listed(side: dict, endpoint: str, office: bool) -> list[int]:
    """The ids one side of a world lists at ``endpoint``: its object, and for the side's
    programme office the confidential item too (governance.confidential)."""
    rows = [side[endpoint].pk]
    if endpoint == "agenda-items" and office:
        rows.append(side["part-b-item"].pk)
    return sorted(rows)


def build(system, actor) -> dict:
    """One of everything the governance endpoints show, in ``system``: returns each endpoint's
    object, with the organisation, committee and meeting."""
    n = next(_unique)
    org = factories.OrganisationFactory()
    factories.PartnershipFactory(system=system, organisation=org)
    member = factories.PersonFactory(system=system, organisation=org)
    deputy = factories.PersonFactory(system=system, organisation=org)
    committee = services.committee_create(
        actor=actor, system=system, name=f"Partnership Board {n}", kind="board"
    )
    terms = services.terms_create(
        actor=actor,
        committee=committee,
        version="1.0",
        effective_from=date(2017, 4, 1),
        review_on=date(2018, 4, 1),
        deputies="count",
        requirements={org: 1},
        quorum_text="One member from each partner.",
    )
    membership = services.membership_add(actor=actor, committee=committee, person=member)
    meeting = services.meeting_create(
        actor=actor, committee=committee, held_on=date(2018, 2, 1), status="held"
    )
    services.attendance_record(actor=actor, meeting=meeting, person=member, status="apologies")
    services.attendance_record(
        actor=actor, meeting=meeting, person=deputy, status="present", deputising_for=membership
    )
    decision = services.decision_record(
        actor=actor, meeting=meeting, title="Approve the plan", amount_thousands=Decimal("125.5")
    )
    action = services.action_create(
        actor=actor, meeting=meeting, description="Circulate the plan", owner=member,
        due_on=date(2018, 3, 1),
    )  # fmt: skip
    agreement = services.agreement_create(
        actor=actor,
        system=system,
        title=f"Memorandum of understanding {n}",
        kind="mou",
        status="in_effect",
        effective_on=date(2017, 4, 1),
        expires_on=date(2019, 3, 31),
        withdrawal_notice_days=90,
        binding_clauses=["Clause 12"],
        dispute_resolution=["Resolve between the parties."],
    )
    services.party_add(actor=actor, agreement=agreement, organisation=org)
    services.agreement_version_add(
        actor=actor, agreement=agreement, number="1.0", issued_on=date(2017, 3, 1)
    )
    services.commitment_add(
        actor=actor, agreement=agreement, number=1, text="Share data", owners=[org]
    )
    delegation = services.delegation_create(
        actor=actor,
        committee=committee,
        from_organisation=org,
        functions="Commissioning of community services",
        status="in_effect",
        effective_from=date(2018, 4, 1),
    )
    item = services_papers.item_create(
        actor=actor, meeting=meeting, number=1, title="The plan", purpose="decision"
    )
    paper = meeting_factories.PaperFactory(item=item, title="The plan", uploaded_by=actor)
    part_b = meeting_factories.AgendaItemFactory(
        meeting=meeting, number=2, title="Estates", confidential=True
    )
    interest = services_interests.interest_create(
        actor=actor,
        system=system,
        person=member,
        kind="professional",
        organisation_name="A GP federation",
        description="Partner in a member practice",
        declared_on=date(2017, 1, 10),
    )
    declaration = services_interests.declaration_record(
        actor=actor,
        meeting=meeting,
        item=item,
        person=member,
        interest=interest,
        description="Partner in a bidding practice",
        takes_part=False,
    )
    minutes = services_minutes.minutes_draft(actor=actor, meeting=meeting)
    return {
        "minutes": minutes,
        "interests": interest,
        "declarations": declaration,
        "committees": committee,
        "terms-of-reference": terms,
        "memberships": membership,
        "meetings": meeting,
        "decisions": decision,
        "actions": action,
        "agreements": agreement,
        "delegations": delegation,
        "agenda-items": item,
        "papers": paper,
        "part-b-item": part_b,
        "organisation": org,
        "person": member,
    }
