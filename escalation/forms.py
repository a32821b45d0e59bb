"""Forms for the escalation and risk pages. Validation of what a case or risk may become stays in
escalation.services; these forms only collect the input and show the services' messages."""

from datetime import date

from django import forms

from core.forms import DateField, ModelMultipleIdField, NHSFormMixin, ServiceErrorMixin
from escalation.models import Risk
from escalation.rules import CaseStatus, RiskGrade, RiskRating

LIKELIHOOD = [
    (1, "1 - Rare"),
    (2, "2 - Unlikely"),
    (3, "3 - Possible"),
    (4, "4 - Likely"),
    (5, "5 - Almost certain"),
]
IMPACT = [
    (1, "1 - Negligible"),
    (2, "2 - Minor"),
    (3, "3 - Moderate"),
    (4, "4 - Major"),
    (5, "5 - Catastrophic"),
]
ANY = [("", "Any")]


def _text(label: str, *, required: bool = False, rows: int = 3, **kwargs) -> forms.CharField:
    # Not required here: the service says what is missing, in the words of the agreement.
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class CompletedForm(forms.Form):
    """A form whose fields need the request's rows (querysets, choices): the keyword arguments
    named in ``options`` are passed to ``complete`` straight after Django builds the fields."""

    options: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        options = {name: kwargs.pop(name) for name in self.options}
        super().__init__(*args, **kwargs)
        self.complete(**options)

    def complete(self, **options) -> None:
        """Fill in the fields that depend on the request (each form that names options)."""


# Filters (GET) ---------------------------------------------------------------------------------


class CaseFilterForm(NHSFormMixin, CompletedForm):
    route = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any route")
    step = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(choices=ANY + CaseStatus.choices, required=False)
    flagged = forms.ChoiceField(
        label="Chair's report",
        choices=[*ANY, ("1", "Flagged for the chair"), ("0", "Not flagged")],
        required=False,
    )
    overdue = forms.BooleanField(label="Only cases whose response is overdue", required=False)
    closed = forms.BooleanField(label="Include resolved and closed cases", required=False)

    options = ("routes", "steps")

    def complete(self, *, routes, steps: list[int]) -> None:
        self.fields["route"].queryset = routes
        self.fields["step"].choices = [("", "Any step"), *[(n, f"Step {n}") for n in steps]]

    def filters(self) -> dict:
        """The valid filters; a value that does not fit (an old link, a typo) is ignored."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class RiskFilterForm(NHSFormMixin, forms.Form):
    ORDERS = [
        ("reference", "Reference"),
        ("-band", "Rating, highest first"),
        ("band", "Rating, lowest first"),
        ("-score", "Score, highest first"),
        ("score", "Score, lowest first"),
        ("review", "Review date, soonest first"),
        ("-review", "Review date, latest first"),
        ("-reference", "Reference, descending"),
    ]

    category = forms.ChoiceField(choices=ANY + Risk.Category.choices, required=False)
    ALL = "all"
    status = forms.ChoiceField(
        choices=[
            ("", "Open and closed"),
            *Risk.Status.choices,
            (ALL, "All, withdrawn included"),
        ],
        required=False,
    )
    rating = forms.ChoiceField(
        label="Rating of the score",
        choices=[*ANY, *RiskRating.choices, ("unscored", "Not rated")],
        required=False,
    )
    grade = forms.ChoiceField(
        label="Rating (H / M / L)", choices=ANY + RiskGrade.choices, required=False
    )
    likelihood = forms.TypedChoiceField(
        choices=ANY + LIKELIHOOD, coerce=int, empty_value=None, required=False
    )
    impact = forms.TypedChoiceField(
        choices=ANY + IMPACT, coerce=int, empty_value=None, required=False
    )
    order = forms.ChoiceField(label="Sort by", choices=ORDERS, required=False)

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


# Writes (POST) ---------------------------------------------------------------------------------


class CaseCreateForm(NHSFormMixin, CompletedForm):
    route = forms.ModelChoiceField(queryset=None, empty_label="Choose a route")
    milestone = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="None", help_text="A milestone in this system."
    )
    risk = forms.ModelChoiceField(queryset=None, required=False, empty_label="None")
    subject_text = forms.CharField(
        label="Or describe the subject",
        max_length=300,
        required=False,
        help_text="When the case is not about a milestone or a risk.",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation asked to respond",
        queryset=None,
        required=False,
        empty_label="The milestone's responsible organisation, or the route's",
    )
    reason = _text("Why is it being escalated?", rows=4)
    raised_on = DateField(label="Raised on", initial=date.today)

    options = ("routes", "milestones", "risks", "organisations")

    def complete(self, *, routes, milestones, risks, organisations) -> None:
        self.fields["route"].queryset = routes
        self.fields["milestone"].queryset = milestones
        self.fields["milestone"].label_from_instance = lambda m: f"{m.workstream}: {m.title}"
        self.fields["risk"].queryset = risks
        self.fields["organisation"].queryset = organisations


class RespondForm(NHSFormMixin, forms.Form):
    reasons = _text("Reasons for non-delivery")
    mitigations = _text("Mitigations")
    revised_timetable = _text(
        "Revised delivery timetable (if applicable)",
        help_text="Leave blank if no revised timetable applies.",
    )
    responded_on = DateField(label="Responded on", initial=date.today)


class ResolveForm(NHSFormMixin, forms.Form):
    note = _text("Note", rows=2, help_text="Optional: how it was resolved.")


class StepUpForm(NHSFormMixin, forms.Form):
    on = DateField(label="Stepped up on", initial=date.today)
    note = _text("Note", rows=2, help_text="Optional: why it is being stepped up.")


class CloseForm(NHSFormMixin, forms.Form):
    note = _text("Why is the case being closed?", rows=2)


class WithdrawCaseForm(NHSFormMixin, forms.Form):
    note = _text(
        "Why is the case being withdrawn?",
        rows=2,
        help_text="For a case raised in error or overtaken by events; a case that has run its "
        "course is closed instead.",
    )


class FlagForm(NHSFormMixin, forms.Form):
    # The state asked for, not a toggle: sending the same form twice does not undo it.
    flagged = forms.TypedChoiceField(
        choices=[("1", "Flag"), ("0", "Unflag")],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )
    note = _text("Note", rows=2, help_text="Optional.")


class RatingForm(NHSFormMixin, forms.Form):
    """A risk's rating as its register rates it: H / M / L, or likelihood and impact."""

    grade = forms.ChoiceField(
        label="Rating (H / M / L)",
        choices=[("", "Not rated H / M / L"), *RiskGrade.choices],
        required=False,
        help_text="Where the register rates High / Medium / Low. Leave blank to score by "
        "likelihood and impact instead: a risk has one or the other.",
    )
    likelihood = forms.TypedChoiceField(
        choices=[("", "Not scored"), *LIKELIHOOD],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose a likelihood from 1 (rare) to 5."},
    )
    impact = forms.TypedChoiceField(
        choices=[("", "Not scored"), *IMPACT],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose an impact from 1 (negligible) to 5."},
    )


