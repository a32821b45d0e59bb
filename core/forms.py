"""Form helpers for the NHS.UK design system: each widget gets the design system's class, and
templates/includes/field.html renders label, hint and error message next to the field."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.dates import validate_plausible_date
from core.params import as_id

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


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """Choices of records by id, refusing a value that is no plain id as an invalid choice
    before the database sees it (a huge number overflows the database driver)."""

    def _check_values(self, value):
        for pk in value:
            if as_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class DateField(forms.DateField):
    """A date typed into a page: within the plausible range, said next to the field before
    the service (whose models check the same) sees it."""

    widget = forms.DateInput(format="%Y-%m-%d")
    default_validators = [validate_plausible_date]


def add_service_error(form: forms.Form, error, moves: dict[str, str] | None = None) -> None:
    """Attach a service's ValidationError to the form. ``moves`` maps a general message (a
    multi-field unique constraint, which Django reports as a non-field error) to the field a
    user would correct, so it is shown there."""
    if moves and hasattr(error, "error_dict"):
        errors = error.message_dict
        for message in list(errors.get(NON_FIELD_ERRORS, [])):
            if message in moves:
                errors[NON_FIELD_ERRORS].remove(message)
                errors.setdefault(moves[message], []).append(message)
        if not errors.get(NON_FIELD_ERRORS):
            errors.pop(NON_FIELD_ERRORS, None)
        error = ValidationError(errors)
    form.add_error(None, error)
