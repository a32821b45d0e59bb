"""Every form says what to do, in its field's own words, where Django's default wording was
left (core.forms.word_defaults, run for each field by NHSFormMixin): never "This field is
required.", never the value sent echoed back, never "---------" as a select's empty option; a
message a form wrote itself stays as it is."""

import pytest
from django import forms

from core.forms import DateField, ModelMultipleIdField, NHSFormMixin
from core.scoping import unscoped
from finance.api.filters import FundFilterSet
from finance.models import Fund
from partners.models import Organisation
from tests import factories


class MeetingForm(NHSFormMixin, forms.Form):
    title = forms.CharField(label="Title")
    held_on = DateField(label="Date")
    signed_on = DateField(label="Signed on")
    committee = forms.ModelChoiceField(queryset=Organisation.objects.all())
    status = forms.ChoiceField(choices=[("", "Any"), ("open", "Open")], required=False)
    reason = forms.CharField(error_messages={"required": "Say why it changed."})
    kind = forms.ChoiceField(
        choices=[("a", "A")], error_messages={"invalid_choice": "Choose a kind from the list."}
    )
    taken_part = forms.ChoiceField(label="Did they take part?", choices=[("y", "Yes")])
    owners = ModelMultipleIdField(queryset=Organisation.objects.all(), label="SRO")
    workstream = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="All workstreams"
    )


@pytest.fixture
def errors(db):
    form = MeetingForm({"status": "yes", "kind": "<b>z</b>", "workstream": "x"})
    assert not form.is_valid()
    return {name: messages[0] for name, messages in form.errors.items()}


def test_a_required_text_field_says_enter_and_names_it(errors):
    assert errors["title"] == "Enter the title"


def test_a_required_date_says_enter_and_names_it(errors):
    assert errors["held_on"] == "Enter the date"
    # A label ending on a preposition reads as the date it names.
    assert errors["signed_on"] == "Enter the signed on date"


def test_a_required_choice_says_choose_and_names_it(errors):
    assert errors["committee"] == "Choose the committee"
    assert errors["taken_part"] == "Choose an answer"  # a question's label is not repeated
    assert errors["owners"] == "Choose the SRO"  # an acronym keeps its capitals


@pytest.mark.parametrize("field", ["status", "workstream"])
def test_a_value_not_offered_is_refused_without_echoing_it(errors, field):
    assert errors[field] == "Choose one of the options offered."


def test_a_multiple_choice_refuses_a_value_not_offered_without_echoing_it(db):
    organisation = factories.OrganisationFactory()
    form = MeetingForm({"owners": [str(organisation.pk), "123456789"]})
    form.is_valid()
    assert form.errors["owners"] == ["Choose one of the options offered."]
    form = MeetingForm({"owners": ["not-an-id"]})
    form.is_valid()
    assert form.errors["owners"] == ["Choose one of the options offered."]


def test_a_message_the_form_set_itself_is_kept(errors):
    assert errors["reason"] == "Say why it changed."
    assert errors["kind"] == "Choose a kind from the list."


def test_no_default_wording_is_left(errors):
    said = " ".join(errors.values())
    assert "This field is required" not in said
    assert "valid choice" not in said
    assert "<b>" not in said and "yes" not in said


def test_a_selects_empty_option_says_what_to_do_and_a_filters_any_option_is_kept(db):
    form = MeetingForm()
    assert form.fields["committee"].empty_label == "Choose the committee"
    assert form.fields["workstream"].empty_label == "All workstreams"
    page = str(form["committee"])
    assert '<option value="" selected>Choose the committee</option>' in page
    assert "---------" not in page


def test_the_rule_is_applied_to_each_form_not_to_the_class(db):
    """Fields are copied for each form: the class's own stay Django's, so a form that is no
    NHSFormMixin form (an API filter) keeps Django's wording."""
    MeetingForm()
    assert (
        MeetingForm.base_fields["title"].error_messages["required"]
        == (forms.Field.default_error_messages["required"])
    )
    assert MeetingForm.base_fields["committee"].empty_label == "---------"


def test_an_api_filter_keeps_djangos_wording(db):
    """The API's filters are django-filter forms, no NHSFormMixin: their 400 bodies stay."""
    with unscoped():
        form = FundFilterSet({"kind": "nonsense"}, queryset=Fund.objects.none()).form
        assert not form.is_valid()
    assert form.errors["kind"] == [
        "Select a valid choice. nonsense is not one of the available choices."
    ]
