"""Every select of the product's forms (core.forms.NHSFormMixin) writes its options in one pass
(LongSelect), with the choices its field gives it, including a queryset set after the form is
built."""

import pytest
from django import forms

from core.forms import LongSelect, NHSFormMixin
from partners.models import Organisation

pytestmark = pytest.mark.django_db


class Filters(NHSFormMixin, forms.Form):
    rag = forms.ChoiceField(choices=[("", "Any"), ("red", "Red"), ("amber", "Amber & <b>")])
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


def test_a_forms_selects_write_their_options_in_one_pass():
    first = Organisation.objects.create(name="Norfolk and Norwich University Hospitals")
    form = Filters(data={"rag": "amber", "organisation": first.pk})
    assert type(form.fields["rag"].widget) is LongSelect
    assert type(form.fields["organisation"].widget) is LongSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple  # not a single choice
    html = str(form["rag"])
    assert '<option value="amber" selected>Amber &amp; &lt;b&gt;</option>' in html
    assert 'class="nhsuk-select"' in html
    # The queryset set after the form was built fills the select.
    organisation = str(form["organisation"])
    assert f'<option value="{first.pk}" selected>{first}</option>' in organisation
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == first
