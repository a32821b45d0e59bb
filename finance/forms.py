"""Forms for finance pages. Validation of the record itself stays in finance.services."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from core import authz
from core.forms import DateField, NHSFormMixin, ServiceErrorMixin
from finance.models import (
    ControlTotal,
    CostShare,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    FundDrawdown,
)
from finance.services import POSITION_FIGURES, position_cell
from finance.templatetags.finance_format import money
from partners.models import Organisation, Partnership

# NHS financial years run April to March, so the months are offered in that order.
MONTHS = [
    (number, date(2000, number, 1).strftime("%B")) for number in (*range(4, 13), *range(1, 4))
]
MONEY_HINT = "For a deficit use a minus sign or brackets, for example -1,500 or (1,500)."
# Digits, in groups of three if commas are used, and an optional fraction: "20,691", "20691.5".
AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# Minus signs a spreadsheet or a word processor may paste in place of the hyphen.
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def month_in_year(year: FinancialYear, number: int) -> date | None:
    """The first day of the month ``number`` that falls within ``year``, if any."""
    month = year.starts_on.replace(day=1)
    while month <= year.ends_on:
        if month.month == number:
            return month
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return None


def parse_amount(text: str) -> Decimal:
    """An amount as finance papers print it: ``20,691``, ``-20,691``, ``(20,691)`` (brackets
    for a deficit) or ``£20,691``; anything else (two signs, misplaced commas) is refused."""
    text = text.strip().translate(MINUS_SIGNS).removeprefix("£").strip()
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    if text.startswith("-"):
        if negative:
            raise ValueError(text)
        negative, text = True, text[1:].strip()
    text = text.removeprefix("£").strip()
    if not AMOUNT.fullmatch(text):
        raise ValueError(text)
    return -Decimal(text.replace(",", "")) if negative else Decimal(text.replace(",", ""))


class AmountField(forms.DecimalField):
    """An amount in £'000 typed as a finance paper prints it (see ``parse_amount``)."""

    default_error_messages = {"invalid": "Enter an amount, for example 1,500, -1,500 or (1,500)."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, str) and value:
            try:
                value = parse_amount(value[:100])
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


def money_field(label: str, **kwargs) -> AmountField:
    return AmountField(label=label, help_text=MONEY_HINT, **kwargs)


class MonthlyPositionForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """An organisation's monthly position; the organisation is one of the system's partners."""

    # The record's own rules (one position per organisation and month) are about the month.
    general_field = "month"

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label="Choose an organisation"
    )
    year = forms.ModelChoiceField(
        label="Financial year", queryset=FinancialYear.objects.order_by("-starts_on")
    )
    month = forms.TypedChoiceField(label="Month reported on", choices=MONTHS, coerce=int)
    ytd_plan = money_field("Year-to-date plan (£'000)")
    ytd_actual = money_field("Year-to-date actual (£'000)")
    forecast_outturn = money_field("Forecast outturn for the year (£'000)")

    def __init__(self, *args, user, system, **kwargs):
        super().__init__(*args, **kwargs)
        partners = authz.scoped(user, Partnership).filter(system=system)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=partners.values("organisation_id")
        ).order_by("name")

    def clean(self):
        data = super().clean()
        year, number = data.get("year"), data.get("month")
        if year is not None and number is not None:
            month = month_in_year(year, number)
            if month is None:
                self.add_error("month", f"Choose a month in the financial year {year}.")
            else:
                data["month"] = month
        return data


POSITION_LABELS = {
    "ytd_plan": "Year-to-date plan",
    "ytd_actual": "Year-to-date actual",
    "forecast_outturn": "Forecast outturn",
}


class MonthChoiceForm(NHSFormMixin, forms.Form):
    """Which month's positions the grid shows (read from the query string)."""

    year = forms.ModelChoiceField(
        label="Financial year",
        queryset=FinancialYear.objects.order_by("-starts_on"),
        to_field_name="label",
        empty_label=None,
    )
    month = forms.TypedChoiceField(label="Month", choices=MONTHS, coerce=int)

    def clean(self):
        data = super().clean()
        year, number = data.get("year"), data.get("month")
        if year is not None and number is not None:
            data["month"] = month_in_year(year, number)
        return data


