"""Shared funds (System Investment Fund, risk reserve) and cost-sharing splits."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from finance.models.positions import CURRENT_ONLY, FinancialYear, money, status_field
from partners.models import Organisation, System


class Fund(models.Model):
    class Kind(models.TextChoices):
        INVESTMENT_FUND = "investment_fund", "Investment fund"
        RISK_RESERVE = "risk_reserve", "Risk reserve"
        CONTINGENCY = "contingency", "Contingency"

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="funds")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "governance.Committee",
        verbose_name="spending decided by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The committee whose decision every drawdown needs (its gateway).",
    )
    gateway = models.TextField(
        "gateway process", blank=True, help_text="How spending is decided, in the source's words."
    )
    source = models.CharField(max_length=300, blank=True)
    status = status_field()
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "name"]
        constraints = [
            # A withdrawn fund stays on record; its name may be given to a new one.
            models.UniqueConstraint(
                fields=["system", "name"],
                condition=CURRENT_ONLY,
                name="fund_unique_name",
                violation_error_message="This system already has a fund with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FundContribution(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = money("amount (£'000)", validators=[MinValueValidator(0)])
    status = status_field()
    history = HistoricalRecords()

    system_path = "fund__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["fund", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} to {self.fund}: {self.amount}"


class FundAllocation(models.Model):
    """Part of a fund earmarked for an organisation or purpose, before any drawdown."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="allocations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = money("amount (£'000)", validators=[MinValueValidator(0)])
    purpose = models.TextField(blank=True)
    status = status_field()
    history = HistoricalRecords()

    system_path = "fund__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["fund", "pk"]

    def __str__(self) -> str:
        return f"{self.fund}: {self.amount} for {self.organisation or self.purpose}"


class FundDrawdown(models.Model):
    """Money out of a fund, always tied to the decision that approved it."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="drawdowns")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = money("amount (£'000)", validators=[MinValueValidator(0)])
    purpose = models.TextField()
    decision = models.ForeignKey(
        "governance.Decision", on_delete=models.PROTECT, related_name="drawdowns"
    )
    drawn_on = models.DateField(validators=[validate_plausible_date])
    status = status_field()
    history = HistoricalRecords()

    system_path = "fund__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["fund", "drawn_on"]

    def __str__(self) -> str:
        return f"{self.fund}: {self.amount} on {self.drawn_on}"


class CostShare(models.Model):
    """A cost split between partners; its lines must add up to 100%."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="cost_shares")
    name = models.CharField(max_length=200)
    year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=300, blank=True)
    status = status_field()
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "name"],
                condition=CURRENT_ONLY,
                name="cost_share_unique_name",
                violation_error_message="This system already has a split with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CostShareLine(models.Model):
    cost_share = models.ForeignKey(CostShare, on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status = status_field()
    history = HistoricalRecords()

    system_path = "cost_share__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["cost_share", "organisation__name"]
        constraints = [
            # A withdrawn line stays on record beside the one that replaces it.
            models.UniqueConstraint(
                fields=["cost_share", "organisation"],
                condition=CURRENT_ONLY,
                name="cost_share_line_unique",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="cost_share_line_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.percent}%"
