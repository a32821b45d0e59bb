"""Form helpers for the NHS.UK design system: each widget gets the design system's class, and
templates/includes/field.html renders label, hint and error message next to the field."""

from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.utils import pretty_name
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from core.dates import validate_plausible_date
from core.params import as_id


class LongSelect(forms.Select):
    """A select of hundreds or thousands of choices (a system's milestones). Django builds a
    dict for every option and renders a template for each, which cost a page over 100 ms at
    2,000 of them; here ``select_options`` writes the options in one pass into the select's own
    template. The options are the same: a value, a label and ``selected``, in their groups."""

    template_name = "core/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        # Widget's context (name, the value as a list of strings, attrs), not ChoiceWidget's,
        # whose optgroups build a dict for every option for the template to read.
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["options"] = select_options(
            self.choices, context["widget"]["value"], multiple=self.allow_multiple_selected
        )
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        return context


# django.utils.html.escape's mapping (html.escape's, quotes included) as a table for
# str.translate, so that each of thousands of values and labels is escaped without a Python
# call (tests/test_long_select.py holds the two to the same result).
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def select_options(choices, selected: list[str], *, multiple: bool = False) -> SafeString:
    """The options of a select, in their groups, as Django's Select template writes them (less
    the whitespace between tags): each value as ``stringformat:"s"`` writes it, each label as
    the template shows it, and ``selected`` on the first option whose value is in ``selected``
    (on every such option if ``multiple``). Markup by construction: the tags are written here
    and every value and label passes through ``ESCAPES`` (a label or group that is not a
    plain string through ``_shown``, as a template's would), so the result is safe."""
    markup = []
    found = False
    for value, label in choices:
        if isinstance(label, list | tuple):
            group, members = value, label
        else:
            group, members = None, (("" if value is None else value, label),)
        if group:
            markup.append(f'<optgroup label="{_shown(group)}">')
        for member, text in members:
            member = str(member)
            chosen = (multiple or not found) and member in selected
            found = found or chosen
            text = text.translate(ESCAPES) if type(text) is str else _shown(text)
            selected_attribute = " selected" if chosen else ""
            markup.append(
                f'<option value="{member.translate(ESCAPES)}"{selected_attribute}>{text}</option>'
            )
        if group:
            markup.append("</optgroup>")
    return SafeString("".join(markup))


def _shown(value) -> str:
    """A value as a template shows it: localised, then escaped unless already safe."""
    return conditional_escape(localize(value))


