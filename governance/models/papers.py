"""A meeting's agenda, its papers and the pack that sends them out.

Items and papers are public (part A) or confidential (part B). A confidential item makes its
papers confidential too; a public item may still carry a confidential paper. Confidential ones are
for the committee's members, the meeting's attendees and the system's programme office only
(``governance.confidential``), never in public pages, exports or the API for anyone else.

A paper's file lives in the default storage (``settings.STORAGES``) under a name that carries its
SHA-256, is checked against it whenever it is served, and is only ever served through a view that
checks access, as an attachment. A paper replaced late is a new version; the old one is kept.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance.models.meetings import Meeting
from governance.uploads import KINDS
from partners.models import Person


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(
        "item number", validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    title = models.CharField(max_length=300)
    presenter = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    minutes_allowed = models.PositiveSmallIntegerField(
        "time (minutes)", null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    confidential = models.BooleanField(
        "confidential (part B)",
        default=False,
        help_text="Taken in private: only the committee's members, the meeting's attendees and "
        "the programme office see it and its papers.",
    )
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="Withdrawn records are kept, labelled, never deleted.",
        validators=[validate_plausible_date],
    )
    withdrawn_reason = models.TextField("reason for withdrawing", blank=True)
    history = HistoricalRecords()

    system_path = "meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_number_once_per_meeting",
                violation_error_message="This meeting already has an item with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def paper_path(paper: "Paper", filename: str) -> str:
    """Under the system's and meeting's ids (a slug may change); the file name carries the hash,
    so a name never stands for other bytes."""
    meeting = paper.item.meeting
    return f"papers/{meeting.committee.system_id}/{meeting.pk}/{filename}"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    confidential = models.BooleanField(
        "confidential (part B)",
        default=False,
        help_text="Only the committee's members, the meeting's attendees and the programme "
        "office see it. A paper of a confidential item is confidential whatever this says.",
    )
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        editable=False,
        help_text="The earlier version this one replaces.",
    )
    file = models.FileField(upload_to=paper_path, max_length=255, editable=False)
    filename = models.CharField("file name", max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField("size (bytes)", editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_at = models.DateTimeField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
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
        ordering = ["item", "title", "version"]

    def __str__(self) -> str:
        return self.title if self.version == 1 else f"{self.title} (version {self.version})"

    @property
    def is_confidential(self) -> bool:
        return self.confidential or self.item.confidential

    @property
    def kind_label(self) -> str:
        """What kind of file it is, in the words the upload form uses (PDF, Word ...)."""
        labels = {kind.content_type: kind.label for kind in KINDS.values()}
        return labels.get(self.content_type, "File")

    @property
    def is_current(self) -> bool:
        """Not replaced by a later version and not withdrawn."""
        return self.withdrawn_on is None and not hasattr(self, "replaced_by")


def pack_path(pack: "Pack", filename: str) -> str:
    return f"packs/{pack.meeting.committee.system_id}/{pack.meeting_id}/{filename}"


class Pack(models.Model):
    """One PDF of a meeting's agenda and papers, built in the background: a public pack (part A
    only) and a full pack (parts A and B) per version. A paper replaced late makes a new version;
    earlier ones are kept, labelled superseded. A pack a later change made untrue is outdated
    (``outdated_at``): no longer served to anyone who does not see part B."""

    class Part(models.TextChoices):
        PUBLIC = "public", "Public (part A)"
        FULL = "full", "Full (parts A and B)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    part = models.CharField(max_length=10, choices=Part.choices)
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to=pack_path, max_length=255, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
    failure = models.TextField(blank=True, editable=False)
    # The Celery message that owns the build: a stale worker never overwrites a newer one.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    # Set when a paper or item it shows is made confidential, withdrawn or replaced: the pack is
    # no longer true, and is kept for those who see part B only, labelled, until built again.
    outdated_at = models.DateTimeField(null=True, blank=True, editable=False)
    outdated_reason = models.CharField(
        "why it is out of date", max_length=300, blank=True, editable=False
    )
    history = HistoricalRecords()

    system_path = "meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["meeting", "part", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part", "version"], name="pack_one_per_meeting_part_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(pdf="") & ~Q(sha256="")),
                name="pack_ready_has_its_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_part_display()} pack, version {self.version}"