class PositionGridForm(NHSFormMixin, forms.Form):
    """One month's positions, a row of figures per organisation; ``rows`` gives the template
    each organisation with its cells. A row left blank records nothing; a recorded position
    is corrected, never blanked."""

    reason = forms.CharField(
        label="Reason for any correction (optional)",
        required=False,
        max_length=300,
        help_text="Kept in the history of each position you change.",
    )

    def __init__(self, *args, organisations, recorded, **kwargs):
        self.organisations, self.recorded = list(organisations), recorded
        initial = {}
        for organisation in self.organisations:
            position = recorded.get(organisation.pk)
            for field in POSITION_FIGURES:
                if position is not None:  # shown as the pages print it, e.g. (1,750)
                    initial[position_cell(field, organisation)] = money(getattr(position, field))
        self.base_fields = {
            position_cell(field, organisation): AmountField(
                label=f"{label} for {organisation.name} (£'000)", required=False
            )
            for organisation in self.organisations
            for field, label in POSITION_LABELS.items()
        } | {"reason": self.base_fields["reason"]}
        super().__init__(*args, initial=initial, **kwargs)

    def rows(self) -> list[tuple[Organisation, list]]:
        return [
            (o, [self[position_cell(field, o)] for field in POSITION_FIGURES])
            for o in self.organisations
        ]

    def clean(self):
        data = super().clean()
        figures = {}
        for organisation in self.organisations:
            cells = {f: position_cell(f, organisation) for f in POSITION_FIGURES}
            if any(cell in self.errors for cell in cells.values()):
                continue
            values = {f: data.get(cell) for f, cell in cells.items()}
            given = {f: v for f, v in values.items() if v is not None}
            if not given and organisation.pk not in self.recorded:
                continue
            for field, cell in cells.items():
                if field in given:
                    continue
                if organisation.pk in self.recorded:
                    message = "A recorded position is corrected, not blanked: give this figure."
                else:
                    message = (
                        f"Give the {POSITION_LABELS[field].lower()} too, or leave the row blank."
                    )
                self.add_error(cell, message)
            if len(given) == len(POSITION_FIGURES):
                figures[organisation] = given
        data["figures"] = figures
        return data


class _RecordForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """A control total or efficiency plan: new (``organisation`` and ``year`` chosen) or
    corrected (``editing``: the figures only, and an optional reason)."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label="Choose an organisation"
    )
    year = forms.ModelChoiceField(
        label="Financial year", queryset=FinancialYear.objects.order_by("-starts_on")
    )
    reason = forms.CharField(
        label="Reason for the correction (optional)",
        required=False,
        max_length=300,
        help_text="Kept in the record's history with the old figures.",
    )
    general_field = "organisation"

    def __init__(self, *args, user, system, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"], self.fields["year"]
            self.general_field = None
            return
        del self.fields["reason"]
        partners = authz.scoped(user, Partnership).filter(system=system)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=partners.values("organisation_id")
        ).order_by("name")

    @property
    def figures(self) -> list:
        return [
            self[name] for name in self.fields if name not in ("organisation", "year", "reason")
        ]


OPTIONAL_SUPPORT = "Leave blank if there is none."


class ControlTotalForm(_RecordForm):
    constraint_models = (ControlTotal,)
    constraint_fields = {"control_total_unique": "organisation"}

    allocation_or_income = money_field("Allocation (commissioners) or income (providers) (£'000)")
    plan_surplus_deficit = money_field("Plan surplus or (deficit) before support (£'000)")
    psf = money_field("PSF (£'000)", required=False)
    frf = money_field("FRF (£'000)", required=False)
    mret = money_field("MRET (£'000)", required=False)
    support_not_split = money_field("PSF/CSF/FRF/MRET given as one figure (£'000)", required=False)
    source = forms.CharField(label="Source (optional)", required=False, max_length=300)

    def clean(self):
        data = super().clean()
        for name in ("psf", "frf", "mret", "support_not_split"):
            if name in data and data[name] is None:
                data[name] = Decimal(0)  # the model's "none given"
        return data


class EfficiencyPlanForm(_RecordForm):
    constraint_models = (EfficiencyPlan,)
    constraint_fields = {
        "efficiency_plan_unique": "organisation",
        "efficiency_plan_positive_denominator": "denominator",
    }

    recurrent = money_field("Recurrent efficiencies (£'000)")
    non_recurrent = money_field("Non-recurrent efficiencies (£'000)")
    denominator = money_field(
        "Denominator for the percentage (£'000)",
    )
    source = forms.CharField(label="Source (optional)", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "denominator"
        ].help_text = "Allocation for a commissioner, income or spend for a provider."


class WithdrawForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    general_field = "reason"
    prefix = "withdraw"  # its page also has the correction form, with its own reason

    reason = forms.CharField(
        label="Why is it being withdrawn?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is being withdrawn."},
    )


# Finance sits beside governance, not on it: its committees and decisions are reached through
# the fields that name them.
Committee = Fund._meta.get_field("decided_by").related_model
Decision = FundDrawdown._meta.get_field("decision").related_model


def _partners(user, system):
    partners = authz.scoped(user, Partnership).filter(system=system)
    return Organisation.objects.filter(pk__in=partners.values("organisation_id")).order_by("name")


CORRECTION_REASON = "Kept in the record's history with the old details."


class _CorrectableForm(NHSFormMixin, ServiceErrorMixin, forms.Form):
    """A record new or corrected (``editing``): a correction drops ``fixed`` (what the record
    is about, which a correction never changes) and adds an optional reason."""

    fixed: tuple[str, ...] = ()

    reason = forms.CharField(
        label="Reason for the correction (optional)",
        required=False,
        max_length=300,
        help_text=CORRECTION_REASON,
    )

    def __init__(self, *args, user, system, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            for name in self.fixed:
                del self.fields[name]
            if self.general_field in self.fixed:
                self.general_field = None
        else:
            del self.fields["reason"]
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = _partners(user, system)
        self.setup(user, system)

    def setup(self, user, system) -> None:
        """Limit the choices to the system's (as each form needs)."""

    @property
    def details(self) -> list:
        return [self[name] for name in self.fields if name != "reason"]


