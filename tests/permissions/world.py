"""Two systems with one record of every kind each, and a signed-in client for every role.

Everyone but ``office_other_system`` and the superuser has access to the own system (A) only;
``office_other_system`` is a staff programme office of the other system (B) only. In each system
every record belongs to one organisation, which ``lead`` leads in A; ``lead_other_org`` leads a
second organisation of A, so "own organisation" and "another organisation" are both asked.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.test import Client
from django.utils import timezone

from core.models import ImportBatch, SecurityEvent
from core.roles import Role
from core.scoping import SystemScopedManager, system_path
from core.security import record as record_security_event
from partners.models import Access, System
from reminders.calendar_tokens import calendar_token_create
from reminders.tests.factories import ReminderFactory
from tests import factories as f
from tests import meeting_factories as mf
from tests import record_factories as rf
from tests.permissions.roles import STANDING_USER

# Who asks: one standing user per role in the own system (named as the root conftest names them,
# tests/permissions/roles.py), and the actors no one role describes.
ROLES = (
    "anonymous",
    *STANDING_USER.values(),
    "lead_other_org",
    "superuser",
    "office_other_system",
)
STAFF_APPS = ("partners", "governance", "milestones", "escalation", "finance", "reports")
# Every record in the other system carries this in its name: a list that shows it has leaked.
OTHER_MARKER = "Bravo"


@dataclass
class Side:
    """One system's records: ``objects`` by kind (a model label or a named variant)."""

    system: System
    organisation: object
    second_organisation: object
    objects: dict[str, models.Model] = field(default_factory=dict)


@dataclass
class World:
    own: Side
    other: Side
    users: dict[str, object]
    clients: dict[str, Client]
    # The API is read with tokens (a browser session reaches it only for read-only roles).
    api_clients: dict[str, Client]

    def side(self, name: str) -> Side:
        return self.own if name == "own" else self.other

    def object(self, side: str, kind: str) -> models.Model:
        """The side's record of that kind; an admin model's row is found by its system."""
        objects = self.side(side).objects
        if kind not in objects:
            objects[kind] = _find(self.side(side), kind)
        return objects[kind]


def _find(side: Side, label: str) -> models.Model:
    from django.apps import apps

    model = apps.get_model(label)
    if not isinstance(model._default_manager, SystemScopedManager):
        raise LookupError(f"{label} belongs to no system: declare how the harness finds one")
    row = model._base_manager.filter(**{system_path(model): side.system}).order_by("pk").first()
    if row is None:
        raise LookupError(f"no {label} in {side.system}: build one in tests/permissions/world.py")
    return row


