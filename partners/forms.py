"""The partners' own forms: people, an organisation with its partnership, access, and the
security events page's filters."""

from django import forms
from django.contrib.auth import get_user_model

from core import authz
from core.audit import display_name
from core.forms import DateField, NHSFormMixin
from core.models import SecurityEvent
from partners.models import Organisation, Partnership


class PersonForm(NHSFormMixin, forms.Form):
    name = forms.CharField(max_length=200, required=False)
    title = forms.CharField(
        label="Post", max_length=200, required=False, help_text="For example, Chief Executive"
    )
    organisation = forms.ModelChoiceField(queryset=None, required=False)
    email = forms.EmailField(required=False, label="Email address")
    user = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Signs in as",
        empty_label="No account linked",
        help_text="The account of this person, among those with access to this system. Linked, "
        "a member sees their committees' confidential business.",
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=Partnership.objects.filter(system=system).values("organisation_id")
        )
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=authz.current_accesses().filter(system=system).values("user_id"))
            .order_by("username")
        )
        self.fields["user"].label_from_instance = _account_label

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("title"):
            self.add_error(
                "name", "Enter the person's name, or their post if the name is not known."
            )
        return data


def _account_label(user) -> str:
    name = display_name(user)
    return f"{name} ({user.email})" if user.email and user.email != name else name


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


class RoleFieldsMixin(forms.Form):
    """A role in the system and, for a partner lead, the organisation they lead: only this
    system's partners and the roles the user may grant are offered."""

    role = forms.ChoiceField(choices=(), required=False)
    organisation = forms.ModelChoiceField(
        label="Organisation they lead",
        queryset=None,
        required=False,
        empty_label="Choose an organisation",
        help_text="Only for a partner lead",
    )

    def __init__(self, *args, system, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role"), *roles]
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=Partnership.objects.filter(system=system).values("organisation_id")
        ).order_by("name")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if not role:
            self.add_error("role", "Choose a role.")
        elif authz.role_needs_organisation(role) and not data.get("organisation"):
            self.add_error("organisation", "Choose the organisation a partner lead leads.")
        return data


class InvitationForm(NHSFormMixin, RoleFieldsMixin, forms.Form):
    email = forms.EmailField(label="Email address", required=False)
    field_order = ["email", "role", "organisation"]

    def clean(self):
        data = super().clean()
        if not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter their email address, like name@example.nhs.uk.")
        return data


class AccessChangeForm(NHSFormMixin, RoleFieldsMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for the change (optional)",
        max_length=200,
        required=False,
        help_text="Kept in the access's history",
    )


class AccessEndForm(NHSFormMixin, forms.Form):
    ends_on = DateField(
        label="Date their access ends",
        required=False,
        help_text="From this day they can no longer see the system. Today ends it now.",
    )
    reason = forms.CharField(
        label="Why is their access ending?",
        max_length=200,
        required=False,
        help_text="For example, left the organisation or moved to another post",
    )

    def clean(self):
        data = super().clean()
        if not data.get("ends_on") and "ends_on" not in self.errors:
            self.add_error("ends_on", "Enter the date their access ends.")
        if not data.get("reason", "").strip():
            self.add_error("reason", "Say why their access is ending.")
        return data


class InvitationRevokeForm(NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the invitation being revoked?", max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("reason", "").strip():
            self.add_error("reason", "Say why the invitation is being revoked.")
        return data


class AccessReviewForm(NHSFormMixin, forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what was changed or ended as a result of the review",
    )


class SecurityEventFilterForm(NHSFormMixin, forms.Form):
    """The security events page's filters (GET): a kind, a person (who acted or was affected)
    and a range of dates, each day whole. A date that is not one is said next to its field."""

    kind = forms.ChoiceField(
        label="What happened", choices=[("", "Anything"), *SecurityEvent.Kind.choices]
    )
    person = forms.ChoiceField(label="Person", help_text="Who acted, or whom it was about.")
    from_date = DateField(label="From")
    to_date = DateField(label="To")

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone"), *((str(pk), n) for pk, n in people)]
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("from_date"), data.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", "The end date must be the same as or after the start date")
        return data

    def filters(self) -> dict:
        """The valid filters chosen; an invalid one is left out (and said on the page)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