class RiskForm(ServiceErrorMixin, RatingForm):
    """A risk added to the register, or corrected (``correcting``: with a reason, optional)."""

    constraint_models = (Risk,)
    constraint_fields = {"risk_unique_reference": "reference", "risk_grade_or_score": "grade"}

    reference = forms.CharField(
        max_length=20,
        help_text="As the register numbers it, for example R12",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={"required": "Enter the risk's reference."},
    )
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the risk."})
    description = _text("Description", rows=4)
    category = forms.ChoiceField(
        choices=[("", "Not recorded"), *Risk.Category.choices],
        required=False,
        help_text="Leave as not recorded where the register gives none.",
    )
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="Not recorded")
    owner_organisation = forms.ModelChoiceField(
        label="Owning organisation", queryset=None, required=False, empty_label="Not recorded"
    )
    # The rating fields (RatingForm) come here, in the order the page shows them.
    mitigations = _text("Mitigations", rows=5)
    review_on = DateField(label="Next review date", required=False)
    workstreams = ModelMultipleIdField(
        label="Workstreams it threatens",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.CharField(
        max_length=300,
        required=False,
        help_text="Optional: the paper the risk is recorded in, for example a board paper.",
    )
    reason = _text(
        "Why is it being corrected?",
        rows=2,
        help_text="Optional. Recorded in the history with the old values, your name and the time.",
    )

    field_order = [
        "reference",
        "title",
        "description",
        "category",
        "owner",
        "owner_organisation",
        "grade",
        "likelihood",
        "impact",
        "mitigations",
        "review_on",
        "workstreams",
        "source",
        "reason",
    ]

    def __init__(self, *args, people, organisations, workstreams, correcting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner_organisation"].queryset = organisations
        self.fields["workstreams"].queryset = workstreams
        if not correcting:
            del self.fields["reason"]


class RiskReviewForm(RatingForm):
    mitigations = _text("Mitigations", rows=5)
    review_on = DateField(
        label="Next review date",
        required=False,
        help_text="Leave blank if no further review is planned.",
    )
    note = _text(
        "Review note",
        rows=3,
        help_text="Optional: what the review found. Recorded in the history with your name.",
    )


class RiskStatusForm(NHSFormMixin, forms.Form):
    """Closing, withdrawing or reopening a risk: the reason is recorded in its history."""

    reason = _text("Reason", rows=3)
