"""Routing by organisation kind (escalation.routing): a regulator's route applies only where an
organisation of the kind it oversees is party (West Norfolk JWA, s.4 footnote 1)."""

import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.routing import PartyKind, check_route, regulator_routes, route_applies
from tests import factories

QEH = PartyKind(1, "QEH", "foundation_trust")
WNCCG = PartyKind(2, "WNCCG", "ccg")
MONITOR = PartyKind(3, "Monitor", "regulator", oversees="foundation_trust")
NHSE = PartyKind(4, "NHS England", "regulator", oversees="ccg")
TDA = PartyKind(5, "TDA", "regulator", oversees="nhs_trust")
WEST_NORFOLK = [QEH, WNCCG, MONITOR, NHSE, TDA]


def test_a_kinds_route_applies_only_where_one_is_party():
    assert route_applies("foundation_trust", ["ccg", "foundation_trust"])
    assert not route_applies("nhs_trust", ["ccg", "foundation_trust"])


def test_west_norfolk_no_tda_route_without_an_nhs_trust():
    routes = {r.regulator: r for r in regulator_routes(WEST_NORFOLK)}
    assert (routes["Monitor"].applies, routes["NHS England"].applies) == (True, True)
    assert not routes["TDA"].applies
    assert routes["TDA"].explanation == "No NHS trust is party, so nothing is flagged to TDA."
    assert routes["Monitor"].parties == ("QEH",)


def test_an_nhs_trust_party_brings_the_tda_route_in():
    trust = PartyKind(6, "A Hospital NHS Trust", "nhs_trust")
    routes = {r.regulator: r for r in regulator_routes([*WEST_NORFOLK, trust])}
    assert routes["TDA"].applies
    assert routes["TDA"].parties == ("A Hospital NHS Trust",)


def test_a_regulator_that_oversees_nothing_here_is_not_a_route():
    assert regulator_routes([QEH, PartyKind(7, "Other", "regulator")]) == []


def test_check_route_refuses_a_step_to_a_regulator_whose_route_does_not_apply():
    check_route(parties=WEST_NORFOLK, escalates_to_ids=[MONITOR.id, NHSE.id])
    with pytest.raises(ValidationError) as error:
        check_route(parties=WEST_NORFOLK, escalates_to_ids=[TDA.id])
    assert "escalate_to_organisation" in error.value.message_dict


def test_check_route_refuses_a_kind_or_organisation_not_party():
    with pytest.raises(ValidationError) as error:
        check_route(parties=WEST_NORFOLK, covers_organisation_kind="nhs_trust")
    assert "covers_organisation_kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        check_route(parties=WEST_NORFOLK, covers_organisation_id=99)
    assert "covers_organisation" in error.value.message_dict
    check_route(parties=WEST_NORFOLK, covers_organisation_kind="ccg", covers_organisation_id=1)


def test_route_create_applies_the_rule(system, office, organisation, in_scope):
    organisation.kind = "foundation_trust"  # the factory's default is an NHS trust
    organisation.save()
    tda = factories.OrganisationFactory(name="NHS Trust Development Authority", kind="regulator")
    factories.PartnershipFactory(system=system, organisation=tda, oversees="nhs_trust")
    with pytest.raises(ValidationError):
        services.route_create(
            actor=office,
            system=system,
            name="To the TDA",
            steps=[{"order": 1, "escalate_to_organisation": tda}],
        )
    with pytest.raises(ValidationError):
        services.route_create(
            actor=office, system=system, name="NHS trusts", covers_organisation_kind="nhs_trust"
        )
    trust = factories.OrganisationFactory(name="Alpha NHS Trust", kind="nhs_trust")
    factories.PartnershipFactory(system=system, organisation=trust)
    route = services.route_create(
        actor=office,
        system=system,
        name="To the TDA",
        covers_organisation=trust,
        steps=[{"order": 1, "escalate_to_organisation": tda}],
    )
    assert route.steps.get().escalate_to_organisation == tda
