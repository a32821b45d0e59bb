from django import forms

from governance.models import Meeting, Membership
from partners.forms import DateField, NHSFormMixin
from partners.models import Person


class MeetingForm(NHSFormMixin, forms.Form):
    committee = forms.ModelChoiceField(queryset=None)
    held_on = DateField(label="Date")
    location = forms.CharField(max_length=200, required=False)
    status = forms.ChoiceField(choices=Meeting.Status.choices, initial=Meeting.Status.SCHEDULED)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class DeputyForm(NHSFormMixin, forms.Form):
    """Someone attending in place of a member."""

    action = forms.CharField(widget=forms.HiddenInput, initial="deputy")
    person = forms.ModelChoiceField(queryset=None, label="Deputy")
    deputising_for = forms.ModelChoiceField(queryset=None, label="Deputising for")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        system_id = meeting.committee.system_id
        self.fields["person"].queryset = Person.objects.filter(system_id=system_id).select_related(
            "organisation"
        )
        self.fields["deputising_for"].queryset = Membership.objects.filter(
            committee=meeting.committee, role__in=Membership.QUORUM_ROLES
        ).select_related("person__organisation")


class WithdrawalForm(NHSFormMixin, forms.Form):
    given_on = DateField(
        label="Notice given on",
        help_text="The withdrawal takes effect when the agreement's notice period has run.",
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
