"""Update services change only the fields they offer: never the system, never an unknown field,
and a refused call writes nothing (not even the allowed fields passed with it)."""

import inspect
import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from core.audit import update_tracked
from core.authz import system_id_of
from core.scoping import unscoped
from escalation import services as escalation_services
from finance import services as finance_services
from governance import services as governance_services
from governance import services_interests as interest_services
from governance import services_minutes as minutes_services
from governance import services_papers
from milestones import services as milestone_services
from partners import services as partner_services
from partners.api import tokens as token_services
from public import services as public_services
from reports import services as report_services
from tests import factories, meeting_factories, record_factories

pytestmark = pytest.mark.django_db


def _committee(system):
    record = factories.CommitteeFactory(system=system, name="Partnership Board")
    return record, lambda **c: governance_services.committee_update(committee=record, **c)


def _meeting(system):
    record = factories.MeetingFactory(committee__system=system, location="Room 1")
    return record, lambda **c: governance_services.meeting_update(meeting=record, **c)


def _decision(system):
    record = record_factories.DecisionFactory(meeting__committee__system=system, title="Approve")
    return record, lambda **c: governance_services.decision_update(decision=record, **c)


def _action(system):
    record = record_factories.ActionFactory(meeting__committee__system=system, description="Draft")
    return record, lambda **c: governance_services.action_update(action=record, **c)


def _membership(system):
    record = factories.MembershipFactory(committee__system=system, person__system=system)
    return record, lambda **c: governance_services.membership_update(membership=record, **c)


def _agreement(system):
    record = factories.AgreementFactory(system=system, title="Memorandum of understanding")
    return record, lambda **c: governance_services.agreement_update(agreement=record, **c)


def _risk(system):
    record = factories.RiskFactory(system=system, title="Workforce gaps")
    return record, lambda **c: escalation_services.risk_update(risk=record, **c)


def _route(system):
    record = factories.EscalationRouteFactory(system=system, name="Dispute resolution")
    return record, lambda **c: escalation_services.route_update(route=record, **c)


def _step(system):
    record = factories.EscalationStepFactory(route__system=system, escalate_to_role="Board")
    return record, lambda **c: escalation_services.step_update(step=record, **c)


def _person(system):
    record = factories.PersonFactory(system=system, name="Sam Example")
    return record, lambda **c: partner_services.person_update(person=record, **c)


def _partnership(system):
    record = factories.PartnershipFactory(system=system, role="Partner")
    return record, lambda **c: partner_services.partnership_update(partnership=record, **c)


def _milestone(system):
    record = factories.MilestoneFactory(workstream__plan__system=system, title="Go live")
    return record, lambda **c: milestone_services.milestone_update(milestone=record, **c)


def _workstream(system):
    record = factories.WorkstreamFactory(plan__system=system, name="Urgent care")
    return record, lambda **c: milestone_services.workstream_update(workstream=record, **c)


def _gateway(system):
    record = record_factories.GatewayFactory(plan__system=system, name="Mobilisation")
    return record, lambda **c: milestone_services.gateway_update(gateway=record, **c)


def _control_total(system):
    record = record_factories.ControlTotalFactory(system=system)
    return record, lambda **c: finance_services.control_total_update(control_total=record, **c)


def _efficiency_plan(system):
    record = record_factories.EfficiencyPlanFactory(system=system)
    return record, lambda **c: finance_services.efficiency_plan_update(efficiency_plan=record, **c)


def _fund(system):
    record = record_factories.FundFactory(system=system)
    return record, lambda **c: finance_services.fund_update(fund=record, **c)


def _fund_contribution(system):
    record = record_factories.FundContributionFactory(fund__system=system)
    return record, lambda **c: finance_services.fund_contribution_update(contribution=record, **c)


def _fund_allocation(system):
    record = record_factories.FundAllocationFactory(fund__system=system)
    return record, lambda **c: finance_services.fund_allocation_update(allocation=record, **c)


def _fund_drawdown(system):
    record = record_factories.FundDrawdownFactory(
        fund__system=system, decision__meeting__committee__system=system
    )
    return record, lambda **c: finance_services.fund_drawdown_update(drawdown=record, **c)


def _cost_share(system):
    record = record_factories.CostShareFactory(system=system)
    return record, lambda **c: finance_services.cost_share_update(cost_share=record, **c)


def _signature(system):
    person = factories.PersonFactory(system=system, name="Sam Example")
    record = factories.PartyFactory(
        agreement__system=system, signatory=person, signed_on=date(2019, 4, 1)
    )
    return record, lambda **c: governance_services.party_signature_update(party=record, **c)


def _commitment(system):
    record = record_factories.CommitmentFactory(agreement__system=system, text="Share data")
    return record, lambda **c: governance_services.commitment_update(commitment=record, **c)


