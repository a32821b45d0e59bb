"""Form helpers for the NHS.UK design system: each widget gets the design system's class, and
templates/includes/field.html renders label, hint and error message next to the field."""

from django import forms

from partners.models import Organisation, Partnership

WIDGET_CLASSES = {
    forms.Select: "nhsuk-select",
    forms.SelectMultiple: "nhsuk-select",
    forms.Textarea: "nhsuk-textarea",
    forms.CheckboxInput: "nhsuk-checkboxes__input",
    forms.RadioSelect: "nhsuk-radios__input",
}


class NHSFormMixin:
    """Adds the design system's classes (and the error state) to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = WIDGET_CLASSES.get(type(widget), "nhsuk-input")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                css = "nhsuk-input nhsuk-input--width-10"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self):
        super().full_clean()
        # Fields in error get the design system's error style (a red border).
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "nhsuk-input").split()[0]
                widget.attrs["class"] += f" {base}--error"


class DateField(forms.DateField):
    widget = forms.DateInput(format="%Y-%m-%d")


class PersonForm(NHSFormMixin, forms.Form):
    name = forms.CharField(max_length=200, required=False)
    title = forms.CharField(
        label="Post", max_length=200, required=False, help_text="For example, Chief Executive"
    )
    organisation = forms.ModelChoiceField(queryset=None, required=False)
    email = forms.EmailField(required=False, label="Email address")

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=Partnership.objects.filter(system=system).values("organisation_id")
        )

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("title"):
            self.add_error(
                "name", "Enter the person's name, or their post if the name is not known."
            )
        return data
