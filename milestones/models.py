from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance.models import Commitment
from milestones.rag import Rag, expected_on, first_baseline_on, rag_status, slippage_days
from partners.models import Organisation, Person, System


class Withdrawable(models.Model):
    """Withdrawn, never deleted: kept and labelled, its history and links intact, and left out of
    every count (RAG summaries, the dashboard, the report) while still listed on request."""

    withdrawn_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    withdrawal_reason = models.TextField("why it was withdrawn", blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def _withdrawn_with_reason(name: str, kind: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawal_reason=""),
        name=name,
        violation_error_message=f"Say why the {kind} is being withdrawn.",
    )


class Plan(models.Model):
    """A system's implementation plan."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=300)
    starts_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    ends_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    amber_tolerance_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A forecast up to this many days after the baseline is amber; beyond it, red. "
        "Not set unless the plan sets one: then a slipped forecast is amber until overdue.",
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "title"],
                name="plan_unique_title",
                violation_error_message="This system already has a plan with this title.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Gateway(Withdrawable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="gateways")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    from_date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    objectives = models.TextField(blank=True)
    history = HistoricalRecords()

    system_path = "plan__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="gateway_unique_number",
                violation_error_message="This plan already has a gateway with this number.",
            ),
            _withdrawn_with_reason("gateway_withdrawn_with_reason", "gateway"),
        ]

    def __str__(self) -> str:
        return f"Gateway {self.number}: {self.name}"


class Workstream(Withdrawable):
    class ObjectiveKind(models.TextChoices):
        SAVINGS = "savings", "Savings"
        ACTIVITY_SHIFT = "activity_shift", "Activity shift"
        QUALITY = "quality", "Quality"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="workstreams")
    code = models.CharField(max_length=10, blank=True, help_text='e.g. "A"')
    name = models.CharField(max_length=200)
    sro = models.ForeignKey(
        Person,
        verbose_name="SRO",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workstreams_led",
    )
    sro_role = models.CharField("SRO's role", max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objective_kind = models.CharField(
        max_length=20,
        choices=ObjectiveKind.choices,
        blank=True,
        help_text="Only where the source says what kind of objective it is.",
    )
    objective = models.TextField(blank=True)
    target = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    status_note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    system_path = "plan__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["plan", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="workstream_unique_name",
                violation_error_message="This plan already has a workstream with this name.",
            ),
            _withdrawn_with_reason("workstream_withdrawn_with_reason", "workstream"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}" if self.code else self.name


class Milestone(Withdrawable):
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        help_text="The agreement commitment this milestone delivers.",
    )
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    baseline_on = models.DateField(
        "baseline date",
        null=True,
        blank=True,
        help_text="Changed only by re-baselining, which keeps the old one. Empty where the source "
        "gives no date: the milestone is shown as not dated, never given a made-up one.",
        validators=[validate_plausible_date],
    )
    forecast_on = models.DateField(
        "forecast date", null=True, blank=True, validators=[validate_plausible_date]
    )
    completed_on = models.DateField(
        "completed date", null=True, blank=True, validators=[validate_plausible_date]
    )
    is_key = models.BooleanField("key milestone", default=False)
    gateway = models.ForeignKey(
        Gateway, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    source = models.CharField(max_length=300, blank=True)
    # The first baseline ever set (its date), a copy kept from the baselines by
    # ``keep_original_baseline`` whenever one is saved or deleted: slippage is measured from it,
    # and a register or an overview reads it from the row instead of looking up each
    # milestone's baselines. Empty until a baseline is recorded. Never typed in: not in forms,
    # and not shown as a change in the history (the baselines have their own).
    original_baseline_on = models.DateField(
        "original baseline", null=True, editable=False, validators=[validate_plausible_date]
    )
    history = HistoricalRecords()
    copied_fields = ("original_baseline_on",)  # core.history leaves their changes out

    system_path = "workstream__plan__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["baseline_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "title"],
                name="milestone_unique_title",
                violation_error_message="This workstream already has a milestone with this title.",
            ),
            _withdrawn_with_reason("milestone_withdrawn_with_reason", "milestone"),
        ]

    def __str__(self) -> str:
        return self.title

    def rag_on(self, day: date) -> Rag:
        return rag_status(
            baseline=self.baseline_on,
            forecast=self.forecast_on,
            completed=self.completed_on,
            tolerance_days=self.workstream.plan.amber_tolerance_days,
            today=day,
        )

    @property
    def rag(self) -> Rag:
        return self.rag_on(date.today())

    @property
    def first_baseline_on(self) -> date | None:
        """The first baseline ever set (reads prefetched baselines where present)."""
        return first_baseline_on(
            ((b.set_at, b.baseline_on) for b in self.baselines.all()), self.baseline_on
        )

    @property
    def slippage_days(self) -> int:
        return self.slippage_on(date.today())

    def slippage_on(self, day: date) -> int:
        expected = expected_on(
            baseline=self.baseline_on,
            forecast=self.forecast_on,
            completed=self.completed_on,
            as_at=day,
        )
        return slippage_days(self.first_baseline_on, expected)


class Baseline(models.Model):
    """Every baseline a milestone has had, with who set it, when and why."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="baselines")
    baseline_on = models.DateField(validators=[validate_plausible_date])
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    system_path = "milestone__workstream__plan__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["milestone_id", "set_at"]
        indexes = [
            # A milestone's first baseline (milestones.rag.first_baseline_expression), read for
            # every milestone of a register or an overview: found in the index, in its order,
            # without a sort (and, once the table is vacuumed, without reading it).
            models.Index(
                fields=["milestone", "set_at", "id"],
                include=["baseline_on"],
                name="baseline_first_set",
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.baseline_on}"


def keep_original_baseline(milestone_id: int) -> date | None:
    """Copy a milestone's first baseline (the earliest set, the lower id among equals) into
    ``Milestone.original_baseline_on``; returns it. The milestone's row is locked first, so a
    baseline saved at the same moment by someone else is waited for and counted."""
    with transaction.atomic():
        locked = Milestone._base_manager.select_for_update().filter(pk=milestone_id)
        if not locked.values_list("pk", flat=True):
            return None  # the milestone itself is being deleted
        first = (
            Baseline._base_manager.filter(milestone=milestone_id)
            .order_by("set_at", "pk")
            .values_list("baseline_on", flat=True)
            .first()
        )
        locked.update(original_baseline_on=first)
    return first


@receiver([post_save, post_delete], sender=Baseline)
def _baseline_changed(sender, instance: Baseline, raw: bool = False, **kwargs) -> None:
    """Every way a baseline is saved or deleted (a service, the admin, a queryset's delete)
    keeps its milestone's copy; a milestone already in memory (the service's own, about to be
    saved) is given it too, so saving it does not write back the old value. Fixtures (``raw``)
    bring their own."""
    if raw:
        return
    first = keep_original_baseline(instance.milestone_id)
    if Baseline._meta.get_field("milestone").is_cached(instance):
        instance.milestone.original_baseline_on = first


class Dependency(models.Model):
    """``milestone`` cannot finish before ``depends_on`` (a through-model, so it has history)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="dependencies")
    depends_on = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="dependents")
    history = HistoricalRecords()

    system_path = "milestone__workstream__plan__system"
    objects = SystemScopedManager()

    class Meta:
        verbose_name_plural = "dependencies"
        constraints = [
            models.UniqueConstraint(fields=["milestone", "depends_on"], name="dependency_unique"),
            models.CheckConstraint(
                condition=~Q(milestone=F("depends_on")),
                name="dependency_not_on_itself",
                violation_error_message="A milestone cannot depend on itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} depends on {self.depends_on}"


class ProgressUpdate(models.Model):
    """A month's update on a milestone, with the forecast and RAG as they stood then."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    month = models.DateField(
        help_text="The first day of the month reported on.", validators=[validate_plausible_date]
    )
    narrative = models.TextField()
    forecast_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    completed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    rag = models.CharField("RAG at the time", max_length=10, choices=Rag.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()
    history = HistoricalRecords()

    system_path = "milestone__workstream__plan__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["milestone", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "month"],
                name="progress_update_one_per_month",
                violation_error_message="This month's update is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="progress_update_month_starts",
                violation_error_message="Give the first day of the month reported on.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} - {self.month:%B %Y}"