def _delegation(system):
    organisation = factories.OrganisationFactory(statutory=True)
    factories.PartnershipFactory(system=system, organisation=organisation)
    record = record_factories.DelegationFactory(
        committee__system=system, from_organisation=organisation, functions="Commissioning"
    )
    return record, lambda **c: governance_services.delegation_update(delegation=record, **c)


def _minutes(system):
    record = meeting_factories.MinutesFactory(meeting__committee__system=system, summary="Notes")
    return record, lambda **c: minutes_services.minutes_update(minutes=record, **c)


def _minute_entry(system):
    record = meeting_factories.MinuteEntryFactory(
        minutes__meeting__committee__system=system, discussion="Noted"
    )
    return record, lambda **c: minutes_services.minute_entry_update(entry=record, **c)


def _interest(system):
    record = meeting_factories.InterestFactory(person__system=system, organisation_name="Alpha")
    return record, lambda **c: interest_services.interest_update(interest=record, **c)


def _declaration(system):
    record = meeting_factories.DeclarationFactory(
        item__meeting__committee__system=system, description="Director"
    )
    return record, lambda **c: interest_services.declaration_update(declaration=record, **c)


def _agenda_item(system):
    record = meeting_factories.AgendaItemFactory(meeting__committee__system=system, title="Plan")
    return record, lambda **c: services_papers.item_update(item=record, **c)


def _paper(system):
    record = meeting_factories.PaperFactory(
        item__meeting__committee__system=system, title="Finance report"
    )
    return record, lambda **c: services_papers.paper_update(paper=record, **c)


# (make the record and its update, an allowed field, and a value for it)
UPDATES = {
    "committee_update": (_committee, "name", "Renamed board"),
    "agreement_update": (_agreement, "title", "Renamed agreement"),
    "party_signature_update": (_signature, "signed_on", date(2019, 5, 1)),
    "commitment_update": (_commitment, "text", "Share data monthly"),
    "delegation_update": (_delegation, "functions", "Commissioning primary care"),
    "meeting_update": (_meeting, "location", "Room 2"),
    "decision_update": (_decision, "title", "Approve as amended"),
    "action_update": (_action, "description", "Draft and circulate"),
    "item_update": (_agenda_item, "title", "Plan as amended"),
    "paper_update": (_paper, "title", "Finance report, month 10"),
    "membership_update": (_membership, "started_on", date(2019, 4, 1)),
    "risk_update": (_risk, "title", "Renamed risk"),
    "route_update": (_route, "name", "Renamed route"),
    "step_update": (_step, "escalate_to_role", "Renamed role"),
    "person_update": (_person, "name", "Renamed person"),
    "partnership_update": (_partnership, "role", "Renamed role"),
    "workstream_update": (_workstream, "name", "Renamed workstream"),
    "milestone_update": (_milestone, "title", "Renamed milestone"),
    "gateway_update": (_gateway, "name", "Renamed gateway"),
    "control_total_update": (_control_total, "source", "Corrected paper"),
    "efficiency_plan_update": (_efficiency_plan, "source", "Corrected paper"),
    "fund_update": (_fund, "gateway", "Through the Investment Committee"),
    "fund_contribution_update": (_fund_contribution, "amount", Decimal("1250")),
    "fund_allocation_update": (_fund_allocation, "purpose", "Digital programme"),
    "fund_drawdown_update": (_fund_drawdown, "purpose", "Diabetes programme"),
    "cost_share_update": (_cost_share, "source", "Corrected paper"),
    "minutes_update": (_minutes, "summary", "Amended notes"),
    "minute_entry_update": (_minute_entry, "discussion", "Noted as amended"),
    "interest_update": (_interest, "organisation_name", "Beta"),
    "declaration_update": (_declaration, "description", "Non-executive director"),
}


@pytest.mark.parametrize("service", UPDATES)
@pytest.mark.parametrize("refused", ["system", "colour"])
def test_an_update_refuses_a_field_it_does_not_offer_and_saves_nothing(
    service, refused, system, other_system, office
):
    make, allowed, value = UPDATES[service]
    record, update = make(system)
    before = getattr(record, allowed)
    with unscoped(), pytest.raises(TypeError, match=refused):
        update(actor=office, **{allowed: value, refused: other_system})
    record.refresh_from_db()
    assert getattr(record, allowed) == before
    assert system_id_of(record) == system.pk
    assert record.history.count() == 1  # only its creation


def test_an_organisation_update_refuses_an_unknown_field(office):
    organisation = factories.OrganisationFactory(name="Alpha Trust")
    with unscoped(), pytest.raises(TypeError, match="partnerships"):
        partner_services.organisation_update(
            actor=office, organisation=organisation, name="Beta Trust", partnerships=[]
        )
    organisation.refresh_from_db()
    assert organisation.name == "Alpha Trust"


