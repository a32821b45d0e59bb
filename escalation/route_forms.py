"""Forms for setting up escalation routes and their steps (programme office). What a route or a
step may become is checked in escalation.services; these forms collect the input and show the
services' messages next to the fields they concern."""

from django import forms

from core.forms import NHSFormMixin, ServiceErrorMixin
from escalation.models import EscalationRoute, EscalationStep
from partners.models import Organisation

SMALL_NUMBER = {"class": "nhsuk-input nhsuk-input--width-4"}


def _days(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=32767,
        help_text=help_text,
        widget=forms.NumberInput(attrs=SMALL_NUMBER),
    )


def _reason(label: str, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="" if required else "Optional: recorded in the history with the change.",
    )


class CorrectionMixin:
    """An edit form's reason for the correction, kept apart from the record's fields."""

    def changes(self) -> tuple[dict, str]:
        data = dict(self.cleaned_data)
        return data, data.pop("reason", "")


class RouteForm(NHSFormMixin, ServiceErrorMixin, CorrectionMixin, forms.Form):
    constraint_models = (EscalationRoute,)
    constraint_fields = {"route_unique_name": "name"}

    name = forms.CharField(max_length=200)
    agreement = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="None",
        help_text="The agreement that sets out this route.",
    )
    clause = forms.CharField(
        label="Source clause",
        max_length=300,
        required=False,
        help_text='Where the agreement says so, e.g. "16 (Dispute Resolution), paras a-b".',
    )
    covers_organisation = forms.ModelChoiceField(
        label="Covers the items of",
        queryset=None,
        required=False,
        empty_label="Any organisation",
    )
    covers_organisation_kind = forms.ChoiceField(
        label="Or the items of every organisation of kind",
        choices=[("", "Any kind"), *Organisation.Kind.choices],
        required=False,
    )
    covers_workstream = forms.ModelChoiceField(
        label="Covers the workstream", queryset=None, required=False, empty_label="Any workstream"
    )
    covers_commitment = forms.ModelChoiceField(
        label="Covers the commitment", queryset=None, required=False, empty_label="Any commitment"
    )
    source = forms.CharField(
        max_length=300,
        required=False,
        help_text="The paper and section it comes from.",
    )

    def __init__(self, *args, agreements, organisations, workstreams, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["covers_organisation"].queryset = organisations
        self.fields["covers_workstream"].queryset = workstreams
        self.fields["covers_commitment"].queryset = commitments
        self.fields["covers_commitment"].label_from_instance = lambda c: (
            f"{c.agreement}: {c.number}. {c.text[:80]}"
        )


class RouteEditForm(RouteForm):
    reason = _reason("Why is it being corrected?", required=False)


class RouteWithdrawForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    reason = _reason("Why is the route being withdrawn?", required=False)


class StepForm(NHSFormMixin, ServiceErrorMixin, CorrectionMixin, forms.Form):
    constraint_models = (EscalationStep,)
    constraint_fields = {
        "step_escalates_to_someone": "escalate_to_role",
        "step_up_period_days_or_months": "step_up_after_days",
    }

    escalate_to_role = forms.CharField(
        label="Escalate to (role or body)",
        max_length=200,
        required=False,
        help_text='As the agreement names them, e.g. "The involved Parties". Give this, a '
        "committee or an organisation.",
    )
    escalate_to_committee = forms.ModelChoiceField(
        label="Escalate to committee", queryset=None, required=False, empty_label="None"
    )
    escalate_to_organisation = forms.ModelChoiceField(
        label="Escalate to organisation", queryset=None, required=False, empty_label="None"
    )
    response_required = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=EscalationStep._meta.get_field("response_required").help_text,
    )
    response_due_days = _days("Response due within (days)", "Leave blank if no deadline.")
    step_up_after_days = _days(
        "Step up after (days)", "Leave blank if the period is in months, or there is none."
    )
    step_up_after_months = _days(
        "Or step up after more than (calendar months)",
        EscalationStep._meta.get_field("step_up_after_months").help_text,
    )

    def __init__(self, *args, committees, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["escalate_to_committee"].queryset = committees
        self.fields["escalate_to_organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        # A blank number is "none", stored as NULL; months of 0 would mean no period either.
        if data.get("step_up_after_months") == 0:
            data["step_up_after_months"] = None
        if data.get("step_up_after_days") is not None and data.get("step_up_after_months"):
            self.add_error(
                "step_up_after_days", "Give the step-up period in days or in months, not both."
            )
        return data


class StepEditForm(StepForm):
    reason = _reason("Why is it being corrected?", required=False)


class StepRemoveForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    reason = _reason("Why is the step being removed?", required=False)


class StepMoveForm(NHSFormMixin, forms.Form):
    """A move up or down, by the button pressed; nothing to type."""
