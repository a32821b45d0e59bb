from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance.rules import DeputyRule, membership_current_on
from partners.models import Organisation, Person, System


class Committee(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        COMMITTEE = "committee", "Committee"
        SUB_COMMITTEE = "sub_committee", "Sub-committee"
        GROUP = "group", "Group"
        FORUM = "forum", "Forum"
        JOINT_COMMITTEE = "joint_committee", "Joint committee"
        COMMITTEES_IN_COMMON = "committees_in_common", "Committees in common"

    class Stage(models.TextChoices):
        SHADOW = "shadow", "Shadow"
        ESTABLISHED = "established", "Established"
        STOOD_DOWN = "stood_down", "Stood down"

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reporting"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ESTABLISHED)
    cadence = models.CharField(max_length=100, blank=True, help_text="e.g. Monthly")
    pack_days_before = models.PositiveSmallIntegerField(
        "papers due (days before the meeting)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text="When the pack goes out. Left blank, no deadline is set.",
    )
    purpose = models.TextField(blank=True)
    delegated_authority = models.TextField(
        blank=True, help_text="What it may decide. Nothing is delegated until it is delegated."
    )
    # Stood down, never deleted: its meetings, decisions and history keep pointing at it.
    stood_down_on = models.DateField(
        "stood down on", null=True, blank=True, validators=[validate_plausible_date]
    )
    stand_down_reason = models.TextField("why it stood down", blank=True)
    history = HistoricalRecords()

    objects = SystemScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "name"],
                name="committee_unique_name",
                violation_error_message="This system already has a committee with this name.",
            ),
            models.CheckConstraint(
                condition=Q(stood_down_on__isnull=True) | ~Q(stand_down_reason=""),
                name="committee_stood_down_with_reason",
                violation_error_message="Say why the committee is standing down.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stood_down(self) -> bool:
        return self.stood_down_on is not None


# The columns of a version of the terms that make up its quorum rule (governance.rules).
QUORUM_RULE_FIELDS = (
    "quorum_minimum_total",
    "deputies",
    "quorum_chair_or_vice_chair",
    "quorum_fraction_numerator",
    "quorum_fraction_denominator",
    "quorum_named_role",
)


class TermsOfReference(models.Model):
    """One version of a committee's terms of reference, with its structured quorum rule.

    Every part the terms set must be met: a minimum number of members present in all; a minimum
    present for named organisations (QuorumRequirement); the chair or vice-chair present; a
    fraction of the members; someone holding a named role (e.g. a clinician). ``deputies`` says
    whether deputies count towards these, and whether only with the chair's agreement.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="terms")
    version = models.CharField(max_length=50)
    approved_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    effective_from = models.DateField(validators=[validate_plausible_date])
    review_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    quorum_minimum_total = models.PositiveSmallIntegerField("minimum members present", default=0)
    deputies = models.CharField(
        "deputies", max_length=20, choices=DeputyRule.choices, default=DeputyRule.NOT_COUNTED
    )
    quorum_chair_or_vice_chair = models.BooleanField(
        "chair or vice-chair must be present", default=False
    )
    quorum_fraction_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_fraction_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_named_role = models.CharField(
        "role that must be present",
        max_length=100,
        blank=True,
        help_text="e.g. clinician: matched against members' designations.",
    )
    conflicted_not_counted = models.BooleanField(
        "a member conflicted on an item does not count towards its quorum",
        default=False,
        help_text="Only where the terms say so.",
    )
    quorum_text = models.TextField("quorum as written", blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    system_path = "committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["committee", "-effective_from"]
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "version"],
                name="terms_unique_version",
                violation_error_message="This committee already has terms with this version.",
            ),
            models.UniqueConstraint(
                fields=["committee", "effective_from"],
                name="terms_unique_effective_from",
                violation_error_message="Another version of the terms takes effect on this date.",
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=F("effective_from")),
                name="terms_review_after_effective",
                violation_error_message="The review date cannot be before the terms take effect.",
            ),
            models.CheckConstraint(
                condition=Q(
                    quorum_fraction_numerator__isnull=True,
                    quorum_fraction_denominator__isnull=True,
                )
                | Q(
                    quorum_fraction_numerator__isnull=False,
                    quorum_fraction_denominator__isnull=False,
                    quorum_fraction_numerator__gte=1,
                    quorum_fraction_denominator__gte=F("quorum_fraction_numerator"),
                ),
                name="terms_quorum_fraction_valid",
                violation_error_message="A fraction of members needs both parts, at most one "
                "whole (e.g. 1 of 3).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} terms of reference v{self.version}"

    @property
    def quorum_fraction(self) -> tuple[int, int] | None:
        if self.quorum_fraction_numerator and self.quorum_fraction_denominator:
            return (self.quorum_fraction_numerator, self.quorum_fraction_denominator)
        return None


def terms_to_review_on(day) -> Q:
    """The terms that can be due for review on ``day``: the version in force (the latest to have
    taken effect), of a committee that has not stood down. A version replaced by a later one,
    and the terms of a committee stood down (kept, labelled), have nothing left to review."""
    later = TermsOfReference.objects.filter(
        committee=OuterRef("committee"),
        effective_from__gt=OuterRef("effective_from"),
        effective_from__lte=day,
    )
    return (
        Q(effective_from__lte=day)
        & ~Q(committee__stage=Committee.Stage.STOOD_DOWN)
        & ~Q(Exists(later))
    )


class QuorumRequirement(models.Model):
    terms = models.ForeignKey(
        TermsOfReference, on_delete=models.CASCADE, related_name="quorum_requirements"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    minimum_present = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    system_path = "terms__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["terms", "organisation"], name="quorum_requirement_unique"
            ),
            models.CheckConstraint(
                condition=Q(minimum_present__gte=1),
                name="quorum_requirement_positive",
                violation_error_message="The minimum present must be at least one.",
            ),
        ]

    def __str__(self) -> str:
        return f"at least {self.minimum_present} of {self.organisation.short_name}"


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
        MEMBER = "member", "Member"
        INDEPENDENT_ADVISOR = "independent_advisor", "Independent advisor"
        IN_ATTENDANCE = "in_attendance", "In attendance"
        DEPUTY = "deputy", "Deputy"

    # Advisors, those in attendance and deputies are not members for quorum; a deputy counts
    # only when the terms allow, and then in place of the member they deputise for.
    QUORUM_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.INDEPENDENT_CHAIR, Role.MEMBER})

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation this member represents.",
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.MEMBER)
    role_on_board = models.CharField(
        "role on the committee as written",
        max_length=300,
        blank=True,
        help_text="As the membership table gives it, e.g. SRO Our People.",
    )
    designation = models.CharField(
        max_length=100,
        blank=True,
        help_text="A role the terms of reference may require present, e.g. clinician.",
    )
    planned = models.BooleanField(
        "planned post",
        default=False,
        help_text="A post to be appointed to: shown as planned, never counted as a member.",
    )
    started_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    ended_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    ended_reason = models.TextField("reason for standing down", blank=True)
    history = HistoricalRecords()

    system_path = "committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["committee", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "role"],
                name="membership_unique",
                violation_error_message="This person already holds this role on the committee.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_start",
                violation_error_message="The membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} - {self.get_role_display()}, {self.committee}"

    def is_current_on(self, day) -> bool:
        """A member on ``day``; a planned post, not yet filled, never is."""
        return membership_current_on(self.planned, self.started_on, self.ended_on, day)
