from datetime import date

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance import rules
from governance.models.committees import Committee
from partners.models import Organisation, Person, System

# A party is awaited to sign while it has neither signed nor been removed (recorded in error,
# or it never signed): the registers' and the API's "unsigned", the reminders.
AWAITING_SIGNATURE = Q(signed_on__isnull=True, withdrawn_on__isnull=True)

# An agreement terminated by its parties, or superseded by another, has ended on purpose: kept,
# labelled with why, it awaits no signature and expires no more (rules.agreement_status_on).
ENDED_ON_PURPOSE = (rules.AgreementStatus.TERMINATED, rules.AgreementStatus.SUPERSEDED)
AGREEMENT_ENDED = Q(status__in=ENDED_ON_PURPOSE)


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", "Memorandum of understanding"
        JOINT_WORKING_ARRANGEMENT = "joint_working_arrangement", "Joint working arrangement"
        BILATERAL_MOU = "bilateral_mou", "Bilateral MoU"
        SCHEME_OF_DELEGATION = "scheme_of_delegation", "Scheme of delegation"

    Status = rules.AgreementStatus

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(
        "recorded status",
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="An agreement past its expiry date shows as expired whatever is recorded here.",
    )
    effective_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    expires_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    review_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    withdrawal_notice_days = models.PositiveSmallIntegerField(
        "withdrawal notice (calendar days)", null=True, blank=True
    )
    variation = models.TextField(
        "how it may be varied", blank=True, help_text="The variation clause, in its own words."
    )
    expiry = models.TextField(
        "expiry as written",
        blank=True,
        help_text="When and how it ends or may be extended, in its own words; the date it "
        "expires is recorded apart.",
    )
    report_recipients = models.CharField(
        "the chair's monthly report goes to",
        max_length=200,
        blank=True,
        help_text='In the agreement\'s words, e.g. "Monitor and NHS(E)".',
    )
    report_recipients_clause = models.CharField(
        "where it says so", max_length=200, blank=True, help_text="The clause or section."
    )
    binding_clauses = models.JSONField("legally binding clauses", default=list, blank=True)
    dispute_resolution = models.JSONField("dispute resolution steps", default=list, blank=True)
    source = models.CharField(max_length=300, blank=True)
    terminated_on = models.DateField(
        "ended on", null=True, blank=True, validators=[validate_plausible_date]
    )
    terminated_reason = models.TextField("why it ended", blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "title"],
                name="agreement_unique_title",
                violation_error_message="This system already has an agreement with this title.",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gte=F("effective_on")),
                name="agreement_expires_after_effective",
                violation_error_message="It cannot expire before it takes effect.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: date) -> str:
        return rules.agreement_status_on(self.status, self.expires_on, day)

    @property
    def current_status(self) -> str:
        return self.status_on(date.today())

    @property
    def current_status_label(self) -> str:
        return rules.AgreementStatus(self.current_status).label

    @property
    def shown_status_label(self) -> str:
        """The label of ``shown_status``: the status as at the page's reporting date, set by
        the page (today's when it set none)."""
        return rules.AgreementStatus(getattr(self, "shown_status", self.current_status)).label

    @property
    def has_ended(self) -> bool:
        """Terminated or superseded (``AGREEMENT_ENDED``)."""
        return self.status in ENDED_ON_PURPOSE

    @property
    def kept_parties(self) -> list:
        """Its parties but those removed (read from ``parties``, prefetched for a list)."""
        return [party for party in self.parties.all() if party.withdrawn_on is None]


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(max_length=20)
    issued_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    author = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    system_path = "agreement__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["agreement", "issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreement_version_unique",
                violation_error_message="This agreement already has a version with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} version {self.number}"


class Party(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    signatory = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    signed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    scope = models.CharField(max_length=200, blank=True, help_text='e.g. "Appendix 1 only"')
    withdrawal_notice_given_on = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    withdrawn_on = models.DateField(
        "removed on",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="A party recorded in error, or that never signed, is removed but kept.",
    )
    withdrawn_reason = models.TextField("reason for removing", blank=True)
    history = HistoricalRecords()

    system_path = "agreement__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["agreement", "organisation__name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="party_once_per_agreement",
                violation_error_message="This organisation is already a party to the agreement.",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signatory__isnull=False),
                name="party_signed_by_someone",
                violation_error_message="Record who signed as well as when.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.agreement}"

    @property
    def withdrawal_effective_on(self) -> date | None:
        return rules.withdrawal_effective_on(
            self.withdrawal_notice_given_on, self.agreement.withdrawal_notice_days
        )

    @property
    def awaits_signature(self) -> bool:
        """Neither signed nor removed (``AWAITING_SIGNATURE``)."""
        return self.signed_on is None and self.withdrawn_on is None

    def is_removed_on(self, day: date) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= day

    def is_party_on(self, day: date) -> bool:
        """A party on ``day``: not removed by then, and any notice of withdrawal not yet run."""
        if self.is_removed_on(day):
            return False
        effective = self.withdrawal_effective_on
        return effective is None or day < effective


class Commitment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    withdrawn_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    withdrawn_reason = models.TextField("reason for withdrawing", blank=True)
    history = HistoricalRecords()

    system_path = "agreement__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="commitment_unique_number",
                violation_error_message="This agreement already has a commitment with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class CommitmentOwner(models.Model):
    """An organisation answerable for a commitment (a through-model of its own, with history)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="owners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    system_path = "commitment__agreement__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["commitment", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"], name="commitment_owner_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Delegation(models.Model):
    """Authority a statutory body delegates to a committee. Nothing is delegated until it is."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        IN_EFFECT = "in_effect", "In effect"
        REVOKED = "revoked", "Revoked"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="delegations")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    functions = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    effective_from = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    revoked_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    revoked_reason = models.TextField("reason for revoking", blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    system_path = "committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["committee", "from_organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="in_effect") | Q(effective_from__isnull=False),
                name="delegation_in_effect_has_date",
                violation_error_message="A delegation in effect needs the date it took effect.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation.short_name} to {self.committee}: {self.functions[:60]}"

    def is_delegated_on(self, day: date) -> bool:
        return rules.is_delegated_on(self.status, self.effective_from, self.revoked_on, day)