class FundForm(_CorrectableForm):
    constraint_models = (Fund,)
    constraint_fields = {"fund_unique_name": "name"}
    general_field = "name"

    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Fund.Kind.choices)
    year = forms.ModelChoiceField(
        label="Financial year (optional)",
        queryset=FinancialYear.objects.order_by("-starts_on"),
        required=False,
        help_text="Leave blank for a fund not tied to one year.",
    )
    decided_by = forms.ModelChoiceField(
        label="Spending decided by (optional)",
        queryset=None,
        required=False,
        empty_label="No committee decides",
        help_text="The committee whose decision every drawdown needs (its gateway).",
    )
    gateway = forms.CharField(
        label="Gateway process (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How spending is decided, in the source's words.",
    )
    source = forms.CharField(label="Source (optional)", required=False, max_length=300)

    def setup(self, user, system):
        self.fields["decided_by"].queryset = authz.scoped(user, Committee).filter(system=system)


def _amount(label="Amount (£'000)"):
    return AmountField(label=label, min_value=0)


class FundContributionForm(_CorrectableForm):
    fixed = ("organisation",)
    organisation = forms.ModelChoiceField(
        label="Contributed by",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that contributed"},
    )
    amount = _amount()


class FundAllocationForm(_CorrectableForm):
    fixed = ("organisation",)
    organisation = forms.ModelChoiceField(
        label="For (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not split by organisation",
    )
    amount = _amount()
    purpose = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FundDrawdownForm(_CorrectableForm):
    fixed = ("organisation", "decision")
    organisation = forms.ModelChoiceField(
        label="For (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not for one organisation",
    )
    decision = forms.ModelChoiceField(
        label="Approved by the decision",
        queryset=None,
        empty_label="Choose a decision",
        error_messages={"required": "Choose the decision that approved it"},
    )
    amount = _amount()
    purpose = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    drawn_on = DateField(label="Drawn on")

    def setup(self, user, system):
        if "decision" in self.fields:
            self.fields["decision"].queryset = (
                authz.scoped(user, Decision)
                .filter(meeting__committee__system=system)
                .select_related("meeting")
                .order_by("-meeting__held_on", "title")
            )
            self.fields["decision"].label_from_instance = lambda d: (
                f"{d.title} ({d.meeting.held_on:%-d %b %Y})"
            )


def share_cell(organisation: Organisation) -> str:
    return f"share-{organisation.pk}"


class CostShareForm(_CorrectableForm):
    """A cost-sharing split: its details and a percentage per partner (blank: not in the split),
    which must add up to 100%. The total's message is shown next to the first share."""

    constraint_models = (CostShare,)
    constraint_fields = {"cost_share_unique_name": "name"}
    general_field = "name"

    name = forms.CharField(max_length=200)
    year = forms.ModelChoiceField(
        label="Financial year (optional)",
        queryset=FinancialYear.objects.order_by("-starts_on"),
        required=False,
    )
    source = forms.CharField(label="Source (optional)", required=False, max_length=300)

    def setup(self, user, system):
        self.organisations = list(_partners(user, system))
        for organisation in self.organisations:
            self.fields[share_cell(organisation)] = forms.DecimalField(
                label=f"{organisation.name} (%)",
                required=False,
                min_value=0,
                max_value=100,
                max_digits=6,
                decimal_places=3,
                widget=forms.TextInput(
                    attrs={"class": "nhsuk-input--width-4", "inputmode": "decimal"}
                ),
            )
        if self.organisations:
            self.aliases = {"lines": share_cell(self.organisations[0])}
        if "reason" in self.fields:  # last, after the shares
            self.fields["reason"] = self.fields.pop("reason")

    @property
    def details(self) -> list:
        return [self[name] for name in ("name", "year", "source")]

    @property
    def shares(self) -> list:
        return [self[share_cell(o)] for o in self.organisations]

    def clean(self):
        data = super().clean()
        lines = []
        for organisation in self.organisations:
            value = data.pop(share_cell(organisation), None)
            if value is not None:
                lines.append((organisation, value))
        data["lines"] = lines
        return data
