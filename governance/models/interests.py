"""The register of interests, and what is declared at a meeting.

A person's declared interests (the four kinds of NHS England's guidance on managing conflicts of
interest in the NHS, 2017), each with the organisation concerned and when it held, reviewed
yearly. At a meeting, a declaration is made on an agenda item; a member conflicted on it may be
recorded as not taking part, and where the committee's terms of reference say so, does not count
towards the quorum for that item (``governance.querysets.item_quorum``).
"""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance.models.papers import AgendaItem
from partners.models import Person


class Interest(models.Model):
    class Kind(models.TextChoices):
        FINANCIAL = "financial", "Financial interest"
        PROFESSIONAL = "professional", "Non-financial professional interest"
        PERSONAL = "personal", "Non-financial personal interest"
        INDIRECT = "indirect", "Indirect interest"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation_name = models.CharField(
        "organisation concerned",
        max_length=200,
        help_text="As the person declares it: it may be outside the system.",
    )
    description = models.TextField("nature of the interest")
    held_from = models.DateField(
        "from", null=True, blank=True, validators=[validate_plausible_date]
    )
    held_to = models.DateField("to", null=True, blank=True, validators=[validate_plausible_date])
    declared_on = models.DateField(validators=[validate_plausible_date])
    reviewed_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="Interests are reviewed at least once a year.",
    )
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="Withdrawn records are kept, labelled, never deleted.",
        validators=[validate_plausible_date],
    )
    withdrawn_reason = models.TextField("reason for withdrawing", blank=True)
    history = HistoricalRecords()

    system_path = "person__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["person__name", "-declared_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_from__isnull=True)
                | Q(held_to__isnull=True)
                | Q(held_to__gte=F("held_from")),
                name="interest_ends_after_it_starts",
                violation_error_message="An interest cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.organisation_name})"


class Declaration(models.Model):
    """An interest declared on an agenda item, and whether the person took part in it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.ForeignKey(
        Interest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        help_text="The registered interest, where it is on the register.",
    )
    description = models.TextField("interest declared")
    takes_part = models.BooleanField(
        "takes part in the item",
        default=True,
        help_text="No if the person left, or stayed without taking part, for this item.",
    )
    action = models.TextField("how it was managed", blank=True)
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="Withdrawn records are kept, labelled, never deleted.",
        validators=[validate_plausible_date],
    )
    withdrawn_reason = models.TextField("reason for withdrawing", blank=True)
    history = HistoricalRecords()

    system_path = "item__meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["item", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"],
                name="declaration_once_per_item_person",
                violation_error_message="This person has already declared on this item.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.item}"
