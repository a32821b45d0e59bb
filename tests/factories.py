"""factory_boy factories. Objects are saved directly (``Model.save`` goes through the base
manager), so building test data needs no scope; reading it back does."""

import datetime

import factory
from django.contrib.auth import get_user_model

from governance.models import (
    Agreement,
    Attendance,
    Committee,
    Meeting,
    Membership,
    Party,
    QuorumRequirement,
    TermsOfReference,
)
from milestones.models import Milestone, Plan, Workstream
from partners.models import Organisation, Partnership, Person, System

factory.Faker._DEFAULT_LOCALE = "en_GB"


class SavedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        instance.save()
        return instance


class UserFactory(SavedFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


class SystemFactory(SavedFactory):
    class Meta:
        model = System

    slug = factory.Sequence(lambda n: f"system-{n}")
    name = factory.Sequence(lambda n: f"System {n} STP")
    short_name = factory.Sequence(lambda n: f"S{n}")
    region = "east_of_england"
    stage = "stp"


class OrganisationFactory(SavedFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} NHS Trust")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    kind = "nhs_trust"
    statutory = True


class PartnershipFactory(SavedFactory):
    class Meta:
        model = Partnership

    system = factory.SubFactory(SystemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Partner"


class PersonFactory(SavedFactory):
    class Meta:
        model = Person

    system = factory.SubFactory(SystemFactory)
    name = factory.Faker("name")
    title = "Director"
    organisation = None


class CommitteeFactory(SavedFactory):
    class Meta:
        model = Committee

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = "committee"


class TermsOfReferenceFactory(SavedFactory):
    class Meta:
        model = TermsOfReference

    committee = factory.SubFactory(CommitteeFactory)
    version = "1.0"
    effective_from = datetime.date(2017, 4, 1)


class QuorumRequirementFactory(SavedFactory):
    class Meta:
        model = QuorumRequirement

    terms = factory.SubFactory(TermsOfReferenceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    minimum_present = 1


class MembershipFactory(SavedFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = "member"


class MeetingFactory(SavedFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    held_on = datetime.date(2018, 2, 1)
    status = "held"


class AttendanceFactory(SavedFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = "present"


class AgreementFactory(SavedFactory):
    class Meta:
        model = Agreement

    system = factory.SubFactory(SystemFactory)
    title = factory.Sequence(lambda n: f"Memorandum of understanding {n}")
    kind = "mou"
    status = "in_effect"


class PartyFactory(SavedFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PlanFactory(SavedFactory):
    class Meta:
        model = Plan

    system = factory.SubFactory(SystemFactory)
    title = factory.Sequence(lambda n: f"Implementation plan {n}")
    amber_tolerance_days = 30


class WorkstreamFactory(SavedFactory):
    class Meta:
        model = Workstream

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: chr(ord("A") + n % 26))
    name = factory.Sequence(lambda n: f"Workstream {n}")


class MilestoneFactory(SavedFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_on = datetime.date(2020, 3, 31)


# Escalation (appended for the escalation pages' tests). Cases are raised through
# escalation.services.case_raise, which also logs the raising event.
from escalation.models import EscalationRoute, EscalationStep, Risk  # noqa: E402


class EscalationRouteFactory(SavedFactory):
    class Meta:
        model = EscalationRoute

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Escalation route {n}")
    clause = "Escalation table"


class EscalationStepFactory(SavedFactory):
    class Meta:
        model = EscalationStep

    route = factory.SubFactory(EscalationRouteFactory)
    order = 1
    escalate_to_role = "Programme director"
    response_required = ""
    response_due_days = 14
    step_up_after_days = 30


class RiskFactory(SavedFactory):
    class Meta:
        model = Risk

    system = factory.SubFactory(SystemFactory)
    reference = factory.Sequence(lambda n: f"R{n:03d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = "operational"
    likelihood = 3
    impact = 4


def routes_with_steps(system, count: int) -> None:
    """``count`` routes under one agreement, each with two steps (a committee, then a role)."""
    agreement = AgreementFactory(system=system)
    committee = CommitteeFactory(system=system)
    for n in range(count):
        route = EscalationRouteFactory(system=system, agreement=agreement)
        EscalationStepFactory(route=route, order=1, escalate_to_committee=committee)
        EscalationStepFactory(route=route, order=2, escalate_to_role=f"Role {n}")


def api_token(user) -> str:
    """The text of a token reading every system ``user`` may see, issued as the operators'
    command issues it (the binding rules themselves are tested in partners/tests)."""
    from core.audit import system_actor
    from partners.api.tokens import token_issue

    return token_issue(actor=system_actor(), user=user, by_operator=True)[1]
