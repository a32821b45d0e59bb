"""Control totals, monthly positions and efficiency plans, in £'000 as the seeds give them."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from finance.totals import allocation_part, income_part, percent
from partners.models import Organisation, System


def money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class RecordStatus(models.TextChoices):
    """A control total or efficiency plan in force, or withdrawn (kept, labelled, not summed)."""

    CURRENT = "current", "Current"
    WITHDRAWN = "withdrawn", "Withdrawn"


def status_field() -> models.CharField:
    return models.CharField(
        max_length=10, choices=RecordStatus.choices, default=RecordStatus.CURRENT
    )


CURRENT_ONLY = Q(status=RecordStatus.CURRENT)


class FinancialYear(models.Model):
    """Reference data shared by every system, e.g. 2019/20."""

    label = models.CharField(max_length=7, unique=True, help_text="e.g. 2019/20")
    starts_on = models.DateField(validators=[validate_plausible_date])
    ends_on = models.DateField(validators=[validate_plausible_date])
    history = HistoricalRecords()

    # The same for every system: offering it in a form discloses nothing (core.admin_scope).
    shared_reference = True

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="financial_year_ends_after_start",
                violation_error_message="The year must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.label


class ControlTotal(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="control_totals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    allocation_or_income = money("allocation or income (£'000)")
    plan_surplus_deficit = money("plan surplus/(deficit) before support (£'000)")
    psf = money("PSF (£'000)", default=Decimal(0))
    frf = money("FRF (£'000)", default=Decimal(0))
    mret = money("MRET (£'000)", default=Decimal(0))
    support_not_split = money(
        "PSF/CSF/FRF/MRET, not split (£'000)",
        default=Decimal(0),
        help_text="Support funding a paper gives as one figure for all its kinds (Norfolk and "
        "Waveney's 'PSF/CSF/FRF/MRET' column), so it is not presented as any one kind.",
    )
    source = models.CharField(max_length=300, blank=True)
    status = status_field()
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "year", "organisation__name"]
        constraints = [
            # A withdrawn control total stays on record beside the one that replaces it.
            models.UniqueConstraint(
                fields=["system", "organisation", "year"],
                condition=CURRENT_ONLY,
                name="control_total_unique",
                violation_error_message="This organisation already has a control total this year.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    @property
    def support(self) -> Decimal:
        return self.psf + self.frf + self.mret + self.support_not_split

    @property
    def net(self) -> Decimal:
        """The net control total: the plan before support plus all support funding."""
        return self.plan_surplus_deficit + self.support

    @property
    def allocation(self) -> Decimal | None:
        """A commissioner's allocation (None for a provider, whose figure is income)."""
        return allocation_part(self.organisation.kind, self.allocation_or_income)

    @property
    def income(self) -> Decimal | None:
        """A provider's income (None for a commissioner, whose figure is an allocation)."""
        return income_part(self.organisation.kind, self.allocation_or_income)


class MonthlyPosition(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="monthly_positions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(
        help_text="The first day of the month reported on.", validators=[validate_plausible_date]
    )
    ytd_plan = money("year-to-date plan (£'000)")
    ytd_actual = money("year-to-date actual (£'000)")
    forecast_outturn = money("forecast outturn (£'000)")
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "month"],
                name="monthly_position_unique",
                violation_error_message="This month's position is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="monthly_position_month_starts",
                violation_error_message="Give the first day of the month reported on.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.month:%B %Y}"

    @property
    def variance(self) -> Decimal:
        """Actual less plan: positive is better than plan."""
        return self.ytd_actual - self.ytd_plan


class EfficiencyPlan(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="efficiency_plans")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    recurrent = money("recurrent (£'000)")
    non_recurrent = money("non-recurrent (£'000)")
    denominator = money(
        "denominator (£'000)",
        help_text="Allocation for commissioners, income or spend for providers.",
    )
    source = models.CharField(max_length=300, blank=True)
    status = status_field()
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "year"],
                condition=CURRENT_ONLY,
                name="efficiency_plan_unique",
                violation_error_message="This organisation already has a plan this year.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__gt=0),
                name="efficiency_plan_positive_denominator",
                violation_error_message="The denominator must be more than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    @property
    def total(self) -> Decimal:
        return self.recurrent + self.non_recurrent

    @property
    def percent(self) -> Decimal:
        """Total efficiencies as a percentage of the denominator, to two places."""
        return percent(self.total, self.denominator)


class StatedTotal(models.Model):
    """A total as a source paper prints it, kept so the product can reconcile its own sums."""

    class Table(models.TextChoices):
        CONTROL_TOTALS = "control_totals", "Control totals"
        EFFICIENCY_PLANS = "efficiency_plans", "Efficiency plans"

    class Group(models.TextChoices):
        CCG = "ccg", "CCGs"
        PROVIDER = "provider", "Providers"
        SYSTEM = "system", "System"

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="stated_totals")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    table = models.CharField(max_length=20, choices=Table.choices)
    group = models.CharField(max_length=10, choices=Group.choices)
    column = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "year", "table", "group", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "year", "table", "group", "column"], name="stated_total_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_table_display()} {self.get_group_display()} {self.column}: {self.value}"
