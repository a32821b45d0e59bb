"""The partners' own forms: people, and an organisation with its partnership."""

from django import forms

from core.forms import NHSFormMixin
from partners.models import Organisation, Partnership


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


class OrganisationFieldsMixin(forms.Form):
    """An organisation's own details: shared by every system it is a partner in."""

    name = forms.CharField(max_length=200, required=False)
    short_name = forms.CharField(
        max_length=50,
        required=False,
        help_text="Shown in tables, for example NNUH",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    ods_code = forms.CharField(
        label="ODS code",
        max_length=6,
        required=False,
        help_text="Its Organisation Data Service code, for example RCX or 07J, if it has one",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Choose a kind"), *Organisation.Kind.choices],
        required=False,
    )
    statutory = forms.BooleanField(label="It is a statutory body", required=False)


class PartnershipFieldsMixin(forms.Form):
    """The organisation's place in this system."""

    role = forms.CharField(
        label="Role in the partnership",
        max_length=200,
        required=False,
        help_text="For example, Acute provider or Host commissioner",
    )
    scope_note = forms.CharField(
        label="Scope",
        max_length=200,
        required=False,
        help_text='Leave blank if it takes part in all of it, or say which part, e.g. "Appendix 1 '
        'only"',
    )


ORGANISATION_FIELDS = ["name", "short_name", "ods_code", "kind", "statutory"]
PARTNERSHIP_FIELDS = ["role", "scope_note"]
NEW_ORGANISATION_FIELDS = ("name", "short_name", "kind")


class PartnerAddForm(NHSFormMixin, OrganisationFieldsMixin, PartnershipFieldsMixin, forms.Form):
    """Either an organisation already recorded (in another of the user's systems) or a new one."""

    organisation = forms.ModelChoiceField(
        label="An organisation already recorded",
        queryset=None,
        required=False,
        empty_label="None of these: add a new organisation",
    )

    field_order = ["organisation", *ORGANISATION_FIELDS, *PARTNERSHIP_FIELDS]

    def __init__(self, *args, organisations, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("statutory", True)
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]

    def clean(self):
        data = super().clean()
        new_details = [name for name in (*NEW_ORGANISATION_FIELDS, "ods_code") if data.get(name)]
        if data.get("organisation"):
            if new_details:
                self.add_error(
                    "organisation",
                    "Choose an organisation already recorded or give a new one's details, "
                    "not both.",
                )
            return data
        messages = {
            "name": "Enter the organisation's name"
            + (", or choose one already recorded." if "organisation" in self.fields else "."),
            "short_name": "Enter a short name for tables, for example its initials.",
            "kind": "Choose the kind of organisation.",
        }
        for name in NEW_ORGANISATION_FIELDS:
            if not data.get(name):
                self.add_error(name, messages[name])
        return data


class PartnerEditForm(NHSFormMixin, OrganisationFieldsMixin, PartnershipFieldsMixin, forms.Form):
    field_order = [*ORGANISATION_FIELDS, *PARTNERSHIP_FIELDS]

    def clean(self):
        data = super().clean()
        for name, message in (
            ("name", "Enter the organisation's name."),
            ("short_name", "Enter a short name for tables, for example its initials."),
            ("kind", "Choose the kind of organisation."),
        ):
            if not data.get(name):
                self.add_error(name, message)
        return data
