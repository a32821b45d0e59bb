"""Forms of the register of interests and of the declarations made on a meeting's items."""

from django import forms
from django.db import models

from core.forms import DateField, NHSFormMixin, ServiceErrorMixin
from governance.forms import _reason, _text
from governance.models import AgendaItem, Declaration, Interest


class _InterestChoice(forms.ModelChoiceField):
    """A person's interest, named without the person (only theirs are offered)."""

    def label_from_instance(self, obj: Interest) -> str:
        return f"{obj.organisation_name}: {obj.get_kind_display().lower()}"


class InterestForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Interest,)
    constraint_fields = {"interest_ends_after_it_starts": "held_to"}

    person = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the person whose interest it is."},
    )
    kind = forms.ChoiceField(
        choices=Interest.Kind.choices,
        help_text="As NHS England's guidance on managing conflicts of interest sorts them.",
    )
    organisation_name = forms.CharField(
        label="Organisation concerned",
        max_length=200,
        help_text="As the person declares it: it may be outside the system.",
        error_messages={"required": "Enter the organisation the interest concerns."},
    )
    description = forms.CharField(
        label="Nature of the interest",
        widget=_text(3),
        error_messages={"required": "Describe the interest, for example shareholder."},
    )
    held_from = DateField(label="Held from", required=False)
    held_to = DateField(label="Held to", required=False, help_text="Leave blank if still held.")
    declared_on = DateField(
        label="Declared on", error_messages={"required": "Enter the date it was declared."}
    )

    def __init__(self, *args, people: models.QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class InterestEditForm(InterestForm):
    reason = _reason()

    def __init__(self, *args, **kwargs):
        # The person an interest belongs to is never changed: withdraw it and add it again.
        super().__init__(*args, people=Interest.objects.none(), **kwargs)
        del self.fields["person"]


class InterestReviewForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    reviewed_on = DateField(
        label="Reviewed on",
        error_messages={"required": "Enter the date of the review."},
        help_text="The day the person confirmed the interest is still as registered.",
    )


class DeclarationForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """``interests``: the registered interests of the person chosen (none until one is)."""

    constraint_models = (Declaration,)
    constraint_fields = {"declaration_once_per_item_person": "person"}

    item = forms.ModelChoiceField(
        queryset=None,
        label="Agenda item",
        empty_label="Choose an item",
        error_messages={"required": "Choose the item the interest was declared on."},
    )
    person = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the person who declared it."},
    )
    interest = _InterestChoice(
        queryset=None,
        required=False,
        label="Registered interest it concerns",
        empty_label="None, or not on the register",
        help_text="Only the chosen person's interests on the register are offered.",
    )
    description = forms.CharField(
        label="Interest declared",
        widget=_text(3),
        error_messages={"required": "Say what interest was declared."},
    )
    takes_part = forms.TypedChoiceField(
        label="Did they take part in the item?",
        choices=[("yes", "Yes, took part"), ("no", "No: left, or stayed without taking part")],
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    action = forms.CharField(label="How it was managed", required=False, widget=_text(3))

    def __init__(self, *args, items, people, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["person"].queryset = people
        self.fields["interest"].queryset = interests


class DeclarationEditForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    interest = DeclarationForm.base_fields["interest"]
    description = DeclarationForm.base_fields["description"]
    takes_part = DeclarationForm.base_fields["takes_part"]
    action = DeclarationForm.base_fields["action"]
    reason = _reason()

    def __init__(self, *args, interests, **kwargs):
        initial = kwargs.get("initial")
        if initial and isinstance(initial.get("takes_part"), bool):
            initial["takes_part"] = "yes" if initial["takes_part"] else "no"
        super().__init__(*args, **kwargs)
        self.fields["interest"].queryset = interests
        # The person is fixed here: there is no choosing them first.
        self.fields["interest"].help_text = "Only their interests on the register are offered."


def item_choices(items: models.QuerySet[AgendaItem]) -> models.QuerySet[AgendaItem]:
    return items.filter(withdrawn_on__isnull=True).order_by("number")
