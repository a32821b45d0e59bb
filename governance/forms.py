from collections.abc import Iterable

from django import forms
from django.db import models

from core.forms import DateField, ModelMultipleIdField, NHSFormMixin, ServiceErrorMixin
from governance.models import (
    Action,
    Agreement,
    AgreementVersion,
    Commitment,
    Committee,
    Delegation,
    Meeting,
    Membership,
    Party,
    QuorumRequirement,
    TermsOfReference,
)
from governance.rules import DeputyRule
from partners.models import Organisation, Person


def _time_field() -> forms.TimeField:
    return forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(
            format="%H:%M", attrs={"type": "time", "class": "nhsuk-input nhsuk-input--width-10"}
        ),
        help_text="For example 14:00. Leave blank if not known.",
    )


def _link_field() -> forms.URLField:
    return forms.URLField(
        label="Online link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="For a meeting held online, the link to join it.",
    )


class MeetingForm(NHSFormMixin, forms.Form):
    committee = forms.ModelChoiceField(queryset=None)
    held_on = DateField(label="Date", error_messages={"required": "Enter the date of the meeting"})
    starts_at = _time_field()
    location = forms.CharField(label="Place", max_length=200, required=False)
    link = _link_field()
    # A meeting is cancelled once added, from its page, with the reason: never added cancelled.
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Meeting.Status if s != Meeting.Status.CANCELLED],
        initial=Meeting.Status.SCHEDULED,
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class DeputyForm(NHSFormMixin, forms.Form):
    """Someone attending in place of a member."""

    action = forms.CharField(widget=forms.HiddenInput, initial="deputy")
    person = forms.ModelChoiceField(queryset=None, label="Deputy")
    deputising_for = forms.ModelChoiceField(
        queryset=None,
        label="Deputising for",
        error_messages={"required": "Choose the member they are deputising for"},
    )
    chair_agreed = forms.BooleanField(
        label="The chair agreed to this deputy",
        required=False,
        help_text="Where the terms of reference allow other deputies only with the chair's "
        "agreement.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        system_id = meeting.committee.system_id
        self.fields["person"].queryset = Person.objects.filter(system_id=system_id).select_related(
            "organisation"
        )
        self.fields["deputising_for"].queryset = Membership.objects.filter(
            committee=meeting.committee, role__in=Membership.QUORUM_ROLES
        ).select_related("person__organisation")


class WithdrawalForm(NHSFormMixin, forms.Form):
    given_on = DateField(
        label="Notice given on",
        error_messages={"required": "Enter the date notice was given"},
        help_text="The withdrawal takes effect when the agreement's notice period has run.",
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement


def initial_from(instance: models.Model, form_class: type[forms.Form]) -> dict:
    """The instance's current values for each of the form's fields, to edit it."""
    return {name: getattr(instance, name) for name in form_class.base_fields}


def _text(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CommitteeForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Committee,)
    constraint_fields = {"committee_unique_name": "name"}

    name = forms.CharField(max_length=200)
    short_name = forms.CharField(
        max_length=50,
        required=False,
        help_text="For example, PAG. Used in tables and reports.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
    )
    kind = forms.ChoiceField(choices=Committee.Kind.choices)
    reports_to = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="No other committee"
    )
    stage = forms.ChoiceField(choices=Committee.Stage.choices, initial=Committee.Stage.ESTABLISHED)
    cadence = forms.CharField(
        max_length=100,
        required=False,
        help_text="How often it meets, for example monthly",
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-20"}),
    )
    pack_days_before = forms.IntegerField(
        label="Papers due (days before the meeting)",
        required=False,
        min_value=0,
        max_value=60,
        help_text="When the pack goes out, for example 7. Leave blank for no deadline.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-4"}),
    )
    purpose = forms.CharField(required=False, widget=_text())
    delegated_authority = forms.CharField(
        required=False,
        widget=_text(),
        help_text="What it may decide. Nothing is delegated until it is delegated.",
    )

    def __init__(self, *args, committees: models.QuerySet[Committee], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].queryset = committees
        # A committee stands down on its own page, with the date and why; only one that has
        # stood down keeps the stage here (so a correction does not stand it down by accident).
        if self.initial.get("stage") != Committee.Stage.STOOD_DOWN:
            self.fields["stage"].choices = [
                choice
                for choice in Committee.Stage.choices
                if choice[0] != Committee.Stage.STOOD_DOWN
            ]


class TermsForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """A new version of the terms of reference, with its quorum rule: a minimum present in all
    and a minimum from each named organisation (one number field per partner)."""

    REQUIREMENT_PREFIX = "minimum_"
    constraint_models = (TermsOfReference, QuorumRequirement)
    constraint_fields = {
        "terms_unique_version": "version",
        "terms_unique_effective_from": "effective_from",
        "terms_review_after_effective": "review_on",
        "terms_quorum_fraction_valid": "fraction_denominator",
    }
    aliases = {
        "quorum_minimum_total": "minimum_total",
        "quorum_fraction_numerator": "fraction_numerator",
        "quorum_fraction_denominator": "fraction_denominator",
        "quorum_named_role": "named_role",
        "quorum_chair_or_vice_chair": "chair_or_vice_chair",
    }

    version = forms.CharField(
        max_length=50,
        help_text="For example, 2.1",
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
    )
    effective_from = DateField(label="In force from")
    approved_on = DateField(required=False)
    review_on = DateField(label="Review by", required=False)
    minimum_total = forms.IntegerField(
        label="Minimum members present",
        min_value=0,
        max_value=32767,
        initial=0,
        help_text="In all, from any organisation. 0 if the terms set no overall number.",
    )
    deputies = forms.TypedChoiceField(
        label="Deputies",
        choices=DeputyRule.choices,
        initial=DeputyRule.NOT_COUNTED,
        required=False,
        empty_value=DeputyRule.NOT_COUNTED,
        help_text="Whether a deputy counts in place of the member they attend for.",
    )
    chair_or_vice_chair = forms.BooleanField(
        label="The chair or vice-chair must be present", required=False
    )
    fraction_numerator = forms.IntegerField(
        label="Fraction of members present: numerator",
        required=False,
        min_value=1,
        max_value=100,
        help_text="For example 1 for one third. Leave blank if the terms set no fraction.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-2"}),
    )
    fraction_denominator = forms.IntegerField(
        label="Fraction of members present: denominator",
        required=False,
        min_value=1,
        max_value=100,
        help_text="For example 3 for one third.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-2"}),
    )
    named_role = forms.CharField(
        label="A role that must be present",
        max_length=100,
        required=False,
        help_text="For example clinician: a member whose designation is this role.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-20"}),
    )
    conflicted_not_counted = forms.BooleanField(
        label="A member conflicted on an item does not count towards its quorum",
        required=False,
        help_text="Tick only where the terms say so: a member who declares an interest and "
        "takes no part in an item is then left out of that item's quorum.",
    )
    quorum_text = forms.CharField(
        label="Quorum as written",
        required=False,
        widget=_text(3),
        help_text="The quorum clause, word for word.",
    )

    def __init__(self, *args, organisations: Iterable[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {f"{self.REQUIREMENT_PREFIX}{o.pk}": o for o in organisations}
        for name, organisation in self.organisations.items():
            # Added after NHSFormMixin styled the declared fields, so styled here.
            self.fields[name] = forms.IntegerField(
                label=organisation.name,
                required=False,
                min_value=1,
                max_value=32767,
                widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-2"}),
            )

    def main_fields(self) -> list:
        return [self[name] for name in self.base_fields]

    def requirement_fields(self) -> list:
        return [self[name] for name in self.organisations]

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.base_fields}
        data["requirements"] = {
            organisation: self.cleaned_data[name]
            for name, organisation in self.organisations.items()
            if self.cleaned_data.get(name) is not None
        }
        return data


class MembershipForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Membership,)
    constraint_fields = {"membership_unique": "person"}

    person = forms.ModelChoiceField(queryset=None)
    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Organisation represented",
        empty_label="The person's own organisation",
        help_text="Quorum counts members by the organisation they represent.",
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    role_on_board = forms.CharField(
        label="Role on the committee as written",
        max_length=300,
        required=False,
        help_text="As the membership table gives it, for example SRO Our People.",
    )
    designation = forms.CharField(
        max_length=100,
        required=False,
        help_text="A role the terms of reference may require present, for example clinician.",
    )
    planned = forms.BooleanField(
        label="It is a planned post, not yet appointed to",
        required=False,
        help_text="A planned post is shown as planned and never counted as a member.",
    )

    def __init__(self, *args, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organisation"].queryset = organisations


class DecisionForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    reference = forms.CharField(
        max_length=50, required=False, help_text="As minuted, for example PAG/18/04"
    )
    title = forms.CharField(max_length=300)
    text = forms.CharField(label="Decision as minuted", required=False, widget=_text(6))
    amount_thousands = forms.DecimalField(
        label="Amount (£'000)",
        required=False,
        max_digits=12,
        decimal_places=1,
        help_text="If the decision commits money, in thousands of pounds",
        widget=forms.NumberInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-10", "step": "0.1"}
        ),
    )


class ActionForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    description = forms.CharField(widget=_text(3))
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="Not yet assigned")
    due_on = DateField(label="Due by", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class ActionCompleteForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    completed_on = DateField(label="Completed on")


class AgreementForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Agreement,)
    constraint_fields = {
        "agreement_unique_title": "title",
        "agreement_expires_after_effective": "expires_on",
    }

    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Agreement.Kind.choices)
    status = forms.ChoiceField(
        label="Recorded status",
        choices=Agreement.Status.choices,
        initial=Agreement.Status.DRAFT,
        help_text="An agreement past its expiry date shows as expired whatever is recorded here.",
    )
    effective_on = DateField(label="In effect from", required=False)
    expires_on = DateField(label="Expires on", required=False)
    review_on = DateField(label="Review by", required=False)
    withdrawal_notice_days = forms.IntegerField(
        label="Withdrawal notice (calendar days)",
        required=False,
        min_value=0,
        max_value=32767,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-4"}),
    )
    expiry = forms.CharField(
        label="Expiry as written",
        required=False,
        widget=_text(),
        help_text="When and how it ends or may be extended, in the agreement's words",
    )
    variation = forms.CharField(
        label="How it may be varied",
        required=False,
        widget=_text(),
        help_text="The variation clause, in the agreement's words",
    )
    report_recipients = forms.CharField(
        label="The chair's monthly report goes to",
        max_length=200,
        required=False,
        help_text='In the agreement\'s words, for example "Monitor and NHS(E)"',
    )
    report_recipients_clause = forms.CharField(
        label="Where it says so", max_length=200, required=False
    )
    source = forms.CharField(
        max_length=300, required=False, help_text="Where the signed document is kept"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An agreement is ended on its own page, with the date and why; only one already
        # ended keeps the status here (so correcting it does not end or revive it by accident).
        if self.initial.get("status") != Agreement.Status.TERMINATED:
            self.fields["status"].choices = [
                choice
                for choice in Agreement.Status.choices
                if choice[0] != Agreement.Status.TERMINATED
            ]


class PartyForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Party,)
    constraint_fields = {"party_once_per_agreement": "organisation"}

    organisation = forms.ModelChoiceField(queryset=None)
    scope = forms.CharField(
        max_length=200,
        required=False,
        help_text="For example, Appendix 1 only. Leave blank if it is party to the whole "
        "agreement.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PartySignForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Party,)
    constraint_fields = {"party_signed_by_someone": "signatory"}

    signatory = forms.ModelChoiceField(
        queryset=None,
        label="Signed by",
        error_messages={"required": "Choose the person who signed it"},
    )
    signed_on = DateField(label="Signed on")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = people


class CommitmentForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Commitment,)
    constraint_fields = {"commitment_unique_number": "number"}

    number = forms.IntegerField(
        min_value=1,
        max_value=32767,
        help_text="Its number in the agreement",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-3"}),
    )
    text = forms.CharField(label="Commitment", widget=_text())
    owners = ModelMultipleIdField(
        queryset=None,
        required=False,
        label="Organisations answerable for it",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = organisations


class VersionForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (AgreementVersion,)
    constraint_fields = {"agreement_version_unique": "number"}

    number = forms.CharField(
        label="Version",
        max_length=20,
        help_text="For example, 1.2",
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-5"}),
    )
    issued_on = DateField(label="Issued on", required=False)
    author = forms.CharField(max_length=200, required=False)
    note = forms.CharField(required=False, widget=_text(3), help_text="What changed")


# Corrections and withdrawals. A correction's reason is optional and kept in the record's
# history (whose column holds 100 characters); a withdrawal, a cancellation or a standing down
# needs one, kept on the record as well.
REASON_HELP = "Optional. Kept in the history of changes with the old values."


def _reason(required: bool = False, label: str = "Reason for the change") -> forms.CharField:
    if required:
        return forms.CharField(
            label=label,
            max_length=1000,
            widget=_text(3),
            error_messages={"required": "Give the reason: it is kept with the record."},
        )
    return forms.CharField(label=label, max_length=100, required=False, help_text=REASON_HELP)


class MeetingEditForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Meeting,)
    constraint_fields = {"meeting_one_per_committee_day": "held_on"}

    held_on = DateField(label="Date", error_messages={"required": "Enter the date of the meeting"})
    starts_at = _time_field()
    location = forms.CharField(label="Place", max_length=200, required=False)
    link = _link_field()
    status = forms.ChoiceField(choices=Meeting.Status.choices)
    notes = forms.CharField(required=False, widget=_text(3))
    reason = forms.CharField(
        label="Reason for the change",
        max_length=1000,
        required=False,
        widget=_text(2),
        help_text="Optional, unless you are cancelling the meeting. Kept in the history of "
        "changes with the old values.",
    )


class ReasonForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """Cancel or withdraw a record: it is kept, labelled, with the reason."""

    reason = _reason(required=True, label="Reason")


class DecisionEditForm(DecisionForm):
    reason = _reason()


class ActionEditForm(ActionForm):
    constraint_models = (Action,)
    constraint_fields = {"action_completed_when_done": "completed_on"}

    status = forms.ChoiceField(
        choices=Action.Status.choices,
        help_text="To reopen a done action, choose Open: its completion date is cleared.",
    )
    completed_on = DateField(label="Completed on", required=False, help_text="For a done action.")
    reason = _reason()


class MembershipDatesForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Membership,)
    constraint_fields = {"membership_ends_after_start": "ended_on"}

    started_on = DateField(label="Started on", required=False)
    ended_on = DateField(label="Ended on", required=False, help_text="Blank while they serve.")
    reason = _reason()


class StandDownForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Membership,)
    constraint_fields = {"membership_ends_after_start": "ended_on"}

    ended_on = DateField(
        label="Stood down on",
        help_text="Their last day as a member.",
        error_messages={"required": "Enter the date they stood down."},
    )
    reason = _reason(required=True, label="Reason")


class CommitteeStandDownForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Committee,)
    constraint_fields = {"committee_stood_down_with_reason": "reason"}

    stood_down_on = DateField(
        label="Stood down on",
        help_text="Its last day. It is kept with its meetings and decisions.",
        error_messages={"required": "Enter the date it stood down."},
    )
    reason = _reason(required=True, label="Why is it standing down?")


# Agreements, their parties' signatures, commitments and delegations, corrected and ended.
class AgreementEditForm(AgreementForm):
    reason = _reason()


class AgreementEndForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    terminated_on = DateField(
        label="Ended on",
        help_text="The agreement's last day in effect.",
        error_messages={"required": "Enter the date the agreement ended."},
    )
    reason = _reason(required=True, label="Why it ended")


class SignatureEditForm(PartySignForm):
    reason = _reason()


class CommitmentEditForm(CommitmentForm):
    reason = _reason()


class DelegationForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    constraint_models = (Delegation,)
    constraint_fields = {"delegation_in_effect_has_date": "effective_from"}

    from_organisation = forms.ModelChoiceField(
        queryset=None,
        label="Delegated by",
        help_text="A statutory body in this system.",
        error_messages={"required": "Choose the statutory body delegating it"},
    )
    functions = forms.CharField(label="Functions delegated", widget=_text())
    status = forms.ChoiceField(
        choices=[
            (Delegation.Status.PROPOSED, Delegation.Status.PROPOSED.label),
            (Delegation.Status.IN_EFFECT, Delegation.Status.IN_EFFECT.label),
        ],
        initial=Delegation.Status.PROPOSED,
        help_text="Nothing is delegated until the delegation is in effect.",
    )
    effective_from = DateField(
        label="In effect from", required=False, help_text="Needed once it is in effect."
    )
    source = forms.CharField(
        max_length=300, required=False, help_text="The scheme of delegation or board paper"
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_organisation"].queryset = organisations.filter(statutory=True)


class DelegationEditForm(DelegationForm):
    reason = _reason()


class RevokeForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    revoked_on = DateField(
        label="Revoked from",
        help_text="The first day it no longer applies.",
        error_messages={"required": "Enter the date the delegation is revoked from."},
    )
    reason = _reason(required=True, label="Reason")
