"""Form helpers for the NHS.UK design system: each widget gets the design system's class, and
templates/includes/field.html renders label, hint and error message next to the field."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

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
        style_errors(self)


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


def style_errors(form: forms.Form) -> None:
    """Give each field in error the design system's error style (a red border), once; errors
    a service reports arrive after cleaning styled the fields."""
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        css = (widget.attrs.get("class") or "nhsuk-input").split()
        if not any(c.endswith("--error") for c in css):
            # The component's own class (nhsuk-input), not a modifier such as its width.
            base = next((c for c in css if "--" not in c), "nhsuk-input")
            widget.attrs["class"] = " ".join([*css, f"{base}--error"])


def constraint_moves(*models: type[models.Model], fields: dict[str, str]) -> dict[str, str]:
    """``moves`` for ``add_service_error`` read from the models: the message of each
    constraint ``fields`` names, to the field shown next to it. The wording stays the model's."""
    return {
        constraint.get_violation_error_message(): fields[constraint.name]
        for model in models
        for constraint in model._meta.constraints
        if constraint.name in fields
    }


def add_service_error(
    form: forms.Form,
    error: ValidationError,
    moves: dict[str, str] | None = None,
    *,
    aliases: dict[str, str] | None = None,
    general: str | None = None,
) -> None:
    """Attach a service's ValidationError to the form, each message next to the field a user
    would correct: the one it names (``aliases`` maps a model field to the form field that sets
    it where their names differ); for a message about no field of the form, the field ``moves``
    gives for that message (a constraint over several fields, which Django reports as a general
    error; see ``constraint_moves``), else ``general`` for a general message. Anything still
    unplaced is shown above the form."""
    moves, aliases = moves or {}, aliases or {}
    if hasattr(error, "error_dict"):
        items = error.error_dict.items()
    else:
        items = [(NON_FIELD_ERRORS, error.error_list)]
    for key, errors in items:
        named = aliases.get(key, key)
        fallback = general if key == NON_FIELD_ERRORS else None
        for item in errors:
            field = named if named in form.fields else moves.get(item.messages[0], fallback)
            form.add_error(field, item)
    if isinstance(form, NHSFormMixin):
        style_errors(form)


class ServiceErrorMixin:
    """A form that places its service's errors itself (``form.add_service_error(error)``), as
    ``add_service_error`` does, declared on the form: ``constraint_fields`` names, by
    constraint of ``constraint_models``, the field its message belongs next to; ``aliases``
    and ``general_field`` are ``add_service_error``'s ``aliases`` and ``general``."""

    constraint_models: tuple[type[models.Model], ...] = ()
    constraint_fields: dict[str, str] = {}
    aliases: dict[str, str] = {}
    general_field: str | None = None

    def add_service_error(self, error: ValidationError) -> None:
        moves = constraint_moves(*self.constraint_models, fields=self.constraint_fields)
        add_service_error(self, error, moves, aliases=self.aliases, general=self.general_field)
