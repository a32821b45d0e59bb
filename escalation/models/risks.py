from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from escalation.rules import (
    RiskGrade,
    RiskRating,
    rank_key,
    rating_label,
    risk_band,
    risk_rating,
    risk_score,
)
from milestones.models import Milestone, Workstream
from partners.models import Organisation, Person, System

one_to_five = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    class Category(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        OPERATIONAL = "operational", "Operational"
        QUALITY = "quality", "Quality"
        REPUTATIONAL = "reputational", "Reputational"
        CLINICAL = "clinical", "Clinical"
        GOVERNANCE = "governance", "Governance"
        PERFORMANCE = "performance", "Performance"
        WORKFORCE = "workforce", "Workforce"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        # Recorded in error or not a risk of this system: kept and labelled, never deleted.
        WITHDRAWN = "withdrawn", "Withdrawn"

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="risks")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # Blank where the source paper gives the risk no category: shown as "Not recorded".
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks_owned"
    )
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grade = models.CharField(
        "rating (H / M / L)",
        max_length=1,
        choices=RiskGrade.choices,
        blank=True,
        help_text="Where the register rates risks High / Medium / Low rather than by likelihood "
        "and impact: as the source gives it. A risk has a grade or a score, never both.",
    )
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=one_to_five)
    impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=one_to_five)
    mitigations = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    review_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "reference"],
                name="risk_unique_reference",
                violation_error_message="This system already has a risk with this reference.",
            ),
            models.CheckConstraint(
                condition=models.Q(likelihood__isnull=True)
                | models.Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__isnull=True) | models.Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(grade="")
                | models.Q(likelihood__isnull=True, impact__isnull=True),
                name="risk_grade_or_score",
                violation_error_message="Rate a risk H / M / L or by likelihood and impact, "
                "not both.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def score(self) -> int | None:
        return risk_score(self.likelihood, self.impact)

    @property
    def rating(self) -> RiskRating | None:
        """The score's rating on the 5x5 matrix (None for a graded or unrated risk)."""
        return risk_rating(self.score)

    @property
    def band(self) -> RiskRating | None:
        """The band it ranks in across registers (escalation.rules: H with the high scores)."""
        return risk_band(self.grade, self.score)

    @property
    def rating_label(self) -> str:
        """As its source rates it: "H", or "High (12)", or "Not rated"."""
        return rating_label(self.grade, self.score)

    @property
    def rank_key(self) -> tuple:
        return rank_key(self.grade, self.score, self.reference)


class RiskWorkstream(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="workstream_links")
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    system_path = "risk__system"
    objects = SystemScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["risk", "workstream"], name="risk_workstream_unique")
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} - {self.workstream}"


class RiskMilestone(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="milestone_links")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    system_path = "risk__system"
    objects = SystemScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["risk", "milestone"], name="risk_milestone_unique")
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} - {self.milestone}"
