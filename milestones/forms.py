"""Forms for the milestone pages. Services validate the rules; these only parse the input."""

from django import forms

from milestones.models import Milestone, Workstream
from milestones.rag import Rag
from partners.forms import DateField, NHSFormMixin


class QuerysetsMixin:
    """Gives model choice fields their querysets (``querysets={field: queryset}``) as soon as the
    fields exist: NHSFormMixin, listed before this mixin, validates a bound form in __init__."""

    def __init__(self, *args, querysets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset


ORDER_CHOICES = [
    ("baseline", "Baseline date (earliest first)"),
    ("-baseline", "Baseline date (latest first)"),
    ("forecast", "Forecast date (earliest first)"),
    ("-forecast", "Forecast date (latest first)"),
    ("-slippage", "Slippage (most first)"),
    ("slippage", "Slippage (least first)"),
    ("title", "Title (A to Z)"),
    ("-title", "Title (Z to A)"),
]


class MilestoneFilterForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    """The list's GET parameters; the dashboard links here with the same names."""

    rag = forms.ChoiceField(
        label="RAG status", choices=[("", "Any status"), *Rag.choices], required=False
    )
    workstream = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="All workstreams"
    )
    organisation = forms.ModelChoiceField(
        label="Responsible organisation",
        queryset=None,
        required=False,
        empty_label="All organisations",
    )
    key = forms.ChoiceField(
        label="Key milestones",
        choices=[("", "All milestones"), ("1", "Key milestones only")],
        required=False,
    )
    overdue = forms.ChoiceField(
        label="Overdue", choices=[("", "Overdue or not"), ("1", "Overdue only")], required=False
    )
    due_within = forms.IntegerField(
        label="Due within (days)",
        min_value=1,
        max_value=3650,
        required=False,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    order = forms.ChoiceField(label="Sort by", choices=ORDER_CHOICES, required=False)


class WorkstreamFilterForm(NHSFormMixin, forms.Form):
    objective_kind = forms.ChoiceField(
        label="Objective",
        choices=[("", "All objectives"), *Workstream.ObjectiveKind.choices],
        required=False,
    )
    order = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("code", "Code"),
            ("name", "Name"),
            ("target_date", "Target date (earliest first)"),
            ("-target_date", "Target date (latest first)"),
        ],
        required=False,
    )


class RebaselineForm(NHSFormMixin, forms.Form):
    baseline_on = DateField(label="New baseline date")
    reason = forms.CharField(
        label="Why is it being re-baselined?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the old baseline, your name and today's date.",
    )


class DependencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Milestone) -> str:
        code = obj.workstream.code or obj.workstream.name
        return f"{code}: {obj.title}"


class DependencyForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    depends_on = DependencyChoiceField(
        label="This milestone depends on",
        queryset=None,
        empty_label="Choose a milestone",
        help_text="It cannot finish before the milestone you choose.",
    )


class OrganisationFilterForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Responsible organisation",
        queryset=None,
        required=False,
        empty_label="All organisations",
    )


class MonthlyUpdateForm(NHSFormMixin, forms.Form):
    """One milestone's row on the monthly update page (prefixed with the milestone's id)."""

    narrative = forms.CharField(
        label="Progress this month",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    forecast_on = DateField(label="Forecast date", required=False)
    completed_on = DateField(label="Completed date", required=False)
