"""Minutes of a meeting, drafted against its agenda, circulated, amended and approved at a later
meeting of the same committee (the approval is a decision of that meeting), then frozen.

A version is drafted (editable), circulated (editable: amendments are made to the circulated
draft and the history keeps each), then approved (frozen for ever). A correction after approval
is a new version that supersedes it and goes through the same steps. Attendance, declarations,
decisions and actions are the meeting's own records, shown in the minutes as they stand; the
minutes add, per agenda item, what was discussed.

What an entry shows of its agenda item (number, title, purpose, presenter, part A or B, whether
withdrawn) is copied into the entry when the minutes are approved: approved minutes read as they
were approved however the agenda item changes later. Until then the entry shows the item live.
Part B alone also follows the item after approval: made confidential later, the entry is hidden.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance.models.meetings import Decision, Meeting
from governance.models.papers import AgendaItem


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    summary = models.TextField("opening and general notes", blank=True)
    circulated_on = models.DateField(
        null=True, blank=True, editable=False, validators=[validate_plausible_date]
    )
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        editable=False,
        help_text="The later meeting of the committee that approved these minutes.",
    )
    approval = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        editable=False,
        help_text="The decision of that meeting approving them.",
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        editable=False,
        help_text="The approved version this one corrects.",
    )
    correction_reason = models.TextField("why the approved minutes are corrected", blank=True)
    history = HistoricalRecords()

    system_path = "meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name_plural = "minutes"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="minutes_version_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_at__isnull=False) & Q(approval__isnull=False)),
                name="minutes_approved_at_a_meeting",
                violation_error_message="Approved minutes name the meeting that approved them.",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}, version {self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.SUPERSEDED)


class ItemHeading(NamedTuple):
    """An entry's agenda item number, title and part B flag as the minutes show them."""

    number: int
    title: str
    confidential: bool


@dataclass(frozen=True)
class ItemAsMinuted:
    """An entry's agenda item as the minutes show it: as approved, or as it stands today."""

    number: int
    title: str
    purpose: str
    presenter: str
    confidential: bool
    withdrawn: bool

    def get_purpose_display(self) -> str:
        return AgendaItem.Purpose(self.purpose).label if self.purpose else ""


class MinuteEntry(models.Model):
    """What the minutes say of one agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="minute_entries")
    discussion = models.TextField(blank=True)
    # The item as approved (services_minutes.minutes_approve); empty while the minutes are open.
    item_number = models.PositiveSmallIntegerField(
        "item number as approved", null=True, blank=True, editable=False
    )
    item_title = models.CharField(
        "item title as approved", max_length=300, blank=True, editable=False
    )
    item_purpose = models.CharField(
        "item purpose as approved",
        max_length=20,
        choices=AgendaItem.Purpose.choices,
        blank=True,
        editable=False,
    )
    item_presenter = models.CharField(
        "item presenter as approved", max_length=300, blank=True, editable=False
    )
    item_confidential = models.BooleanField("part B when approved", default=False, editable=False)
    item_withdrawn = models.BooleanField("withdrawn when approved", default=False, editable=False)
    history = HistoricalRecords()

    system_path = "minutes__meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["minutes", "item__number"]
        verbose_name_plural = "minute entries"
        constraints = [
            models.UniqueConstraint(fields=["minutes", "item"], name="minute_entry_once_per_item"),
            models.CheckConstraint(
                condition=Q(item_number__isnull=True) | ~Q(item_title=""),
                name="minute_entry_item_copied_whole",
                violation_error_message="An approved entry keeps its item's number and title.",
            ),
        ]

    def __str__(self) -> str:
        shown = self.shown
        return f"{self.minutes}: {shown.number}. {shown.title}"

    @property
    def as_approved(self) -> bool:
        """Whether the item was copied in at approval (so the entry no longer follows it)."""
        return self.item_number is not None

    @property
    def shown(self) -> ItemAsMinuted:
        """The item as these minutes show it: as approved once they are, else as it stands."""
        number, title, confidential = self.heading
        if self.as_approved:
            return ItemAsMinuted(
                number=number,
                title=title,
                purpose=self.item_purpose,
                presenter=self.item_presenter,
                confidential=confidential,
                withdrawn=self.item_withdrawn,
            )
        return item_as_it_stands(self.item)

    @property
    def heading(self) -> ItemHeading:
        """``shown``'s number, title and part B flag only (its presenter is not read).

        Part B is the one thing not frozen: an entry is part B if the item was when approved or
        is now (as ``governance.confidential`` hides it), so the label never says less than the
        handling the entry gets."""
        item = self.item  # read once: a list writes the heading of every entry
        if self.as_approved:
            confidential = self.item_confidential or item.confidential
            return ItemHeading(self.item_number, self.item_title, confidential)
        return ItemHeading(item.number, item.title, item.confidential)


def item_as_it_stands(item: AgendaItem) -> ItemAsMinuted:
    return ItemAsMinuted(
        number=item.number,
        title=item.title,
        purpose=item.purpose,
        presenter=str(item.presenter) if item.presenter_id else "",
        confidential=item.confidential,
        withdrawn=item.withdrawn_on is not None,
    )
