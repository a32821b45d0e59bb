"""Factories for the record kinds ``tests.factories`` does not cover, so that a test (the
permission harness above all) can build one of each without going through the pages. Parents
default to a fresh chain; pass them to share one."""

import datetime
import decimal
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import UserSession
from core.models import FormSubmission, ImportBatch, SecurityEvent
from core.roles import Role
from escalation.models import CaseEvent, EscalationCase, RiskMilestone, RiskWorkstream
from finance.models import (
    ControlTotal,
    CostShare,
    CostShareLine,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    FundAllocation,
    FundContribution,
    FundDrawdown,
    MonthlyPosition,
    StatedTotal,
)
from governance.models import (
    Action,
    AgreementVersion,
    Commitment,
    CommitmentOwner,
    Decision,
    Delegation,
)
from milestones.models import Baseline, Dependency, Gateway, ProgressUpdate
from partners.models import Access, AccessReview, ApiToken, Invitation, PersonalDataRequest
from reminders.models import CalendarToken
from reports.models import MonthlyReport
from reports.tests.sample import sample_snapshot
from tests.factories import (
    AgreementFactory,
    CommitteeFactory,
    EscalationRouteFactory,
    EscalationStepFactory,
    MeetingFactory,
    MilestoneFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    RiskFactory,
    SavedFactory,
    SystemFactory,
    UserFactory,
    WorkstreamFactory,
)

_thousands = decimal.Decimal("100.00")


class CalendarTokenFactory(SavedFactory):
    class Meta:
        model = CalendarToken

    user = factory.SubFactory(UserFactory)
    prefix = "calendar"
    key_hash = factory.Sequence(lambda n: hashlib.sha256(f"calendar-{n}".encode()).hexdigest())
    created_at = factory.LazyFunction(timezone.now)


class AccessFactory(SavedFactory):
    class Meta:
        model = Access

    user = factory.SubFactory(UserFactory)
    system = factory.SubFactory(SystemFactory)
    role = Role.REGULATOR


class ApiTokenFactory(SavedFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    prefix = "testtokn"
    key_hash = factory.Sequence(lambda n: f"{n:064d}")
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))
    created_by = factory.SelfAttribute("user")


