"""Forms for a meeting's agenda items and papers (programme office)."""

from django import forms

from core.forms import NHSFormMixin, ServiceErrorMixin
from governance.forms import _reason
from governance.models import AgendaItem
from governance.uploads import ALLOWED


class AgendaItemForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    number = forms.IntegerField(
        label="Item number",
        min_value=1,
        max_value=999,
        help_text="Its place in the order of business, for example 3.",
        error_messages={"required": "Enter the item's number, for example 3."},
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-4"}),
    )
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the item's title."})
    presenter = forms.ModelChoiceField(queryset=None, required=False, empty_label="No presenter")
    purpose = forms.ChoiceField(choices=AgendaItem.Purpose.choices)
    minutes_allowed = forms.IntegerField(
        label="Time (minutes)",
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-4"}),
    )
    confidential = forms.BooleanField(
        label="Confidential (part B): taken in private",
        required=False,
        help_text="Only the committee's members, the meeting's attendees and the programme "
        "office see the item and its papers.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people


class AgendaItemEditForm(AgendaItemForm):
    reason = _reason()


class PaperForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the paper's title."})
    file = forms.FileField(
        label="File",
        help_text=f"A {ALLOWED}.",
        error_messages={"required": "Choose the file to upload."},
        widget=forms.ClearableFileInput(attrs={"class": "nhsuk-file-upload"}),
    )
    confidential = forms.BooleanField(
        label="Confidential (part B)",
        required=False,
        help_text="Only the committee's members, the meeting's attendees and the programme "
        "office see it. A paper of a confidential item is confidential anyway.",
    )


class PaperReplaceForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    file = forms.FileField(
        label="New version",
        help_text=f"A {ALLOWED}. The current version is kept, labelled superseded.",
        error_messages={"required": "Choose the file of the new version."},
        widget=forms.ClearableFileInput(attrs={"class": "nhsuk-file-upload"}),
    )
    reason = _reason()


class PaperEditForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    title = PaperForm.base_fields["title"]
    confidential = forms.BooleanField(label="Confidential (part B)", required=False)
    reason = _reason()