@pytest.mark.parametrize("service", UPDATES)
def test_an_update_still_changes_the_fields_it_offers(service, system, office):
    make, allowed, value = UPDATES[service]
    record, update = make(system)
    with unscoped():
        update(actor=office, **{allowed: value})
    record.refresh_from_db()
    assert getattr(record, allowed) == value


# Every write service, found by walking the services modules, so a new one is covered (or this
# fails) without anyone remembering to add it.
SERVICE_MODULES = [
    partner_services,
    governance_services,
    minutes_services,
    interest_services,
    services_papers,
    milestone_services,
    escalation_services,
    finance_services,
    report_services,
    token_services,
    public_services,
]


def _services() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for module in SERVICE_MODULES
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module.__name__
        and not name.startswith("_")
    }


def _takes_any_keyword(signature: inspect.Signature) -> bool:
    return any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())


UPDATE_NAME = re.compile(r"_(update|edit|change)(_|$)")
# Update services of records no one system owns, tested on their own above.
SHARED_UPDATES = {"organisation_update"}


def test_every_update_service_says_what_it_changes():
    """One taking any keyword (``**changes``) is in UPDATES, so the tests above show it refuses
    an unknown field; one naming its fields refuses any other as Python does."""
    found = {name: sig for name, sig in _services().items() if UPDATE_NAME.search(name)}
    assert set(UPDATES) | SHARED_UPDATES <= set(found)
    for name, signature in found.items():
        if _takes_any_keyword(signature):
            assert name in {*UPDATES, *SHARED_UPDATES}, f"{name} takes **changes: add to UPDATES"
        else:
            with pytest.raises(TypeError, match="colour"):
                signature.bind_partial(colour="blue")


def _create_arguments(signature: inspect.Signature, system) -> dict:
    """Just enough for the service to build its record, which is where the unknown field is
    refused: the system, a date where one is needed, and None for everything else."""
    arguments = {}
    for name, parameter in signature.parameters.items():
        if parameter.kind is not parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
            continue
        if name == "system":
            arguments[name] = system
        elif "date" in str(parameter.annotation):
            arguments[name] = date(2024, 4, 1)
        else:
            arguments[name] = None
    return arguments


CREATES = sorted(
    name
    for name, signature in _services().items()
    if _takes_any_keyword(signature) and not UPDATE_NAME.search(name)
)


def test_the_services_that_take_any_keyword_are_known():
    assert CREATES, "the walk found no create services taking fields"


@pytest.mark.parametrize("service", CREATES)
def test_a_create_refuses_a_field_its_record_does_not_have_and_saves_nothing(
    service, system, office
):
    function = next(
        getattr(module, service) for module in SERVICE_MODULES if hasattr(module, service)
    )
    arguments = _create_arguments(inspect.signature(function), system)
    arguments["actor"] = office
    before = _history_rows()
    with unscoped(), pytest.raises(TypeError, match="colour"):
        function(**arguments, colour="blue")
    assert _history_rows() == before


def _history_rows() -> dict[str, int]:
    """How many history rows each tracked model holds: a refused write records none."""
    with unscoped():
        return {
            model.__name__: model.objects.count()
            for model in apps.get_models()
            if model.__name__.startswith("Historical")
        }


def test_update_tracked_refuses_a_name_that_is_no_field(system, office):
    record = factories.CommitteeFactory(system=system, name="Partnership Board")
    with unscoped(), pytest.raises(TypeError, match="nmae"):
        update_tracked(record, actor=office, name="Renamed", nmae="Renamed")
    record.refresh_from_db()
    assert record.name == "Partnership Board"
    assert record.history.count() == 1


def test_update_tracked_takes_a_relation_by_name_or_by_id(system, office):
    record = factories.WorkstreamFactory(plan__system=system, name="Urgent care")
    plan = factories.PlanFactory(system=system)
    with unscoped():
        assert update_tracked(record, actor=office, plan_id=plan.pk)
        assert not update_tracked(record, actor=office, plan=plan)


@pytest.mark.parametrize("service", [*UPDATES, *SHARED_UPDATES])
def test_an_allow_list_names_fields_of_its_record_and_never_its_system(service, system):
    """Each ``<record>_update`` offers ``<RECORD>_EDITABLE``: a typo there would offer a field
    that is not one (update_tracked refuses it, but only when someone tries)."""
    module = next(m for m in SERVICE_MODULES if hasattr(m, service))
    allowed = getattr(module, f"{service.removesuffix('_update').upper()}_EDITABLE")
    if service in UPDATES:
        record, _ = UPDATES[service][0](system)
        model = type(record)
    else:
        model = factories.OrganisationFactory._meta.model
    names = {f.name for f in model._meta.concrete_fields}
    assert allowed <= names
    assert "system" not in allowed