class InvitationFactory(SavedFactory):
    class Meta:
        model = Invitation

    system = factory.SubFactory(SystemFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.nhs.uk")
    role = Role.CHAIR
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    invited_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    sent_at = factory.SelfAttribute("created_at")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class AccessReviewFactory(SavedFactory):
    class Meta:
        model = AccessReview

    system = factory.SubFactory(SystemFactory)
    quarter = "2019-Q4"
    confirmed_by = factory.SubFactory(UserFactory)
    confirmed_at = factory.LazyFunction(timezone.now)


class PersonalDataRequestFactory(SavedFactory):
    class Meta:
        model = PersonalDataRequest

    system = factory.SubFactory(SystemFactory)
    person = factory.SubFactory(PersonFactory, system=factory.SelfAttribute("..system"))
    kind = PersonalDataRequest.Kind.SUBJECT_ACCESS
    reason = "Request SAR-1, by e-mail"
    made_by = factory.SubFactory(UserFactory)
    made_at = factory.LazyFunction(timezone.now)


class FormSubmissionFactory(SavedFactory):
    class Meta:
        model = FormSubmission

    key = factory.Sequence(lambda n: f"{n:032x}")
    user = factory.SubFactory(UserFactory)
    location = factory.Sequence(lambda n: f"/s/system-{n}/people/")


class ImportBatchFactory(SavedFactory):
    """A previewed milestones import of one new row, not yet applied."""

    class Meta:
        model = ImportBatch

    system = factory.SubFactory(SystemFactory)
    kind = "milestones"
    file_name = "milestones.xlsx"
    sha256 = factory.Sequence(lambda n: hashlib.sha256(str(n).encode()).hexdigest())
    uploaded_by = factory.SubFactory(UserFactory)
    rows = factory.LazyFunction(
        lambda: [{"row": 2, "action": "create", "pk": None, "label": "New", "values": {}}]
    )
    counts = factory.LazyFunction(lambda: {"create": 1})


class SecurityEventFactory(SavedFactory):
    """A sign-in by a new account, from an address, in a new system."""

    class Meta:
        model = SecurityEvent
        skip_postgeneration_save = True  # the systems are rows of their own

    kind = SecurityEvent.Kind.SIGN_IN
    user = factory.SubFactory(UserFactory)
    ip_address = "192.0.2.1"
    user_agent = "Mozilla/5.0 (test)"
    detail = "With a user name and password"

    @factory.post_generation
    def systems(self, create, extracted, **kwargs):
        if create:
            self.systems.set(extracted if extracted is not None else [SystemFactory()])


class DecisionFactory(SavedFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")


class ActionFactory(SavedFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Action {n}")


class AgreementVersionFactory(SavedFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: f"0.{n + 1}")


class CommitmentFactory(SavedFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Work together on the system's plan"


class CommitmentOwnerFactory(SavedFactory):
    class Meta:
        model = CommitmentOwner

    commitment = factory.SubFactory(CommitmentFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class DelegationFactory(SavedFactory):
    class Meta:
        model = Delegation

    committee = factory.SubFactory(CommitteeFactory)
    from_organisation = factory.SubFactory(OrganisationFactory)
    functions = "Commissioning of primary care"


class GatewayFactory(SavedFactory):
    class Meta:
        model = Gateway

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Gateway {n}")


class BaselineFactory(SavedFactory):
    class Meta:
        model = Baseline

    milestone = factory.SubFactory(MilestoneFactory)
    baseline_on = datetime.date(2019, 12, 31)
    set_by = factory.SubFactory(UserFactory)
    set_at = factory.LazyFunction(timezone.now)


class DependencyFactory(SavedFactory):
    class Meta:
        model = Dependency

    milestone = factory.SubFactory(MilestoneFactory)
    depends_on = factory.SubFactory(MilestoneFactory)


class ProgressUpdateFactory(SavedFactory):
    class Meta:
        model = ProgressUpdate

    milestone = factory.SubFactory(MilestoneFactory)
    month = datetime.date(2020, 1, 1)
    narrative = "On track"
    rag = "green"
    reported_by = factory.SubFactory(UserFactory)
    reported_at = factory.LazyFunction(timezone.now)


class EscalationCaseFactory(SavedFactory):
    class Meta:
        model = EscalationCase

    route = factory.SubFactory(EscalationRouteFactory)
    current_step = factory.SubFactory(EscalationStepFactory, route=factory.SelfAttribute("..route"))
    step_since = datetime.date(2020, 1, 6)
    subject_kind = "other"
    subject_text = "Delivery of the plan"
    raised_by = factory.SubFactory(UserFactory)
    raised_on = datetime.date(2020, 1, 6)
    reason = "Two months late"


class CaseEventFactory(SavedFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(EscalationCaseFactory)
    action = "raise"
    to_status = "open"
    step_order = 1
    by = factory.SubFactory(UserFactory)
    at = factory.LazyFunction(timezone.now)


class RiskWorkstreamFactory(SavedFactory):
    class Meta:
        model = RiskWorkstream

    risk = factory.SubFactory(RiskFactory)
    workstream = factory.SubFactory(WorkstreamFactory)


class RiskMilestoneFactory(SavedFactory):
    class Meta:
        model = RiskMilestone

    risk = factory.SubFactory(RiskFactory)
    milestone = factory.SubFactory(MilestoneFactory)


class FinancialYearFactory(SavedFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("label",)

    label = "2019/20"
    starts_on = datetime.date(2019, 4, 1)
    ends_on = datetime.date(2020, 3, 31)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.get_or_create(label=kwargs.pop("label"), defaults=kwargs)[0]


class _SystemYearFactory(SavedFactory):
    class Meta:
        abstract = True

    system = factory.SubFactory(SystemFactory)
    year = factory.SubFactory(FinancialYearFactory)


class ControlTotalFactory(_SystemYearFactory):
    class Meta:
        model = ControlTotal

    organisation = factory.SubFactory(OrganisationFactory)
    allocation_or_income = _thousands
    plan_surplus_deficit = decimal.Decimal("0.00")


class MonthlyPositionFactory(_SystemYearFactory):
    class Meta:
        model = MonthlyPosition

    organisation = factory.SubFactory(OrganisationFactory)
    month = datetime.date(2019, 9, 1)
    ytd_plan = ytd_actual = forecast_outturn = _thousands


class EfficiencyPlanFactory(_SystemYearFactory):
    class Meta:
        model = EfficiencyPlan

    organisation = factory.SubFactory(OrganisationFactory)
    recurrent = non_recurrent = _thousands
    denominator = decimal.Decimal("1000.00")


class StatedTotalFactory(_SystemYearFactory):
    class Meta:
        model = StatedTotal

    table = "control_totals"
    group = "system"
    column = "allocation_or_income"
    value = _thousands


class FundFactory(SavedFactory):
    class Meta:
        model = Fund

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"System investment fund {n}")
    kind = "investment_fund"


class FundContributionFactory(SavedFactory):
    class Meta:
        model = FundContribution

    fund = factory.SubFactory(FundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    amount = _thousands


class FundAllocationFactory(SavedFactory):
    class Meta:
        model = FundAllocation

    fund = factory.SubFactory(FundFactory)
    amount = _thousands


class FundDrawdownFactory(SavedFactory):
    class Meta:
        model = FundDrawdown

    fund = factory.SubFactory(FundFactory)
    amount = _thousands
    purpose = "Digital programme"
    decision = factory.SubFactory(DecisionFactory)
    drawn_on = datetime.date(2019, 10, 1)


class CostShareFactory(SavedFactory):
    class Meta:
        model = CostShare

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Programme office costs {n}")


class CostShareLineFactory(SavedFactory):
    class Meta:
        model = CostShareLine

    cost_share = factory.SubFactory(CostShareFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    percent = decimal.Decimal("100.00")


def _built(report) -> bool:
    return report.status in ("draft", "published", "superseded")


def _pdf_bytes(report) -> bytes:
    return f"%PDF-1.7 {report.status}".encode()


class MonthlyReportFactory(SavedFactory):
    """A report row in any state; a built one has the sample snapshot and stand-in PDF bytes."""

    class Meta:
        model = MonthlyReport

    system = factory.SubFactory(SystemFactory)
    month = datetime.date(2020, 1, 1)
    status = "draft"
    requested_at = factory.LazyFunction(timezone.now)
    snapshot = factory.LazyAttribute(
        lambda report: sample_snapshot(extra_milestones=0) if _built(report) else None
    )
    # Written to the default storage when the row is saved (FileField's pre_save).
    pdf = factory.LazyAttribute(
        lambda report: ContentFile(_pdf_bytes(report), name="report.pdf") if _built(report) else ""
    )
    sha256 = factory.LazyAttribute(
        lambda report: hashlib.sha256(_pdf_bytes(report)).hexdigest() if _built(report) else ""
    )
    published_at = factory.LazyAttribute(
        lambda report: timezone.now() if report.status == "published" else None
    )


class UserSessionFactory(SavedFactory):
    """A browser's session record (accounts); its Django session is not made."""

    class Meta:
        model = UserSession

    user = factory.SubFactory(UserFactory)
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    key_prefix = "zzzzzz"
    device = "Firefox on Windows"
    ip_address = "192.0.2.10"
    signed_in_at = factory.LazyFunction(timezone.now)
    last_seen_at = factory.LazyFunction(timezone.now)
