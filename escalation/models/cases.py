from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.dates import add_days, validate_plausible_date
from core.scoping import SystemScopedManager
from escalation.models.risks import Risk
from escalation.models.routes import EscalationRoute, EscalationStep
from escalation.rules import CaseAction, CaseStatus, earliest_step_up, response_given
from governance.models import Commitment
from milestones.models import Milestone
from partners.models import Organisation


class EscalationCase(models.Model):
    class SubjectKind(models.TextChoices):
        MILESTONE = "milestone", "Milestone"
        COMMITMENT = "commitment", "Commitment"
        RISK = "risk", "Risk"
        OTHER = "other", "Other"

    Status = CaseStatus

    route = models.ForeignKey(EscalationRoute, on_delete=models.PROTECT, related_name="cases")
    current_step = models.ForeignKey(EscalationStep, on_delete=models.PROTECT, related_name="+")
    step_since = models.DateField(
        help_text="When the case reached its current step.", validators=[validate_plausible_date]
    )
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    risk = models.ForeignKey(
        Risk, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    subject_text = models.CharField("subject", max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation asked to respond",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(validators=[validate_plausible_date])
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    response_reasons = models.TextField("reasons", blank=True)
    response_mitigations = models.TextField("mitigations", blank=True)
    response_revised_timetable = models.TextField("revised timetable", blank=True)
    responded_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    flagged_for_chair = models.BooleanField("flagged for the chair's report", default=False)
    history = HistoricalRecords()

    system_path = "route__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject_label} ({self.get_status_display()})"

    @property
    def subject_label(self) -> str:
        subject = self.milestone or self.commitment or self.risk
        return str(subject) if subject else self.subject_text

    @property
    def has_response(self) -> bool:
        """The reasons and mitigations are given; a revised timetable only if applicable."""
        return response_given(self.response_reasons, self.response_mitigations)

    @property
    def response_due_on(self) -> date | None:
        days = self.current_step.response_due_days
        return add_days(self.step_since, days) if days is not None else None

    @property
    def step_up_due_on(self) -> date | None:
        """The first day the case may step up; None when its step sets no period."""
        step = self.current_step
        if step.step_up_after_days is None and not step.step_up_after_months:
            return None
        return earliest_step_up(self.step_since, step.step_up_after_days, step.step_up_after_months)

    def age_days(self, today: date) -> int:
        return (today - self.raised_on).days


class CaseEvent(models.Model):
    """One transition in a case's life, with who and when."""

    case = models.ForeignKey(EscalationCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=CaseAction.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    step_order = models.PositiveSmallIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    system_path = "case__route__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.by} at {self.at:%d %b %Y %H:%M}"
