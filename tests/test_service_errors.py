"""A service's ValidationError is placed on a form in one way (core.forms.add_service_error):
each message next to the field a user would correct, anything else above the form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import NHSFormMixin, ServiceErrorMixin, add_service_error, constraint_moves
from partners.models import Organisation


class NameForm(NHSFormMixin, forms.Form):
    name = forms.CharField()
    given_on = forms.DateField()


def _form() -> NameForm:
    form = NameForm({"name": "Alpha", "given_on": "2024-04-01"})
    assert form.is_valid()
    return form


def test_a_message_about_a_field_of_the_form_is_shown_next_to_it_and_styled():
    form = _form()
    add_service_error(form, ValidationError({"name": ValidationError("Taken.", code="taken")}))
    assert form.errors == {"name": ["Taken."]}
    assert form.has_error("name", code="taken")
    assert "nhsuk-input--error" in form.fields["name"].widget.attrs["class"].split()


def test_a_general_message_is_shown_above_the_form_unless_a_field_is_given_for_it():
    form = _form()
    add_service_error(form, ValidationError("Not now."))
    assert form.errors == {NON_FIELD_ERRORS: ["Not now."]}
    form = _form()
    add_service_error(form, ValidationError("Not now."), general="given_on")
    assert form.errors == {"given_on": ["Not now."]}


def test_moves_and_aliases_place_messages_about_no_field_of_the_form():
    form = _form()
    error = ValidationError(
        {
            NON_FIELD_ERRORS: ["Name taken in this system."],
            "withdrawal_notice_given_on": ["Already given."],
            "colour": ["Unknown to the form."],
        }
    )
    add_service_error(
        form,
        error,
        {"Name taken in this system.": "name"},
        aliases={"withdrawal_notice_given_on": "given_on"},
    )
    assert form.errors == {
        "name": ["Name taken in this system."],
        "given_on": ["Already given."],
        NON_FIELD_ERRORS: ["Unknown to the form."],
    }


def test_constraint_moves_read_the_message_from_the_model():
    moves = constraint_moves(Organisation, fields={"organisation_ods_code_unique": "ods_code"})
    (message,) = moves
    assert moves[message] == "ods_code"
    assert message == next(
        c.get_violation_error_message()
        for c in Organisation._meta.constraints
        if c.name == "organisation_ods_code_unique"
    )


def test_a_form_declares_where_its_services_errors_go():
    class DeclaredForm(NameForm, ServiceErrorMixin):
        general_field = "name"
        aliases = {"held_on": "given_on"}

    form = DeclaredForm({"name": "Alpha", "given_on": "2024-04-01"})
    assert form.is_valid()
    form.add_service_error(ValidationError({NON_FIELD_ERRORS: ["A"], "held_on": ["B"]}))
    assert form.errors == {"name": ["A"], "given_on": ["B"]}
