from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.roles import Role
from core.scoping import SharedAcrossSystemsManager, SystemScopedManager

# Organisation Data Service codes: 3 characters for an organisation (trusts "RCX", CCGs "07J",
# NHS England "X24"), 5 for a site, 6 (a letter and five digits) for a GP practice.
ods_code_validator = RegexValidator(
    r"^(?:[A-Z0-9]{3}|[A-Z0-9]{5}|[A-Z][0-9]{5})$",
    "Enter an ODS code: 3 or 5 capital letters and digits (e.g. RCX, 07J), "
    "or a letter and 5 digits for a GP practice.",
)


class Region(models.TextChoices):
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    MIDLANDS = "midlands", "Midlands"
    NORTH_EAST_AND_YORKSHIRE = "north_east_and_yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north_west", "North West"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class System(models.Model):
    """One STP / ICS footprint: the tenant every system-owned record belongs to."""

    class Stage(models.TextChoices):
        # A local health economy's joint working arrangement came before STPs (seed 000, 2015).
        LOCAL_HEALTH_ECONOMY = "local_health_economy", "Local health economy"
        STP = "stp", "STP"
        ASPIRANT_ICS = "aspirant_ics", "Aspirant ICS"
        ICS = "ics", "ICS"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50)
    region = models.CharField(max_length=40, choices=Region.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.STP)
    active = models.BooleanField(
        default=True, help_text="An active system gets a monthly report drafted after month end."
    )
    opens_as_at = models.DateField(
        "reporting date when none is chosen",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="Pages work out RAG, slippage and overdue as at this date unless another is "
        "chosen; blank for today. A demo system opens at its seed paper's date.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationManager(SharedAcrossSystemsManager):
    link_model = "partners.Partnership"
    link_field = "organisation"


class Organisation(models.Model):
    """A statutory or partner body. Shared between systems through Partnership (NHS England is in
    all of them), so it is reference data rather than system-owned."""

    class Kind(models.TextChoices):
        CCG = "ccg", "Clinical commissioning group"
        ICB = "icb", "Integrated care board"
        FOUNDATION_TRUST = "foundation_trust", "NHS foundation trust"
        NHS_TRUST = "nhs_trust", "NHS trust"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        REGULATOR = "regulator", "Regulator"
        PRIMARY_CARE = "primary_care", "Primary care / GP federation"
        AMBULANCE_TRUST = "ambulance_trust", "Ambulance trust"
        THIRD_SECTOR = "third_sector", "Third sector"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50)
    ods_code = models.CharField(
        "ODS code", max_length=6, blank=True, validators=[ods_code_validator]
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    statutory = models.BooleanField(default=True)
    objects = OrganisationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"],
                condition=~Q(ods_code=""),
                name="organisation_ods_code_unique",
                violation_error_message="Another organisation already has this ODS code.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """An organisation's place in a system: its role and any limit on its scope."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=200, blank=True)
    scope_note = models.CharField(max_length=200, blank=True, help_text='e.g. "Appendix 1 only"')
    oversees = models.CharField(
        "oversees organisations of kind",
        max_length=30,
        choices=Organisation.Kind.choices,
        blank=True,
        help_text="A regulator's: the kind of organisation whose items of non-delivery go to it "
        "here (e.g. Monitor: NHS foundation trusts). Only where the source says so.",
    )
    joined_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    left_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation"], name="partnership_unique_per_system"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="partnership_left_after_joined",
                violation_error_message="The date it left cannot be before the date it joined.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.system}"


class Person(models.Model):
    """Someone who sits on a committee, signs an agreement or leads a workstream in a system."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="Post, e.g. Chief Executive")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["name", "title"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(title=""),
                name="person_has_name_or_title",
                violation_error_message=(
                    "Give the person's name or, if it is not known, their post."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = self.name or self.title
        if self.organisation_id:
            return f"{label} ({self.organisation.short_name})"
        return label


class Access(models.Model):
    """What a user may do in one system. Read only through core.authz."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accesses"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="accesses")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation a partner lead leads; only for partner leads.",
    )
    # A leaver's access ends on a date: from that day core.authz no longer reads it.
    ends_on = models.DateField(
        "access ends on", null=True, blank=True, validators=[validate_plausible_date]
    )
    end_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "accesses"
        ordering = ["system__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "system"], name="access_one_role_per_system"),
            models.CheckConstraint(
                condition=(Q(role=Role.PARTNER_LEAD) & Q(organisation__isnull=False))
                | (~Q(role=Role.PARTNER_LEAD) & Q(organisation__isnull=True)),
                name="access_partner_lead_has_organisation",
                violation_error_message=(
                    "A partner lead needs the organisation they lead; other roles have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} in {self.system}"


class ApiToken(models.Model):
    """A regulator's key to the read-only API. Only its SHA-256 is stored; it expires and can be
    revoked. It reads only the systems it is bound to, and of those only the ones its user's
    accesses still grant at the time of each request (see core.authz.bind)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="What it is for")
    prefix = models.CharField(max_length=8, help_text="The token's first characters, to tell it")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set once, at issue (its history record's reason names them); never widened afterwards.
    systems = models.ManyToManyField(
        System, related_name="api_tokens", help_text="The systems the token may read"
    )
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_usable_at(self, moment) -> bool:
        return self.revoked_at is None and moment < self.expires_at


class Invitation(models.Model):
    """An e-mail invitation to a system with a role. Only the SHA-256 of its link's token is
    kept; it expires, can be revoked, and is used once (accepting it grants the access)."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation a partner lead leads; only for partner leads.",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.PARTNER_LEAD) & Q(organisation__isnull=False))
                | (~Q(role=Role.PARTNER_LEAD) & Q(organisation__isnull=True)),
                name="invitation_partner_lead_has_organisation",
                violation_error_message=(
                    "A partner lead needs the organisation they lead; other roles have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} - {self.get_role_display()} in {self.system}"

    def is_open_at(self, moment) -> bool:
        """Still waiting for the invitee: neither accepted, revoked nor expired."""
        return self.accepted_at is None and self.revoked_at is None and moment < self.expires_at


class AccessReview(models.Model):
    """The programme office's confirmation that a quarter's access review was done."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="access_reviews")
    quarter = models.CharField(max_length=7, help_text='The quarter reviewed, e.g. "2026-Q4"')
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"Access review {self.quarter} of {self.system}"


class PersonalDataRequest(models.Model):
    """A request about a person's data, as it was answered: who asked, when and why. The audit
    of subject access files given out and of erasures; it never holds the erased name (an
    erasure's row names the person's record, which then carries the pseudonym)."""

    class Kind(models.TextChoices):
        SUBJECT_ACCESS = "subject_access", "Subject access: their data as a file"
        ERASURE = "erasure", "Erasure: their identity replaced by a pseudonym"

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    every_system = models.BooleanField(
        default=False, help_text="Answered for every system (a platform operator's request)."
    )
    reason = models.TextField(help_text="Why: e.g. the request's reference and how it came.")
    pseudonym = models.CharField(max_length=50, blank=True)
    # What the answer held or changed, e.g. {"Attendance": 4} or {"rows rewritten": 12}.
    counts = models.JSONField(default=dict, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.made_at:%-d %b %Y})"
