"""Forms for the milestone pages. Services validate the rules; these parse the input and check
only what one form can see on its own (a plan cannot end before it starts)."""

from datetime import timedelta

from django import forms
from django.forms.models import ModelChoiceIterator

from core.forms import DateField, LongSelect, NHSFormMixin
from governance.models import Commitment
from milestones.models import Gateway, Milestone, Plan, Workstream
from milestones.rag import Rag


class QuerysetsMixin:
    """Gives model choice fields their querysets (``querysets={field: queryset}``), which belong
    to the request's system and so cannot be declared on the class."""

    def __init__(self, *args, querysets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset


# A filter's choice about withdrawn records: left out unless it asks for them.
WITHDRAWN_CHOICES = [("", "Leave them out"), ("include", "Include them"), ("only", "Only them")]

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
    withdrawn = forms.ChoiceField(
        label="Withdrawn milestones",
        choices=WITHDRAWN_CHOICES,
        required=False,
        help_text="Never counted in the RAG figures.",
    )


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
    withdrawn = forms.ChoiceField(
        label="Withdrawn workstreams", choices=WITHDRAWN_CHOICES, required=False
    )


class RebaselineForm(NHSFormMixin, forms.Form):
    baseline_on = DateField(label="New baseline date")
    reason = forms.CharField(
        label="Why is it being re-baselined?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the old baseline, your name and today's date.",
    )


def dependency_choices(rows) -> list[tuple[int, str]]:
    """Each milestone as a dependency to choose, from rows of its id, its workstream's code and
    name, and its title: the id and a label naming the workstream by its code (by its name if it
    has none). One comprehension, with no call for each of a system's some 2,000 milestones."""
    return [(pk, f"{code or name}: {title}") for pk, code, name, title in rows]


class DependencyChoiceIterator(ModelChoiceIterator):
    """A system's milestones as choices, read as rows (id, the workstream's code and name, the
    title) rather than as a milestone and a workstream built for each of some 2,000; each
    choice's value is the milestone's id itself (there is no instance to carry with it)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "workstream__code", "workstream__name", "title")
        yield from dependency_choices(rows)


class DependencyChoiceField(forms.ModelChoiceField):
    iterator = DependencyChoiceIterator
    widget = LongSelect

    def label_from_instance(self, obj: Milestone) -> str:
        row = (obj.pk, obj.workstream.code, obj.workstream.name, obj.title)
        return dependency_choices([row])[0][1]


class DependencyForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    depends_on = DependencyChoiceField(
        label="This milestone depends on",
        queryset=None,
        empty_label="Choose a milestone",
        error_messages={"required": "Choose the milestone it depends on"},
        help_text="It cannot finish before the milestone you choose.",
    )


# How many months back a monthly update may be given or corrected, besides the current month.
UPDATE_MONTHS_BACK = 6


def update_months(today) -> list:
    """The months a monthly update may report on, the month just ended first (the default),
    then the months before it, then the current month (for an update given early)."""
    month = today.replace(day=1)
    previous = []
    for _ in range(UPDATE_MONTHS_BACK):
        month = (month - timedelta(days=1)).replace(day=1)
        previous.append(month)
    return [*previous, today.replace(day=1)]


class MonthlyUpdateFilterForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    """The month reported on (the month just ended unless another is chosen) and whose
    milestones are shown: the signed-in person's own, or everyone's (a partner lead: everyone's
    in their organisation), of one workstream and, for the programme office, one organisation.
    The page shows them a page at a time."""

    month = forms.ChoiceField(
        label="Month reported on",
        required=False,
        error_messages={
            "invalid_choice": "Choose one of the months offered: this month or the six before it."
        },
    )
    whose = forms.ChoiceField(
        label="Whose milestones",
        choices=[("mine", "Milestones I am responsible for"), ("all", "Everyone's milestones")],
        required=False,
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

    def __init__(self, *args, today, with_organisation: bool = True, **kwargs):
        if not with_organisation:
            kwargs["querysets"].pop("organisation", None)
        super().__init__(*args, **kwargs)
        if not with_organisation:
            del self.fields["organisation"]
            self.fields["whose"].choices = [
                ("mine", "Milestones I am responsible for"),
                ("all", "Every milestone of your organisation"),
            ]
        months = update_months(today)
        self.default_month = months[0]
        self.fields["month"].choices = [
            (
                f"{m:%Y-%m}",
                f"{m:%B %Y}"
                + (" (just ended)" if i == 0 else "")
                + (" (so far)" if m == today.replace(day=1) else ""),
            )
            for i, m in enumerate(months)
        ]
        self.months = {f"{m:%Y-%m}": m for m in months}

    def clean_month(self):
        value = self.cleaned_data["month"]
        return self.months[value] if value else self.default_month

    def show_whose(self, whose: str) -> None:
        """Show ``whose`` milestones the page lists as chosen, when the page chose for the
        reader (everyone's, when none are theirs)."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix("whose")] = whose
        else:
            self.initial["whose"] = whose


class MonthlyUpdateForm(NHSFormMixin, forms.Form):
    """One milestone's row on the monthly update page (prefixed with the milestone's id)."""

    narrative = forms.CharField(
        label="Progress in the month",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    forecast_on = DateField(label="Forecast date", required=False)
    completed_on = DateField(label="Completed date", required=False)


# Creating and changing the plan, its workstreams and milestones (the programme office only).


def reason_field(label: str, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=100,  # what the history keeps
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="" if required else "Optional: recorded in the history with the change.",
    )


class WithdrawForm(NHSFormMixin, forms.Form):
    """Why a gateway, workstream or milestone is withdrawn (the service says when it is missing,
    next to this field)."""

    reason = forms.CharField(
        label="Why is it being withdrawn?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with your name and today's date. It is kept and labelled withdrawn.",
    )


class GatewayForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    plan = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a plan",
        error_messages={"required": "Choose the plan it belongs to."},
    )
    number = forms.IntegerField(
        min_value=1,
        max_value=99,
        error_messages={"required": "Enter the gateway's number."},
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the gateway's name."})
    from_date = DateField(label="From", required=False, help_text="When the gateway opens")
    objectives = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reason = reason_field("Why is it being corrected?", required=False)

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["plan"]  # a gateway stays in its plan
        else:
            del self.fields["reason"]

    def changes(self) -> tuple[dict, str]:
        data = dict(self.cleaned_data)
        return data, data.pop("reason", "")


class PlanForm(NHSFormMixin, forms.Form):
    title = forms.CharField(
        max_length=300,
        help_text="For example, Five Year Forward View implementation plan",
        error_messages={"required": "Enter the plan's title."},
    )
    starts_on = DateField(label="Starts on", required=False)
    ends_on = DateField(label="Ends on", required=False)
    amber_tolerance_days = forms.IntegerField(
        label="Amber tolerance (days)",
        min_value=0,
        max_value=365,
        required=False,
        help_text=Plan._meta.get_field("amber_tolerance_days").help_text,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The plan cannot end before it starts.")
        return data


class WorkstreamForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    plan = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a plan",
        error_messages={"required": "Choose the plan it belongs to."},
    )
    code = forms.CharField(
        max_length=10,
        required=False,
        help_text='A letter or number to sort it by, e.g. "A"',
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the workstream's name."}
    )
    sro = forms.ModelChoiceField(
        label="SRO",
        queryset=None,
        required=False,
        empty_label="Not named yet",
        help_text="The senior responsible owner, from the people in this system",
    )
    sro_role = forms.CharField(
        label="SRO's role", max_length=200, required=False, help_text="For example, CEO, NNUH"
    )
    lead_organisation = forms.ModelChoiceField(queryset=None, required=False, empty_label="None")
    objective_kind = forms.ChoiceField(
        label="Kind of objective",
        choices=[("", "Not set"), *Workstream.ObjectiveKind.choices],
        required=False,
    )
    objective = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    target = forms.CharField(
        max_length=200, required=False, help_text="For example, £4.2m recurrent savings"
    )
    target_date = DateField(required=False)


class CommitmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.agreement.title}: {obj}"


class GatewayChoiceField(forms.ModelChoiceField):
    """Labelled with the plan when the system has more than one (each workstream is in one)."""

    with_plan = False

    def label_from_instance(self, obj: Gateway) -> str:
        return f"{obj.plan}: {obj}" if self.with_plan else str(obj)


class MilestoneForm(NHSFormMixin, QuerysetsMixin, forms.Form):
    workstream = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a workstream",
        error_messages={"required": "Choose the workstream it belongs to."},
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the milestone's title."}
    )
    baseline_on = DateField(
        label="Baseline date",
        required=False,
        help_text="After this it moves only by re-baselining, which keeps the earlier date. "
        "Leave blank if its source gives no date: it is shown as not dated.",
    )
    forecast_on = DateField(
        label="Forecast date", required=False, help_text="Leave blank while the baseline stands."
    )
    is_key = forms.BooleanField(label="It is a key milestone", required=False)
    responsible_organisation = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="None"
    )
    responsible_person = forms.ModelChoiceField(queryset=None, required=False, empty_label="None")
    commitment = CommitmentChoiceField(
        queryset=None,
        required=False,
        empty_label="None",
        help_text="The agreement commitment this milestone delivers",
    )
    gateway = GatewayChoiceField(
        queryset=None,
        required=False,
        empty_label="None",
        help_text="One of its workstream's plan's gateways",
    )

    reason = reason_field("Why is it being corrected?", required=False)

    def __init__(self, *args, with_baseline: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_baseline:
            # Afterwards the baseline moves only by re-baselining, on the milestone's page.
            del self.fields["baseline_on"]
        else:
            del self.fields["reason"]  # only a correction says why
        gateways = self.fields["gateway"]
        gateways.with_plan = gateways.queryset.order_by().values("plan").distinct().count() > 1
