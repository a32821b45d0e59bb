"""Fixtures shared by the governance test modules."""

from datetime import date
from types import SimpleNamespace

import pytest

from core.roles import Role
from core.scoping import scope
from governance import services
from governance.tests.minutes_helpers import board  # noqa: F401 (a fixture)
from tests import factories


@pytest.fixture
def token_for(user_for, office):
    tokens: dict[str, str] = {}

    def issue(role: str) -> str:
        if role not in tokens:
            tokens[role] = factories.api_token(user_for(role))
        return tokens[role]

    return issue


@pytest.fixture
def api(client, token_for):
    def get(path: str, as_role: Role | str = Role.REGULATOR, /, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token_for(as_role)}")

    return get


@pytest.fixture
def world(system, office, organisation, partner):
    """A board and the PAG that reports to it (with terms, a member and a meeting with an open
    action), two people, and an MoU with one unsigned party, a commitment and a version."""
    with scope([system]):
        board = factories.CommitteeFactory(system=system, name="Partnership Board", kind="board")
        pag = factories.CommitteeFactory(
            system=system, name="Provider Alliance Group", reports_to=board
        )
        ann = factories.PersonFactory(system=system, organisation=organisation, name="Ann Acute")
        col = factories.PersonFactory(system=system, organisation=partner, name="Col Council")
        services.terms_create(
            actor=office,
            committee=pag,
            version="1.0",
            effective_from=date(2017, 1, 1),
            requirements={organisation: 1},
        )
        services.membership_add(actor=office, committee=pag, person=ann)
        meeting = services.meeting_create(
            actor=office, committee=pag, held_on=date(2018, 2, 1), status="held"
        )
        action = services.action_create(
            actor=office, meeting=meeting, description="Circulate the draft MoU", owner=ann
        )
        mou = factories.AgreementFactory(system=system, title="PAG MoU", status="draft")
        party = services.party_add(actor=office, agreement=mou, organisation=organisation)
        services.commitment_add(actor=office, agreement=mou, number=1, text="Share data")
        services.agreement_version_add(actor=office, agreement=mou, number="1.0")
    return SimpleNamespace(
        system=system,
        board=board,
        pag=pag,
        ann=ann,
        col=col,
        meeting=meeting,
        action=action,
        mou=mou,
        party=party,
        organisation=organisation,
        partner=partner,
    )