def _side(name: str, actor) -> Side:
    system = f.SystemFactory(name=f"{name} ICS", short_name=name, slug=name.lower())
    organisation = f.OrganisationFactory(name=f"{name} Hospital NHS Trust", short_name=f"{name}H")
    second = f.OrganisationFactory(name=f"{name} County Council", kind="local_authority")
    for partner in (organisation, second):
        f.PartnershipFactory(system=system, organisation=partner)
    side = Side(system, organisation, second)
    person = f.PersonFactory(system=system, organisation=organisation, name=f"{name} Person")
    committee = f.CommitteeFactory(system=system, name=f"{name} Joint Committee")
    terms = f.TermsOfReferenceFactory(committee=committee)
    f.QuorumRequirementFactory(terms=terms, organisation=organisation)
    meeting = f.MeetingFactory(committee=committee)
    decision = rf.DecisionFactory(meeting=meeting)
    agreement = f.AgreementFactory(system=system, title=f"{name} Memorandum of understanding")
    commitment = rf.CommitmentFactory(agreement=agreement)
    plan = f.PlanFactory(system=system, title=f"{name} Implementation plan")
    workstream = f.WorkstreamFactory(
        plan=plan, name=f"{name} Urgent care", lead_organisation=organisation
    )
    milestone = f.MilestoneFactory(
        workstream=workstream, title=f"{name} Milestone", responsible_organisation=organisation
    )
    route = f.EscalationRouteFactory(system=system, name=f"{name} Escalation route")
    step = f.EscalationStepFactory(route=route)
    case = rf.EscalationCaseFactory(
        route=route, current_step=step, raised_by=actor, organisation=organisation
    )
    risk = f.RiskFactory(system=system, title=f"{name} Risk")
    year = rf.FinancialYearFactory()
    fund = rf.FundFactory(system=system, name=f"{name} Investment fund", year=year)
    cost_share = rf.CostShareFactory(system=system, name=f"{name} Cost share", year=year)
    owned = {"system": system, "organisation": organisation, "year": year}
    published = rf.MonthlyReportFactory(
        system=system, status="published", month=datetime.date(2019, 12, 1)
    )
    side.objects = {
        "partners.organisation": organisation,
        "partners.person": person,
        "governance.committee": committee,
        "governance.meeting": meeting,
        "governance.action": rf.ActionFactory(meeting=meeting),
        "governance.agreement": agreement,
        "governance.party": f.PartyFactory(agreement=agreement, organisation=organisation),
        "governance.commitment": commitment,
        "governance.delegation": rf.DelegationFactory(
            committee=committee, from_organisation=organisation
        ),
        "milestones.milestone": milestone,
        "milestones.workstream": workstream,
        "escalation.escalationcase": case,
        "escalation.risk": risk,
        "reports.monthlyreport": published,
        "draft_report": rf.MonthlyReportFactory(system=system, status="draft"),
        # A previewed import of an empty file: confirming it imports nothing.
        "milestone_import": _import_batch(system, "milestones", actor),
        "risk_import": _import_batch(system, "risks", actor),
        "action_import": _import_batch(system, "actions", actor),
        "person_import": _import_batch(system, "people", actor),
        "membership_import": _import_batch(system, "memberships", actor),
        "route_import": _import_batch(system, "escalation-routes", actor),
        "control_total_import": _import_batch(system, "control-totals", actor),
        "monthly_position_import": _import_batch(system, "monthly-positions", actor),
    }
    # The rest exist so that every admin screen and API endpoint has a row of its kind here.
    f.MembershipFactory(committee=committee, person=person)
    f.AttendanceFactory(meeting=meeting, person=person)
    rf.AgreementVersionFactory(agreement=agreement)
    rf.CommitmentOwnerFactory(commitment=commitment, organisation=organisation)
    rf.GatewayFactory(plan=plan)
    rf.BaselineFactory(milestone=milestone)
    other_milestone = f.MilestoneFactory(workstream=workstream, title=f"{name} Second milestone")
    rf.DependencyFactory(milestone=milestone, depends_on=other_milestone)
    rf.ProgressUpdateFactory(milestone=milestone, reported_by=actor)
    rf.CaseEventFactory(case=case, by=actor)
    rf.RiskWorkstreamFactory(risk=risk, workstream=workstream)
    rf.RiskMilestoneFactory(risk=risk, milestone=milestone)
    rf.ControlTotalFactory(**owned)
    rf.MonthlyPositionFactory(**owned)
    rf.EfficiencyPlanFactory(**owned)
    rf.StatedTotalFactory(system=system, year=year)
    rf.FundContributionFactory(fund=fund, organisation=organisation)
    rf.FundAllocationFactory(fund=fund)
    rf.FundDrawdownFactory(fund=fund, decision=decision)
    rf.CostShareLineFactory(cost_share=cost_share, organisation=organisation)
    # Someone whose access the system's office may change or end (not its own, not a regulator).
    side.objects["changeable_access"] = rf.AccessFactory(
        user=f.UserFactory(username=f"{name.lower()}.leaver"), system=system, role=Role.CHAIR
    )
    side.objects["partners.invitation"] = rf.InvitationFactory(
        system=system, invited_by=actor, email=f"{name.lower()}@example.nhs.uk"
    )
    rf.AccessReviewFactory(system=system, confirmed_by=actor)
    rf.PersonalDataRequestFactory(system=system, person=person, made_by=actor)
    # A meeting's agenda, papers, pack and minutes; the register of interests; publication.
    item = mf.AgendaItemFactory(meeting=meeting, title=f"{name} Agenda item")
    side.objects["governance.agendaitem"] = item
    side.objects["governance.paper"] = mf.PaperFactory(
        item=item, title=f"{name} Paper", uploaded_by=actor
    )
    mf.PackFactory(meeting=meeting, requested_by=actor)
    secret = mf.AgendaItemFactory(meeting=meeting, title=f"{name} Part B item", confidential=True)
    side.objects["confidential_item"] = secret
    side.objects["paper_of_confidential_item"] = mf.PaperFactory(
        item=secret, title=f"{name} Part B paper", uploaded_by=actor
    )
    side.objects["confidential_paper"] = mf.PaperFactory(
        item=item, title=f"{name} Confidential paper", confidential=True, uploaded_by=actor
    )
    side.objects["governance.pack"] = mf.ReadyPackFactory(meeting=meeting, requested_by=actor)
    side.objects["full_pack"] = mf.ReadyPackFactory(
        meeting=meeting, part="full", requested_by=actor
    )
    # A public pack a later change made untrue: for those who see part B only.
    side.objects["outdated_pack"] = mf.ReadyPackFactory(
        meeting=meeting,
        requested_by=actor,
        outdated_at=timezone.now(),
        outdated_reason=f"paper {name} Paper was withdrawn",
    )
    minutes = mf.MinutesFactory(meeting=meeting)
    side.objects["governance.minutes"] = minutes
    mf.MinuteEntryFactory(minutes=minutes, item=item)
    interest = mf.InterestFactory(person=person, organisation_name=f"{name} Interest")
    side.objects["governance.interest"] = interest
    mf.DeclarationFactory(item=item, person=person, interest=interest)
    # What the public pages must never serve, whoever asks (tests/permissions/table.py).
    secret_item = mf.AgendaItemFactory(
        meeting=meeting, title=f"{name} Private item", confidential=True
    )
    side.objects["confidential_item_paper"] = mf.PaperFactory(
        item=secret_item, title=f"{name} Private item paper", uploaded_by=actor
    )
    side.objects["confidential_paper"] = mf.PaperFactory(
        item=item, title=f"{name} Private paper", confidential=True, uploaded_by=actor
    )
    side.objects["withdrawn_paper"] = mf.PaperFactory(
        item=item,
        title=f"{name} Withdrawn paper",
        withdrawn_on=datetime.date(2018, 1, 30),
        uploaded_by=actor,
    )
    old = mf.PaperFactory(item=item, title=f"{name} Replaced paper", uploaded_by=actor)
    mf.PaperFactory(item=item, title=old.title, version=2, replaces=old, uploaded_by=actor)
    side.objects["superseded_paper"] = old
    # Minutes of an earlier meeting, approved at this one: the public pages show them.
    earlier = f.MeetingFactory(committee=committee, held_on=datetime.date(2018, 1, 4))
    mf.MinutesFactory(meeting=earlier, status="approved", approved_at=meeting, approval=decision)
    side.objects["approved_minutes_meeting"] = earlier
    mf.PublicationFactory(
        system=system, committees=True, meetings=True, minutes=True, interests=True, reports=True
    )
    side.objects["reminders.reminder"] = ReminderFactory(
        system=system, user=actor, title=f"{name} Action reminder"
    )
    # A security event of this system alone, named for it: another system's log that shows it
    # has leaked.
    event = record_security_event(
        SecurityEvent.Kind.ACCESS_CHANGED, user=actor, systems=[system], detail=f"{name} event"
    )
    side.objects["core.securityevent"] = event
    return side