# A plain Select is made a LongSelect first (NHSFormMixin), so LongSelect stands for both.
WIDGET_CLASSES = {
    LongSelect: "nhsuk-select",
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
            word_defaults(name, field)
            widget = field.widget
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"
            if isinstance(widget, DayMonthYearInput):
                continue  # its three inputs carry their own classes
            if type(widget) is forms.Select:
                # Every select writes its options in one pass: Django's markup, without a
                # template rendered for each option (a register's filters render hundreds).
                widget = field.widget = _long_select(widget)
            css = WIDGET_CLASSES.get(type(widget), "nhsuk-input")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        style_errors(self)


# Django's own wording, which says neither what is wrong nor what to do ("This field is
# required.", "Select a valid choice. yes is not one of the available choices.", "---------").
# A message a form or field class sets itself differs from these and is kept.
DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
DJANGO_INVALID_CHOICE = [
    field.default_error_messages["invalid_choice"]
    for field in (
        forms.ChoiceField,
        forms.MultipleChoiceField,
        forms.ModelChoiceField,
        forms.ModelMultipleChoiceField,
    )
]
# A multiple choice of records says this of a value that is no record's key; it echoes it too.
DJANGO_INVALID_PK = forms.ModelMultipleChoiceField.default_error_messages["invalid_pk_value"]
DJANGO_EMPTY_LABEL = "---------"
INVALID_CHOICE = "Choose one of the options offered."
CHOSEN = (forms.ChoiceField, forms.FileField)  # the model choices are ChoiceFields too
# A label that starts with one of these reads on after "Enter" or "Choose" without "the".
DETERMINERS = {"a", "an", "the", "this", "these", "its", "their", "your", "what", "who", "which"}
PREPOSITIONS = {"on", "by", "for", "from", "to", "at", "in", "until"}


def word_defaults(name: str, field: forms.Field) -> None:
    """Say in the field's own words what to do where it still has Django's default wording:
    "Choose the committee", "Enter the title", "Enter the signed on date" when it is left
    empty, "Choose one of the options offered." for a value not offered (never echoing what
    was sent), and a select's empty option worded as its error is ("Choose the committee")."""
    messages = field.error_messages
    label = str(field.label) if field.label is not None else pretty_name(name)
    if messages.get("required") == DJANGO_REQUIRED:
        messages["required"] = required_message(label, field)
    for code in ("invalid_choice", "invalid_pk_value"):
        if code in messages and messages[code] in (*DJANGO_INVALID_CHOICE, DJANGO_INVALID_PK):
            messages[code] = INVALID_CHOICE
    if getattr(field, "empty_label", None) == DJANGO_EMPTY_LABEL:
        # A required select's empty option says what its error would; a filter's ("All
        # workstreams") and any other a form wrote are not Django's dashes, so are kept.
        said = messages.get("required", "")
        if not (field.required and str(said).startswith("Choose")):
            said = required_message(label, field)
        field.empty_label = str(said).rstrip(".")


def required_message(label: str, field: forms.Field) -> str:
    """What to do about an empty field, built from its label: "Choose" for a choice or a
    file, "Enter" for anything typed; "the" before a label that reads as a noun ("Enter the
    title"); a date whose label ends on a preposition named as a date ("Signed on": "Enter the
    signed on date"); a question answered ("Choose an answer")."""
    verb = "Choose" if isinstance(field, CHOSEN) else "Enter"
    text = label.removesuffix("(optional)").strip().rstrip(":")
    if not text or text.endswith("?"):
        return f"{verb} an answer"
    if not text[1:2].isupper():  # "SRO" and "ODS code" keep their capitals
        text = text[0].lower() + text[1:]
    words = text.split()
    if isinstance(field, forms.DateField) and words[-1] in PREPOSITIONS:
        text = f"{text} date"
    if words[0] not in DETERMINERS:
        text = f"the {text}"
    return f"{verb} {text}"


def _long_select(select: forms.Select) -> LongSelect:
    """The select as a LongSelect: its attributes, its choices (a model field's iterator stays
    the field's, so a queryset set later still fills it) and what its field told it."""
    long = LongSelect(attrs=select.attrs)
    long.choices = select.choices
    long.is_required, long.is_localized = select.is_required, select.is_localized
    return long


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


class DayMonthYearInput(forms.MultiWidget):
    """The NHS.UK date input: day, month and year typed into three boxes (not the browser's
    picker, which differs from browser to browser and is hard to use with a screen reader).
    Posted as ``<name>_day``, ``<name>_month`` and ``<name>_year``; a post that names the date
    itself (``<name>=2019-07-31``, as a script or an older page sends it) is read as well."""

    template_name = "core/widgets/day_month_year.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        inputs = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for part, _, _ in self.parts
        }
        super().__init__(inputs, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if all(part in (None, "") for part in parts) and name in data:
            return data.get(name)
        return parts

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name not in data

    def id_for_label(self, id_, part="day"):
        # The error summary links to the day, the first of the three.
        return f"{id_}_{part}" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        error = "--error" in self.attrs.get("class", "")
        subwidgets = context["widget"]["subwidgets"]
        for sub, (part, label, width) in zip(subwidgets, self.parts, strict=True):
            sub["label"] = label
            if attrs and attrs.get("id"):
                sub["attrs"]["id"] = self.id_for_label(attrs["id"], part)
            css = f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}"
            sub["attrs"]["class"] = f"{css} nhsuk-input--error" if error else css
        return context


class DateField(forms.DateField):
    """A date typed into a page (the NHS.UK date input): a real date within the plausible
    range, said next to the field before the service (whose models check the same) sees it."""

    widget = DayMonthYearInput
    default_validators = [validate_plausible_date]
    messages = {
        "incomplete": "Enter the date's day, month and year",
        "not_real": "Enter a real date, for example 31 7 2019",
    }

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(value)
        day, month, year = (str(part or "").strip() for part in value)
        if not (day or month or year):
            return None
        if not (day and month and year):
            missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
            raise ValidationError(
                f"The date must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not (
            day.isdecimal()
            and month.isdecimal()
            and year.isdecimal()
            and len(day) <= 2
            and len(month) <= 2
            and len(year) == 4
        ):
            raise ValidationError(self.messages["not_real"], code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self.messages["not_real"], code="invalid") from None


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
