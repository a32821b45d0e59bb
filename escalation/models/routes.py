from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from escalation.rules import step_up_period_label
from governance.models import Agreement, Commitment, Committee
from milestones.models import Workstream
from partners.models import Organisation, System


class EscalationRoute(models.Model):
    """How non-delivery is escalated, as an agreement sets out, and which items it covers."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="escalation_routes")
    name = models.CharField(max_length=200)
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clause = models.CharField("source clause", max_length=300, blank=True)
    covers_organisation = models.ForeignKey(
        Organisation,
        verbose_name="covers items of",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    covers_organisation_kind = models.CharField(
        "covers items of organisations of kind",
        max_length=30,
        choices=Organisation.Kind.choices,
        blank=True,
    )
    covers_workstream = models.ForeignKey(
        Workstream, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    covers_commitment = models.ForeignKey(
        Commitment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=300, blank=True)
    # A route is withdrawn, never deleted: its cases and their history keep pointing at it.
    withdrawn_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    withdrawal_reason = models.TextField("why it was withdrawn", blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "name"],
                name="route_unique_name",
                violation_error_message="This system already has a route with this name.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawal_reason=""),
                name="route_withdrawn_with_reason",
                violation_error_message="Say why the route is being withdrawn.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class EscalationStep(models.Model):
    route = models.ForeignKey(EscalationRoute, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    escalate_to_committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalate_to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalate_to_role = models.CharField(max_length=200, blank=True)
    response_required = models.TextField(
        blank=True,
        help_text="e.g. a written explanation covering reasons, mitigations and a revised "
        "delivery timetable. Leave blank when no response is required.",
    )
    response_due_days = models.PositiveSmallIntegerField(null=True, blank=True)
    step_up_after_days = models.PositiveSmallIntegerField(null=True, blank=True)
    step_up_after_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Where the agreement gives the period in months: the case may step up once "
        "more than this many calendar months have passed (e.g. 1 for 'after more than one "
        "month'). Set this or days, not both.",
    )
    history = HistoricalRecords()

    system_path = "route__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["route", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "order"],
                name="step_unique_order",
                violation_error_message="This route already has a step in this position.",
            ),
            models.CheckConstraint(
                condition=Q(escalate_to_committee__isnull=False)
                | Q(escalate_to_organisation__isnull=False)
                | ~Q(escalate_to_role=""),
                name="step_escalates_to_someone",
                violation_error_message="Say whom the step escalates to.",
            ),
            models.CheckConstraint(
                condition=Q(step_up_after_days__isnull=True) | Q(step_up_after_months__isnull=True),
                name="step_up_period_days_or_months",
                violation_error_message="Give the step-up period in days or in months, not both.",
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.order}: {self.escalate_to_label}"

    @property
    def step_up_period(self) -> str:
        """The agreed period before a case may move on, in words ("more than 1 month")."""
        return step_up_period_label(self.step_up_after_days, self.step_up_after_months)

    @property
    def escalate_to_label(self) -> str:
        parts: list[str] = []
        targets = (self.escalate_to_role, self.escalate_to_organisation, self.escalate_to_committee)
        for target in targets:
            if target and str(target) not in parts:
                parts.append(str(target))
        return ", ".join(parts)
