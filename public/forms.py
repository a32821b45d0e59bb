from django import forms

from core.forms import NHSFormMixin
from governance.models import Publication
from public.querysets import SECTIONS


def _label(section: str) -> str:
    return str(Publication._meta.get_field(section).verbose_name).capitalize()


class PublicationForm(NHSFormMixin, forms.Form):
    sections = forms.MultipleChoiceField(
        label="Publish on the public pages",
        choices=[(section, _label(section)) for section in SECTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Nothing is published until it is chosen here. Confidential (part B) items, "
        "papers and minutes are never published, whatever is chosen.",
    )
    reason = forms.CharField(
        label="Why (optional)",
        max_length=200,
        required=False,
        help_text="Kept in the history of these settings, for example the board's decision.",
    )