def _import_batch(system, kind: str, actor) -> ImportBatch:
    batch = ImportBatch(system=system, kind=kind, file_name=f"{kind}.xlsx", uploaded_by=actor)
    batch.save()
    return batch


def _user(username: str, *, staff: bool = False, superuser: bool = False):
    user = f.UserFactory(username=username, is_staff=staff or superuser, is_superuser=superuser)
    if staff:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=STAFF_APPS))
    return user


def build_world() -> World:
    users = {
        "office": _user("harness.office", staff=True),
        "lead": _user("harness.lead"),
        "lead_other_org": _user("harness.lead.other"),
        "chair": _user("harness.chair"),
        "regulator": _user("harness.regulator"),
        "superuser": _user("harness.superuser", superuser=True),
        "office_other_system": _user("harness.office.other", staff=True),
    }
    own = _side("Alpha", users["office"])
    other = _side(OTHER_MARKER, users["office_other_system"])
    grants = [
        *(
            (name, own, role, own.organisation if role == Role.PARTNER_LEAD else None)
            for role, name in STANDING_USER.items()
        ),
        ("lead_other_org", own, Role.PARTNER_LEAD, own.second_organisation),
        ("office_other_system", other, Role.PROGRAMME_OFFICE, None),
    ]
    for role, side, access_role, organisation in grants:
        access = Access.objects.create(
            user=users[role], system=side.system, role=access_role, organisation=organisation
        )
        side.objects.setdefault("partners.access", access)
    for side, holder in ((own, users["regulator"]), (other, users["office_other_system"])):
        token = rf.ApiTokenFactory(
            user=holder, created_by=holder, name=f"{side.system.short_name} token"
        )
        if hasattr(token, "systems"):
            # Tokens bound to systems (issue 12) carry the one they were issued for.
            token.systems.set([side.system])
        side.objects["partners.apitoken"] = token
        side.objects["reminders.calendartoken"] = calendar_token_create(actor=holder, user=holder)[
            0
        ]
    shared = f.OrganisationFactory(name="NHS England", short_name="NHSE", kind="regulator")
    group = Group.objects.create(name="Harness group")
    sign_in = {"username": "someone", "ip_address": "127.0.0.9", "user_agent": "harness"}
    sign_in_records = {
        "axes.accessattempt": AccessAttempt.objects.create(**sign_in, failures_since_start=1),
        "axes.accesslog": AccessLog.objects.create(**sign_in),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**sign_in),
        # Sign-in's own (identity/): a single sign-on link and a two-factor authenticator.
        "socialaccount.socialaccount": SocialAccount.objects.create(
            user=users["chair"], provider="nhsmail", uid="harness-subject"
        ),
        # Made as allauth makes them (a seed the codes are derived from), so the pages that
        # count or show the codes read them.
        "mfa.authenticator": RecoveryCodes.activate(users["chair"]).instance,
    }
    for side, member in ((own, users["lead"]), (other, users["office_other_system"])):
        f.PartnershipFactory(system=side.system, organisation=shared)
        side.objects.update(
            {
                "shared_organisation": shared,
                **sign_in_records,
                "finance.financialyear": rf.FinancialYearFactory(),
                "group": group,
                "user": member,
                "system": side.system,
                "finance_summary": SimpleNamespace(pk=f"{side.system.pk}-2019-20"),
            }
        )
    clients = {"anonymous": Client()}
    api_clients = {"anonymous": clients["anonymous"]}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        token = f.api_token(user)
        api_clients[role] = Client(headers={"Authorization": f"Bearer {token}"})
    # Another browser of each token holder's (made after the sign-ins above, which forget the
    # sessions that have no browser).
    for side, holder in ((own, users["regulator"]), (other, users["office_other_system"])):
        side.objects["accounts.usersession"] = rf.UserSessionFactory(user=holder)
    return World(own=own, other=other, users=users, clients=clients, api_clients=api_clients)
