"""Forms of the minutes pages: amend the text, circulate, approve at a later meeting, correct."""

from django import forms
from django.db import models

from core.forms import DateField, NHSFormMixin, ServiceErrorMixin
from governance.models import Meeting, MinuteEntry, Minutes


def _text(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def entry_field(entry: MinuteEntry) -> str:
    """An entry's box: by its id, or for an item the version has no entry for yet (added to
    the agenda since the draft) by the item's id, the entry being made when the page is saved."""
    if entry.pk is None:
        return f"discussion-item-{entry.item_id}"
    return f"discussion-{entry.pk}"


class MinutesEditForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """The opening notes and one discussion per agenda item, with why they changed."""

    summary = forms.CharField(
        label="Opening and general notes",
        required=False,
        max_length=20000,
        widget=_text(4),
        help_text="For example the chair's welcome and whether the meeting was quorate.",
    )
    reason = forms.CharField(
        label="Reason for the amendment",
        required=False,
        max_length=1000,
        widget=_text(2),
        help_text="Needed once the minutes are circulated. Kept in the history with who "
        "made the change.",
    )

    def __init__(self, *args, minutes: Minutes, entries: list[MinuteEntry], **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        self.entries = entries
        for entry in entries:
            item = entry.shown
            name = entry_field(entry)
            self.fields[name] = forms.CharField(
                label=f"{item.number}. {item.title}",
                required=False,
                max_length=20000,
                initial=entry.discussion,
                widget=_text(5),
                help_text="Part B: confidential." if item.confidential else "",
            )
            if item.confidential:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-hint"
            else:
                self.fields[name].widget.attrs.pop("aria-describedby", None)
            self.fields[name].widget.attrs.setdefault("class", "nhsuk-textarea")
        self.fields["reason"] = reason
        if minutes.status == Minutes.Status.CIRCULATED:
            reason.required = True
            reason.error_messages["required"] = "Say why the circulated minutes are amended."

    def discussions(self) -> dict[int, str]:
        """The texts of the version's entries, by entry id."""
        return {
            entry.pk: self.cleaned_data[entry_field(entry)]
            for entry in self.entries
            if entry.pk is not None
        }

    def new_discussions(self) -> dict[int, str]:
        """The texts for items that have no entry yet, by agenda item id."""
        return {
            entry.item_id: self.cleaned_data[entry_field(entry)]
            for entry in self.entries
            if entry.pk is None
        }


class MinutesCirculateForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    circulated_on = DateField(
        label="Circulated on",
        help_text="The day the draft went out.",
        error_messages={"required": "Enter the day the draft was circulated"},
    )


class MinutesApproveForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    at = forms.ModelChoiceField(
        queryset=None,
        label="Approved at the meeting on",
        empty_label="Choose the meeting",
        error_messages={
            "required": "Choose the meeting that approved the minutes.",
            "invalid_choice": "Choose a later meeting of the committee from the list.",
        },
        help_text="A later meeting of the same committee that has been held. The approval is "
        "recorded as a decision of that meeting.",
    )

    def __init__(self, *args, meetings: models.QuerySet[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].queryset = meetings
        self.fields["at"].label_from_instance = lambda m: f"{m.held_on:%-d %B %Y}"


class MinutesCorrectForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    reason = forms.CharField(
        label="Why do the approved minutes need correcting?",
        max_length=1000,
        widget=_text(3),
        error_messages={"required": "Say why the approved minutes need correcting."},
    )
