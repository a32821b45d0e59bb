"""The notification settings form: one choice per kind of reminder (no "off" for the essential
ones, which a person cannot stop)."""

from django import forms

from core import due
from core.forms import NHSFormMixin
from reminders.models import Frequency


def preferences_form(current: dict[str, str], data=None) -> forms.Form:
    """A form of a field per registered kind, set to the person's ``current`` choices."""
    fields = {}
    for kind in due.kinds():
        fields[kind.slug] = forms.ChoiceField(
            label=kind.label,
            choices=[
                (value, label)
                for value, label in Frequency.choices
                if not (kind.essential and value == Frequency.OFF)
            ],
            initial=current.get(kind.slug, Frequency.IMMEDIATE),
            help_text="Essential: these cannot be switched off." if kind.essential else "",
        )
    form_class = type("PreferencesForm", (NHSFormMixin, forms.Form), fields)
    return form_class(data)
